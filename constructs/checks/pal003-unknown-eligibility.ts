/**
 * PAL003 (warning): a role the Partner Center PEC table does not list, so whether it earns
 * credit is unknown (custom roles, and built-in roles newer than the table).
 */
import { PecRoleAssignments } from "../pec-role-assignments";
import { PalRule } from "./rule";
import { RULE_IDS } from "./rule-ids";

export const unknownEligibility: PalRule = {
  id: RULE_IDS.unknownEligibility,
  severity: "warning",
  acknowledgeable: true,
  title: "Roles should have a known PEC eligibility",
  check(node) {
    if (!(node instanceof PecRoleAssignments)) return undefined;
    return node.roles
      .filter((r) => r.pecEligible === undefined)
      .map(
        (r) =>
          `${r.name} (${r.id}) is not in the Partner Center PEC table, so it may earn no credit. ` +
          "Make sure the principal also holds a listed PEC-eligible role such as Support Request Contributor",
      );
  },
};
