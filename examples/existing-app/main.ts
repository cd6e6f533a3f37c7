/**
 * Adding PAL to an existing CDKTF app: a platform stack that already manages a customer's
 * resources gets the customer's PAL principal and PEC roles next to its own resources, and a small
 * second stack makes the link signed in as that principal (it cannot be the same stack: see the
 * README, "Why two stacks").
 *
 *   cdktf deploy platform platform-pal-link
 */
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { CustomerPrincipal, FederatedCredential, ManagementPartnerLink, PalChecks, PecRoleAssignments, RoleScope } from "pal-kit";
import { synthesizeApp } from "pal-kit/stacks";

const CUSTOMER_TENANT = "11111111-1111-1111-1111-111111111111";
const CUSTOMER_SUBSCRIPTION = "22222222-2222-2222-2222-222222222222";
const PARTNER_ID = "1234567";

/** The app's own stack: its resources, plus the customer's PAL principal and roles. */
export class PlatformStack extends TerraformStack {
  /** The customer's PAL principal, for the link stack. */
  public readonly principal: CustomerPrincipal;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AzurermProvider(this, "azurerm", { features: [{}], subscriptionId: CUSTOMER_SUBSCRIPTION, tenantId: CUSTOMER_TENANT });
    new AzureadProvider(this, "azuread", { tenantId: CUSTOMER_TENANT });

    // What the app already managed.
    const appRg = new ResourceGroup(this, "app-rg", { name: "rg-app", location: "westeurope" });

    // PAL: a dedicated principal, signed in from GitHub Actions (environment "pal-contoso")...
    this.principal = new CustomerPrincipal(this, "pal-principal", {
      customerName: "contoso",
      tenantId: CUSTOMER_TENANT,
      partnerId: PARTNER_ID,
      credential: FederatedCredential.githubActions({ repository: "contoso-msp/platform", environment: "pal-contoso" }),
    });
    // ...with Reader + Support Request Contributor on the resource group this stack creates.
    new PecRoleAssignments(this, "pal-roles", {
      principal: this.principal,
      scopes: [RoleScope.resourceGroup(CUSTOMER_SUBSCRIPTION, "rg-app")],
      nameSeed: "contoso",
      dependsOn: [appRg],
    });
  }
}

/** Builds the example into `app`: the platform stack and its link stack. */
export function buildExistingApp(app: App): { platform: PlatformStack; link: TerraformStack } {
  const platform = new PlatformStack(app, "platform");
  const link = new TerraformStack(app, "platform-pal-link");
  new ManagementPartnerLink(link, "pal-link", { principal: platform.principal, partnerId: PARTNER_ID });
  return { platform, link };
}

if (require.main === module) {
  // Like `new App()` + `app.synth()`, but `cdktf synth --hcl` writes HCL that Terraform accepts.
  synthesizeApp((app) => {
    buildExistingApp(app);
    PalChecks.addTo(app); // after the stacks: the PAL policy rules; an unacknowledged error fails synth
  });
}
