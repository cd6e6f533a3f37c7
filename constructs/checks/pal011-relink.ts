/**
 * PAL011 (warning): `relink: true` lets the link stack re-point a principal's link from another
 * partner ID to this one (`PATCH`, PAL-RULES.md §1). That moves the recognition of the customer's
 * Azure consumption away from the other partner; it is right for a partner-ID change or for taking
 * over a link someone else made, and worth a second look everywhere else.
 */
import { ManagementPartnerLink } from "../management-partner-link";
import { PalRule } from "./rule";
import { RULE_IDS } from "./rule-ids";

export const relinkAllowed: PalRule = {
  id: RULE_IDS.relinkAllowed,
  severity: "warning",
  acknowledgeable: true,
  title: "relink: true re-points a principal's link from another partner ID",
  check(node) {
    if (!(node instanceof ManagementPartnerLink)) return undefined;
    if (!node.relink) return [];
    return [
      `relink is on for ${node.node.path}: if the principal is linked to another partner ID, the next apply re-points it to ${node.partnerId.value} (PATCH) ` +
        `and that partner stops being recognised for this customer. Keep it for a partner-ID change or a link you take over, then turn it off, ` +
        `or acknowledge ${RULE_IDS.relinkAllowed} with the reason`,
    ];
  },
};
