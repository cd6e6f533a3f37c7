/**
 * PAL014 (warning): a scope's subscription ID equals the principal's tenant ID. A subscription's
 * ID and its directory's tenant ID are different GUIDs (Azure portal: Subscriptions > Directory
 * shows both), so this is nearly always one pasted in place of the other; the plan then fails at
 * sign-in or assigns roles in the wrong place.
 */
import { Token } from "cdktf";
import { PecRoleAssignments } from "../pec-role-assignments";
import { PalRule } from "./rule";
import { RULE_IDS } from "./rule-ids";

export const tenantIdIsSubscriptionId: PalRule = {
  id: RULE_IDS.tenantIdIsSubscriptionId,
  severity: "warning",
  acknowledgeable: true,
  title: "A tenant ID is not also used as a subscription ID",
  check(node) {
    if (!(node instanceof PecRoleAssignments)) return undefined;
    const tenant = (node.principal as { tenantId?: string }).tenantId; // an ICustomerPrincipal has one
    if (tenant === undefined || Token.isUnresolved(tenant)) return [];
    return node.scopes
      .filter((s) => s.subscriptionId !== undefined && s.subscriptionId === tenant.toLowerCase())
      .map((s) => `scope ${s.id} uses the tenant ID ${tenant} as its subscription ID: a subscription and its tenant have different IDs. Check tenantId (Entra ID > Overview > Tenant ID) and the subscription ID (Subscriptions)`);
  },
};
