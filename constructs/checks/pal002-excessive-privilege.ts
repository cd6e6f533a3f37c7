/**
 * PAL002 (error unless acknowledged): a role far beyond what recognition needs. Owner, User Access
 * Administrator and Role Based Access Control Administrator can grant access to anyone;
 * Contributor at management-group scope can change every subscription below it. Support Request
 * Contributor earns the same credit (PAL-RULES.md §3).
 *
 * Also the PEC-eligible roles that are **admin-equivalent**: each lets its holder reach data or
 * identities beyond the role's name (the actions are those Microsoft Learn "Azure built-in roles"
 * lists for the role; the reason is in {@link ADMIN_EQUIVALENT_ROLES}).
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
/**
 * PEC-eligible roles that amount to administrator access (all in constructs/data/pec-roles.json as
 * eligible), by GUID, with why. Source for each: Microsoft Learn "Azure built-in roles" (the role's
 * actions / dataActions) and, where named, the page cited.
 */
export const ADMIN_EQUIVALENT_ROLES: Record<string, { name: string; reason: string }> = {
  "f25e0fa2-a7c8-4377-a976-54943a77a395": {
    name: "Key Vault Contributor",
    reason:
      "it can write the vault's access policies (Microsoft.KeyVault/vaults/write), so with the access-policy permission model it can grant itself every secret, key and certificate (Learn, \"Azure Key Vault security\": Contributor-type roles can grant themselves data-plane access)",
  },
  "b7e6dc6d-f1e8-4753-8033-0f276bb0955b": {
    name: "Storage Blob Data Owner",
    reason: "it reads, writes and deletes every blob and sets POSIX ACLs and ownership (dataActions Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*)",
  },
  "e40ec5ca-96e0-45a2-b4ff-59039f2c2b59": {
    name: "Managed Identity Contributor",
    reason:
      "it can add federated identity credentials to user-assigned identities (Microsoft.ManagedIdentity/userAssignedIdentities/*), then sign in as any of them and use all of their role assignments",
  },
  "0ab0b1a8-8aac-4efd-b8c2-3ee1fb270be8": {
    name: "Azure Kubernetes Service Cluster Admin Role",
    reason: "it lists the cluster-admin credential (Microsoft.ContainerService/managedClusters/listClusterAdminCredential/action): full control of every cluster's workloads and secrets",
  },
  "1c0163c0-47e6-4577-8991-ea5c82e286e4": {
    name: "Virtual Machine Administrator Login",
    reason: "it signs in to virtual machines as administrator (dataAction Microsoft.Compute/virtualMachines/loginAsAdmin/action): full control of each machine and of its managed identity",
  },
  "c12c1c16-33a1-487b-954d-41c89c60f349": {
    name: "Reader and Data Access",
    reason: "it lists storage account keys (Microsoft.Storage/storageAccounts/listKeys/action), and an account key is full access to all data in the account",
  },
  "92aaf0da-9dab-42b6-94a3-d43ce8d16293": {
    name: "Log Analytics Contributor",
    reason:
      "it installs virtual machine extensions (Microsoft.Compute/virtualMachines/extensions/*), which run code as SYSTEM/root on the machines, and lists storage account keys (Microsoft.Storage/storageAccounts/listKeys/action)",
  },
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
      } else if (ADMIN_EQUIVALENT_ROLES[role.id]) {
        const { name, reason } = ADMIN_EQUIVALENT_ROLES[role.id];
        messages.push(
          `${name} on ${scope.id} is admin-equivalent: ${reason}. Recognition does not need it: Support Request Contributor earns the same credit. ` +
            `Remove ${name}, or acknowledge ${RULE_IDS.excessivePrivilege} with the customer's reason`,
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
