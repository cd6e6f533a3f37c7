/**
 * PAL022 (error, not acknowledgeable): User Access Administrator in a Lighthouse authorization is
 * only for assigning roles to managed identities and needs `delegatedRoleDefinitionIds` (Microsoft
 * Learn "Tenants, users, and roles in Azure Lighthouse"; ManagedServices 2022-10-01 `Authorization`).
 */
import { userAccessAdministratorProblems } from "../lighthouse-authorization";
import { LighthouseDelegation } from "../lighthouse-delegation";
import { PalRule } from "./rule";
import { RULE_IDS } from "./rule-ids";

export const lighthouseUserAccessAdministrator: PalRule = {
  id: RULE_IDS.lighthouseUserAccessAdministrator,
  severity: "error",
  acknowledgeable: false,
  fixInstead: "list delegatedRoles (roles it may assign to managed identities) with User Access Administrator, or remove it",
  title: "User Access Administrator in Lighthouse has delegated roles, for managed identities only",
  check(node) {
    if (!(node instanceof LighthouseDelegation)) return undefined;
    return node.authorizations.flatMap((a) => userAccessAdministratorProblems(a).map((p) => `authorization for ${a.principalDisplayName ?? a.principalId}: ${p}`));
  },
};
