/**
 * PAL013 (error): two customers name the same existing principal (same tenant and object ID).
 * A principal has one partner link (PAL-RULES.md §1: one partner ID per principal), so the two
 * customers' work is credited together and to whichever partner ID was linked last; and
 * destroying one customer's link unlinks the other. Usually a copy-paste mistake; when one
 * principal really serves two manifest entries (one customer under two names), acknowledge it.
 */
import { ManagementPartnerLink } from "../management-partner-link";
import { customerOf } from "./fleet-index";
import { PalRule } from "./rule";
import { RULE_IDS } from "./rule-ids";

export const sharedExistingPrincipal: PalRule = {
  id: RULE_IDS.sharedExistingPrincipal,
  severity: "error",
  acknowledgeable: true,
  title: "Each customer links its own principal",
  check(node, { index }) {
    if (!(node instanceof ManagementPartnerLink)) return undefined;
    const others = index.linksOfOtherCustomers(node);
    if (others.length === 0) return [];
    const names = [...new Set(others.map((l) => customerOf(l) ?? l.node.path))].sort();
    return [
      `the principal ${node.principal.objectId} is also linked for ${names.map((n) => `"${n}"`).join(", ")}: one principal has one partner link, ` +
        "so their work is credited together, to whichever partner ID was linked last, and removing one link unlinks both. " +
        "Give each customer its own principal (check credential.objectId), or acknowledge PAL013 in each of them",
    ];
  },
};
