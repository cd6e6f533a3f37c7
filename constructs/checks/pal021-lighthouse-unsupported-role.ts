/**
 * PAL021 (error, not acknowledgeable): a role Azure Lighthouse does not accept in an authorization:
 * Owner, roles with DataActions, roles with Microsoft.Authorization write/delete (Microsoft Learn
 * "Tenants, users, and roles in Azure Lighthouse"). Azure rejects the whole delegation.
 */
import { unsupportedRoleProblem } from "../lighthouse-authorization";
import { LighthouseDelegation } from "../lighthouse-delegation";
import { PalRule } from "./rule";
import { RULE_IDS } from "./rule-ids";

export const lighthouseUnsupportedRole: PalRule = {
  id: RULE_IDS.lighthouseUnsupportedRole,
  severity: "error",
  acknowledgeable: false,
  fixInstead: "choose a role Lighthouse supports (e.g. Contributor): Azure rejects a delegation with Owner or such roles",
  title: "Lighthouse authorizations use only roles Lighthouse supports (no Owner)",
  check(node) {
    if (!(node instanceof LighthouseDelegation)) return undefined;
    return [...node.authorizations, ...node.eligibleAuthorizations]
      .map((a) => ({ a, problem: unsupportedRoleProblem(a.role) }))
      .filter((x) => x.problem !== undefined)
      .map(({ a, problem }) => `authorization for ${a.principalDisplayName ?? a.principalId}: ${problem}`);
  },
};
