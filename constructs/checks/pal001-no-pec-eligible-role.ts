/**
 * PAL001 (error): a linked principal holds no PEC-eligible role, so the link earns nothing.
 * Reader alone is not eligible (PAL-RULES.md §3).
 */
import { ManagementPartnerLink } from "../management-partner-link";
import { PalRule } from "./rule";
import { RULE_IDS } from "./rule-ids";

export const noPecEligibleRole: PalRule = {
  id: RULE_IDS.noPecEligibleRole,
  severity: "error",
  acknowledgeable: false,
  fixInstead: "add a PEC-eligible role such as Support Request Contributor: a link without one earns nothing",
  title: "A linked principal must hold at least one PEC-eligible role",
  check(node, { index }) {
    if (!(node instanceof ManagementPartnerLink)) return undefined;
    const assignments = index.assignmentsOf(node.principal, node);
    if (assignments.length === 0) return []; // no roles at all: PAL007 reports it
    const roles = assignments.flatMap((a) => a.roles);
    if (roles.some((r) => r.pecEligible === true)) return [];
    const names = [...new Set(roles.map((r) => r.name))].join(", ");
    return [
      `the linked principal holds no PEC-eligible role (it has: ${names}), so the link earns no partner credit. ` +
        "Add a PEC-eligible role such as Support Request Contributor (the kit's default with Reader)",
    ];
  },
};
