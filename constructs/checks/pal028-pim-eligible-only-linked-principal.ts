/**
 * PAL028 (error, not acknowledgeable): a linked principal's PEC-eligible role must be an active
 * (permanent) assignment, never PIM-eligible only: recognition counts active assignments only
 * (PAL-RULES.md §3).
 */
import { PimEligibleRoleAssignments } from "../pim-eligible-role-assignments";
import { PalRule } from "./rule";
import { RULE_IDS } from "./rule-ids";

export const pimEligibleOnlyLinkedPrincipal: PalRule = {
  id: RULE_IDS.pimEligibleOnlyLinkedPrincipal,
  severity: "error",
  acknowledgeable: false,
  fixInstead: "assign the linked principal's PEC-eligible role permanently (PecRoleAssignments); PIM eligibility earns nothing while inactive",
  title: "A linked principal holds its PEC-eligible role actively, not only as PIM-eligible",
  check(node, { index }) {
    if (!(node instanceof PimEligibleRoleAssignments)) return undefined;
    if (index.linksOf(node.principal).length === 0) return [];
    const permanent = index.assignmentsOf(node.principal).flatMap((a) => a.roles);
    if (permanent.some((r) => r.pecEligible === true)) return [];
    const eligible = node.roles.filter((r) => r.pecEligible === true).map((r) => r.name);
    return [
      `the linked principal's PEC-eligible role${eligible.length === 1 ? "" : "s"} (${eligible.join(", ") || node.roles.map((r) => r.name).join(", ")}) ` +
        "are only PIM-eligible: recognition counts active assignments only, so the link earns nothing while they are not activated. Assign Support Request Contributor permanently",
    ];
  },
};
