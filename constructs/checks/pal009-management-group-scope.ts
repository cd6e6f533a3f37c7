/**
 * PAL009 (info): a management-group scope covers every subscription below it, now and in future,
 * which is usually intended but worth knowing when the customer reorganises.
 */
import { PecRoleAssignments } from "../pec-role-assignments";
import { PalRule } from "./rule";
import { RULE_IDS } from "./rule-ids";

export const managementGroupScope: PalRule = {
  id: RULE_IDS.managementGroupScope,
  severity: "info",
  acknowledgeable: true,
  title: "Management-group scopes cover every subscription below them",
  check(node) {
    if (!(node instanceof PecRoleAssignments)) return undefined;
    return node.scopes
      .filter((s) => s.kind === "managementGroup")
      .map((s) => `scope ${s.id} covers every subscription below management group ${s.managementGroupId}, including ones added later`);
  },
};
