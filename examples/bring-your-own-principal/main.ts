/**
 * Bring your own principal: a service principal that already exists in the customer tenant
 * (created by hand, by another tool, or earlier) gets PEC roles and the link, and nothing is
 * created for it. Because its client ID is a literal, known before any apply, the roles and the
 * link can share one stack: the azurerm provider runs as the customer admin, the azapi provider
 * that links runs as the existing principal (OIDC).
 *
 * In a pipeline both sign in with the same OIDC token: ARM_CLIENT_ID is the admin's app for the
 * azurerm provider, while the link provider's client_id is set explicitly to the principal's, and
 * both apps trust the pipeline's subject. (With a client secret instead of OIDC, keep the manifest's
 * two stacks: ARM_CLIENT_SECRET cannot serve two identities.)
 *
 *   cdktf deploy contoso-byo
 */
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { App, TerraformStack } from "cdktf";
import { CustomerPrincipal, ManagementPartnerLink, PalChecks, PecRoleAssignments } from "pal-kit";

const CUSTOMER_TENANT = "11111111-1111-1111-1111-111111111111";
const CUSTOMER_SUBSCRIPTION = "22222222-2222-2222-2222-222222222222";

/** Builds the example into `app`: one stack with roles and link for an existing principal. */
export function buildBringYourOwnPrincipal(app: App): TerraformStack {
  const stack = new TerraformStack(app, "contoso-byo");
  new AzurermProvider(stack, "azurerm", { features: [{}], subscriptionId: CUSTOMER_SUBSCRIPTION, tenantId: CUSTOMER_TENANT });

  const principal = CustomerPrincipal.fromExisting(stack, "principal", {
    clientId: "33333333-3333-3333-3333-333333333333", // the existing app registration's client ID
    objectId: "44444444-4444-4444-4444-444444444444", // its service principal's (enterprise application's) object ID
    tenantId: CUSTOMER_TENANT,
    signIn: { method: "oidc" },
  });
  new PecRoleAssignments(stack, "roles", { principal, scopes: [`/subscriptions/${CUSTOMER_SUBSCRIPTION}`], nameSeed: "contoso" });
  new ManagementPartnerLink(stack, "link", { principal, partnerId: "1234567" });
  return stack;
}

if (require.main === module) {
  const app = new App();
  buildBringYourOwnPrincipal(app);
  PalChecks.addTo(app); // the PAL policy rules run at synth; errors stop it
  app.synth();
}
