/**
 * PAL024 (error, not acknowledgeable): an eligible authorization names at most ten approvers, each
 * a user or group of the managing tenant (Microsoft Learn "Create eligible authorizations").
 */
import { approverProblems } from "../lighthouse-authorization";
import { LighthouseDelegation } from "../lighthouse-delegation";
import { PalRule } from "./rule";
import { RULE_IDS } from "./rule-ids";

export const lighthouseApprovers: PalRule = {
  id: RULE_IDS.lighthouseApprovers,
  severity: "error",
  acknowledgeable: false,
  fixInstead: "name at most ten approvers, users or groups only (a group of approvers counts as one)",
  title: "Just-in-time approvers: at most ten, users or groups",
  check(node) {
    if (!(node instanceof LighthouseDelegation)) return undefined;
    return node.eligibleAuthorizations.flatMap((e) => approverProblems(e).map((p) => `eligible authorization for ${e.principalDisplayName ?? e.principalId}: ${p}`));
  },
};
