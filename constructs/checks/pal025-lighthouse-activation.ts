/**
 * PAL025 (error, not acknowledgeable): the maximum activation of an eligible authorization is from
 * 30 minutes to 8 hours (ISO 8601), and the MFA provider is "Azure" or "None" (Microsoft Learn
 * "Create eligible authorizations"; ManagedServices 2022-10-01 `JustInTimeAccessPolicy`).
 */
import { activationProblems } from "../lighthouse-authorization";
import { LighthouseDelegation } from "../lighthouse-delegation";
import { PalRule } from "./rule";
import { RULE_IDS } from "./rule-ids";

export const lighthouseActivation: PalRule = {
  id: RULE_IDS.lighthouseActivation,
  severity: "error",
  acknowledgeable: false,
  fixInstead: "set maximumActivationDuration between PT30M and PT8H and multiFactorAuthProvider to Azure or None",
  title: "Just-in-time activation lasts 30 minutes to 8 hours",
  check(node) {
    if (!(node instanceof LighthouseDelegation)) return undefined;
    return node.eligibleAuthorizations.flatMap((e) => activationProblems(e).map((p) => `eligible authorization for ${e.principalDisplayName ?? e.principalId}: ${p}`));
  },
};
