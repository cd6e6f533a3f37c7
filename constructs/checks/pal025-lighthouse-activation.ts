/**
 * PAL025 (error, not acknowledgeable): the maximum activation of an eligible authorization is from
 * 30 minutes to 8 hours (ISO 8601), and the MFA provider is "Azure" or "None" (Microsoft Learn
 * "Create eligible authorizations"; ManagedServices 2022-10-01 `JustInTimeAccessPolicy`). To
 * activate in the portal, the principal also needs a permanent (Reader-type) authorization on the
 * same delegation (same page).
 */
import { activationProblems, portalElevationProblem } from "../lighthouse-authorization";
import { LighthouseDelegation } from "../lighthouse-delegation";
import { PalRule } from "./rule";
import { RULE_IDS } from "./rule-ids";

export const lighthouseActivation: PalRule = {
  id: RULE_IDS.lighthouseActivation,
  severity: "error",
  acknowledgeable: false,
  fixInstead: "set maximumActivationDuration between PT30M and PT8H, multiFactorAuthProvider to Azure or None, and give the principal a permanent Reader authorization",
  title: "Just-in-time activation lasts 30 minutes to 8 hours, for a principal that can reach the delegation",
  check(node) {
    if (!(node instanceof LighthouseDelegation)) return undefined;
    return node.eligibleAuthorizations.flatMap((e) =>
      [...activationProblems(e), e.principalType === "ServicePrincipal" ? undefined : portalElevationProblem(e, node.authorizations)].filter((p): p is string => p !== undefined).map((p) => `eligible authorization for ${e.principalDisplayName ?? e.principalId}: ${p}`),
    );
  },
};
