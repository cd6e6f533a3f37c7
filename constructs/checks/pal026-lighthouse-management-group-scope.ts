/**
 * PAL026 (error, not acknowledgeable): Lighthouse delegates subscriptions and resource groups; a
 * management group is onboarded subscription by subscription (PAL-RULES.md §5; Microsoft Learn
 * "Onboard a customer to Azure Lighthouse").
 */
import { LighthouseDelegation } from "../lighthouse-delegation";
import { PalRule } from "./rule";
import { RULE_IDS } from "./rule-ids";

export const lighthouseManagementGroupScope: PalRule = {
  id: RULE_IDS.lighthouseManagementGroupScope,
  severity: "error",
  acknowledgeable: false,
  fixInstead: "list the subscriptions below the management group instead: Lighthouse onboards per subscription",
  title: "Lighthouse delegations are per subscription, not per management group",
  check(node) {
    if (!(node instanceof LighthouseDelegation)) return undefined;
    return node.managementGroupScopes.map(
      (s) => `scope ${s.id} is a management group, which Lighthouse cannot delegate as such: list its subscriptions (one delegation each) instead`,
    );
  },
};
