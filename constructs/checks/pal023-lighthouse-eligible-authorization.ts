/**
 * PAL023 (error, not acknowledgeable): an eligible authorization cannot be for a service principal
 * or of User Access Administrator (Microsoft Learn "Create eligible authorizations").
 */
import { eligibleAuthorizationProblems } from "../lighthouse-authorization";
import { LighthouseDelegation } from "../lighthouse-delegation";
import { PalRule } from "./rule";
import { RULE_IDS } from "./rule-ids";

export const lighthouseEligibleAuthorization: PalRule = {
  id: RULE_IDS.lighthouseEligibleAuthorization,
  severity: "error",
  acknowledgeable: false,
  fixInstead: "make the eligible authorization for a user or group, with a role other than User Access Administrator",
  title: "Eligible authorizations are for users or groups, never User Access Administrator",
  check(node) {
    if (!(node instanceof LighthouseDelegation)) return undefined;
    return node.eligibleAuthorizations.flatMap((e) => eligibleAuthorizationProblems(e).map((p) => `eligible authorization for ${e.principalDisplayName ?? e.principalId}: ${p}`));
  },
};
