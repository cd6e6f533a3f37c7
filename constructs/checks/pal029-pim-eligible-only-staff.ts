/**
 * PAL029 (info): staff whose PEC-eligible roles are all PIM-eligible earn recognition only while a
 * role is active: a month has 730 hours (Azure's billing month), so Contributor activated 8 hours
 * a month earns 8/730, about 1% (PAL-RULES.md §3).
 */
import { StaffAccess } from "../staff-access";
import { PalRule } from "./rule";
import { RULE_IDS } from "./rule-ids";

/** The hours of a month in Azure billing. */
export const HOURS_PER_MONTH = 730;

export const pimEligibleOnlyStaff: PalRule = {
  id: RULE_IDS.pimEligibleOnlyStaff,
  severity: "info",
  acknowledgeable: true,
  title: "Staff with only PIM-eligible PEC roles earn a fraction of the month",
  check(node) {
    if (!(node instanceof StaffAccess)) return undefined;
    const eligiblePec = node.eligibleRoles.filter((r) => r.pecEligible === true);
    if (eligiblePec.length === 0 || node.permanentRoles.some((r) => r.pecEligible === true)) return [];
    return [
      `staff ${node.objectId} hold PEC-eligible roles (${eligiblePec.map((r) => r.name).join(", ")}) only as PIM-eligible: a linked user among them is recognised only while a role is active, ` +
        `e.g. 8 hours a month earns 8/${HOURS_PER_MONTH} (${((8 / HOURS_PER_MONTH) * 100).toFixed(1)}%) of the month. Keep Support Request Contributor permanent (the default permanentRoles)`,
    ];
  },
};
