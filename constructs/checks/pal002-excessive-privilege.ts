/**
 * PAL002 (error unless acknowledged): a role far beyond what recognition needs. Owner, User Access
 * Administrator and Role Based Access Control Administrator can grant access to anyone;
 * Contributor at management-group scope can change every subscription below it. Support Request
 * Contributor earns the same credit (PAL-RULES.md §3).
 */
import { PecRoleAssignments } from "../pec-role-assignments";
import { PalRule } from "./rule";
import { RULE_IDS } from "./rule-ids";

/** Roles that are never needed for recognition, by GUID. */
export const PRIVILEGED_ROLE_IDS: Record<string, string> = {
  "8e3af657-a8ff-443c-a75c-2fe8c4bcb635": "Owner",
  "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9": "User Access Administrator",
  "f58310d9-a9f6-439a-9e8d-f62e7b41a168": "Role Based Access Control Administrator",
};
/** Contributor: acceptable on a subscription or below, excessive on a management group. */
export const CONTRIBUTOR_ROLE_ID = "b24988ac-6180-42a0-ab88-20f7382dd24c";

export const excessivePrivilege: PalRule = {
  id: RULE_IDS.excessivePrivilege,
  severity: "error",
  acknowledgeable: true,
  title: "No role beyond least privilege for recognition, unless acknowledged",
  check(node) {
    if (!(node instanceof PecRoleAssignments)) return undefined;
    const messages: string[] = [];
    for (const { role, scope } of node.assignments) {
      if (PRIVILEGED_ROLE_IDS[role.id]) {
        messages.push(
          `${role.name} on ${scope.id} lets the partner's principal grant access to anyone: far beyond what recognition needs. ` +
            `Support Request Contributor earns the same credit. Remove ${role.name}, or acknowledge ${RULE_IDS.excessivePrivilege} with the customer's reason`,
        );
      } else if (role.id === CONTRIBUTOR_ROLE_ID && scope.kind === "managementGroup") {
        messages.push(
          `Contributor on management group ${scope.managementGroupId} can change every subscription below it. ` +
            `Assign Contributor on the subscriptions you manage, use Support Request Contributor, or acknowledge ${RULE_IDS.excessivePrivilege} with the customer's reason`,
        );
      }
    }
    return messages;
  },
};
