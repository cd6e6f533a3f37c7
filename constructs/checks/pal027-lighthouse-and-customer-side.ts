/**
 * PAL027 (warning): the same customer is reached through Lighthouse and through a customer-side
 * PAL principal (same tenant, or the same subscription). Both routes link, to the same or to
 * different partner IDs: two things to keep alive and two answers to "who is recognised here".
 */
import { LighthouseDelegation } from "../lighthouse-delegation";
import { PalRule } from "./rule";
import { RULE_IDS } from "./rule-ids";

export const lighthouseAndCustomerSide: PalRule = {
  id: RULE_IDS.lighthouseAndCustomerSide,
  severity: "warning",
  acknowledgeable: true,
  title: "A customer is either Lighthouse or customer-side, not both",
  check(node, { index }) {
    if (!(node instanceof LighthouseDelegation)) return undefined;
    const subscriptions = new Set(node.subscriptions.map((s) => s.subscriptionId));
    const overlaps = index.allAssignments.filter((p) => {
      const tenant = (p.principal as { tenantId?: unknown }).tenantId;
      return (node.customerTenantId !== undefined && tenant === node.customerTenantId) || p.scopes.some((s) => s.subscriptionId && subscriptions.has(s.subscriptionId));
    });
    return overlaps.map(
      (p) =>
        `this customer is delegated through Lighthouse and also has a customer-side PAL principal (${p.node.path}). Pick one route: ` +
        "Lighthouse (no identity in the customer tenant, one link in yours) or the customer-side principal (a link per customer); with both, recognition depends on two setups",
    );
  },
};
