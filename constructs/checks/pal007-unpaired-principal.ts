/**
 * PAL007 (error): a principal with roles that is never linked earns nothing for the partner, and
 * a link whose principal has no roles is recognised for nothing. Both halves belong together.
 */
import { ManagementPartnerLink } from "../management-partner-link";
import { PecRoleAssignments } from "../pec-role-assignments";
import { PalRule } from "./rule";
import { RULE_IDS } from "./rule-ids";

export const unpairedPrincipal: PalRule = {
  id: RULE_IDS.unpairedPrincipal,
  severity: "error",
  acknowledgeable: true,
  title: "Every principal with roles is linked, and every linked principal has roles",
  check(node, { index }) {
    if (node instanceof PecRoleAssignments) {
      return index.linksOf(node.principal, node).length > 0
        ? []
        : ["the principal is assigned roles but never linked to a partner ID, so its work earns no credit. Add a ManagementPartnerLink for it"];
    }
    if (node instanceof ManagementPartnerLink) {
      // A managing-tenant principal's roles are the Lighthouse authorizations that name it.
      return index.assignmentsOf(node.principal, node).length > 0 || index.delegationsAuthorizing(node.principal).length > 0
        ? []
        : ["the principal is linked but has no role assignments, so nothing is recognised. Give it PEC-eligible roles with PecRoleAssignments"];
    }
    return undefined;
  },
};
