/**
 * Stacks that use the construct options the manifest never sets, so that Terraform-core
 * validation (`npm run validate`, __tests__/terraform-core.test.ts) covers them too: a principal
 * without the deployer as owner, a secret that does not wait for propagation, a link without the
 * sign-in precondition, sent by an aliased provider beside a default one, with unlink on destroy.
 */
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { App, TerraformStack } from "cdktf";
import { CustomerPrincipal } from "../constructs/customer-principal";
import { ManagementPartnerLink } from "../constructs/management-partner-link";
import { PecRoleAssignments } from "../constructs/pec-role-assignments";
import { PrincipalAzapiProvider } from "../constructs/principal-azapi-provider";
import { RoleScope } from "../constructs/role-scope";
import { fakeGuid } from "./generate-fleet";

/** Adds the library-options stacks to `app` and returns them. */
export function addLibraryOptionStacks(app: App): TerraformStack[] {
  const tenantId = fakeGuid(0x11b, 1);
  const subscription = fakeGuid(0x11b, 2);

  const identity = new TerraformStack(app, "library-identity");
  new AzureadProvider(identity, "azuread", { tenantId });
  new AzurermProvider(identity, "azurerm", { features: [{}], tenantId, subscriptionId: subscription, resourceProviderRegistrations: "none" });
  const principal = new CustomerPrincipal(identity, "principal", {
    customerName: "library",
    tenantId,
    partnerId: "1234567",
    credential: { type: "password", lifetime: "48h" },
    includeDeployerAsOwner: false,
    owners: [fakeGuid(0x11b, 3)],
  });
  new PecRoleAssignments(identity, "roles", {
    principal,
    scopes: [RoleScope.subscription(subscription), RoleScope.managementGroup("mg-library")],
    roles: ["Reader", "Support Request Contributor", "Cost Management Contributor"],
  });

  const link = new TerraformStack(app, "library-link");
  // A default azapi provider the stack uses for something else, and the aliased one that links.
  new PrincipalAzapiProvider(link, "default-azapi", { principal: CustomerPrincipal.fromExisting(link, "other", { clientId: fakeGuid(0x11b, 4), objectId: fakeGuid(0x11b, 5), tenantId }) });
  const linking = new PrincipalAzapiProvider(link, "pal-azapi", { principal, alias: "pal" });
  new ManagementPartnerLink(link, "partner-link", { principal, partnerId: "7654321", provider: linking, verifySignIn: false, deleteOnDestroy: true });
  link.addDependency(identity);
  return [identity, link];
}
