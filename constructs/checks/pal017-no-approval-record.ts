/**
 * PAL017 (warning; an error with `policy: { requireApproval: true }`): a customer has no recorded
 * approval of the link. Microsoft's PAL guidance: "Clearly explain the purpose and benefits of PAL
 * to customers, and document their approval for compliance" (Microsoft Learn, "Link a partner ID
 * to your account that's used to manage customers"). The customer transparency pack
 * (cdktf.out/customers/<customer>.md) is what to hand over; record the answer as `approval:`.
 */
import { CustomerApproval } from "../customer-approval";
import { customerOf } from "./fleet-index";
import { PalRule } from "./rule";
import { RULE_IDS } from "./rule-ids";

export const noApprovalRecord: PalRule = {
  id: RULE_IDS.noApprovalRecord,
  severity: "warning",
  severityOf: (node) => (node instanceof CustomerApproval && node.required ? "error" : "warning"),
  acknowledgeable: true,
  title: "Every customer's approval of the link is recorded",
  check(node) {
    if (!(node instanceof CustomerApproval)) return undefined;
    if (node.approval) return [];
    const pack = `cdktf.out/customers/${customerOf(node) ?? "<customer>"}.html`;
    return [
      `no approval of the Partner Admin Link is recorded for this customer: give the customer its transparency pack (${pack}), then record the answer as approval: { by: <who>, date: <YYYY-MM-DD>, reference: <ticket> }`,
    ];
  },
};
