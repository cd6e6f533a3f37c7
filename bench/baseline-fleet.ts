/**
 * The bench's baseline: the straightforward CDKTF implementation of the kit's contract, for
 * comparison only (never shipped). Same input (PAL_CONFIG, CDKTF_OUTDIR), same two stacks per
 * customer with the same resources and references - `<customer>-identity` (azurerm + azuread
 * providers, application, service principal, federated credential or rotating password, one role
 * assignment per scope and role, client_id/object_id outputs) and `<customer>-link` (azapi
 * provider signed in with the identity stack's client ID through a cross-stack reference,
 * signed-in data source, terraform_data, the PUT action with its pre/postconditions, optional
 * DELETE on destroy, five outputs) - written with plain provider (L1) classes: one App, one
 * synth, no validation, no policy checks, no staging, no batching or workers.
 */
import { Application } from "@cdktf/provider-azuread/lib/application";
import { ApplicationFederatedIdentityCredential } from "@cdktf/provider-azuread/lib/application-federated-identity-credential";
import { ApplicationPasswordA } from "@cdktf/provider-azuread/lib/application-password";
import { DataAzureadClientConfig } from "@cdktf/provider-azuread/lib/data-azuread-client-config";
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { ServicePrincipal } from "@cdktf/provider-azuread/lib/service-principal";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import { Rotating } from "@cdktf/provider-time/lib/rotating";
import { Sleep } from "@cdktf/provider-time/lib/sleep";
import { App, Fn, LocalBackend, Op, TerraformOutput, TerraformSelf, TerraformStack } from "cdktf";
import { createHash } from "crypto";
import * as fs from "fs";
import { parse } from "yaml";
import { DataAzapiClientConfig } from "../constructs/azapi/data-azapi-client-config";
import { AzapiProvider } from "../constructs/azapi/provider";
import { ResourceAction } from "../constructs/azapi/resource-action";
import { TerraformData } from "../constructs/internal/terraform-data";

type Customer = Record<string, any>;

const ROLE_IDS: Record<string, string> = {
  Reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
  "Support Request Contributor": "cfd33db0-3dd1-45e3-aa9d-cdbdf3b6f24e",
  "Monitoring Contributor": "749f88d5-cbae-40b8-bcfc-e573ddc772fa",
};

function guidOf(text: string): string {
  const h = createHash("sha1").update(text).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

interface Identity {
  readonly stack: TerraformStack;
  readonly clientId: string;
  readonly objectId: string;
  readonly clientSecret?: string;
}

function identityStack(app: App, c: Customer, partnerId: string): Identity {
  const stack = new TerraformStack(app, `${c.name}-identity`);
  new LocalBackend(stack, { path: `../../../terraform.${c.name}-identity.tfstate` });
  new AzurermProvider(stack, "azurerm", { features: [{}], tenantId: c.tenantId, subscriptionId: c.subscriptionId, resourceProviderRegistrations: "none" });
  let clientId: string;
  let objectId: string;
  let clientSecret: string | undefined;
  let dependsOn: Sleep | undefined;
  const cred = c.credential;
  if (cred.type === "none") {
    clientId = cred.clientId;
    objectId = cred.objectId;
  } else {
    new AzureadProvider(stack, "azuread", { tenantId: c.tenantId });
    const deployer = new DataAzureadClientConfig(stack, "deployer");
    const application = new Application(stack, "application", {
      displayName: `PAL (Partner Admin Link) for Contoso MSP - ${c.name}`,
      notes: `Partner Admin Link principal for partner ID ${partnerId}.`,
      owners: [deployer.objectId],
      signInAudience: "AzureADMyOrg",
    });
    const sp = new ServicePrincipal(stack, "service-principal", { clientId: application.clientId, owners: [deployer.objectId], notes: `Partner Admin Link principal for partner ID ${partnerId}.` });
    if (cred.type === "password") {
      new TimeProvider(stack, "time");
      const rotation = new Rotating(stack, "rotation", { rotationDays: 15 });
      const secret = new ApplicationPasswordA(stack, "secret", {
        applicationId: application.id,
        displayName: "pal-link",
        endDate: Fn.timeadd(rotation.rfc3339, cred.lifetime),
        rotateWhenChanged: { rotation: rotation.id },
      });
      dependsOn = new Sleep(stack, "propagation", { createDuration: "60s", triggers: { secret: secret.keyId }, dependsOn: [secret] });
      clientSecret = secret.value;
    } else {
      const devops = cred.azureDevOps;
      new ApplicationFederatedIdentityCredential(stack, "federated", {
        applicationId: application.id,
        displayName: "pal",
        audiences: ["api://AzureADTokenExchange"],
        issuer: devops ? `https://vstoken.dev.azure.com/${devops.organizationId}` : "https://token.actions.githubusercontent.com",
        subject: devops ? `sc://${devops.organization}/${devops.project}/${devops.serviceConnection}` : `repo:${cred.github.repository}:environment:${cred.github.environment.replace("{customer}", c.name)}`,
      });
    }
    clientId = application.clientId;
    objectId = sp.objectId;
  }
  for (const scope of c.scopes as string[]) {
    for (const role of c.roles as string[]) {
      new RoleAssignment(stack, `${scope}-${role}`, {
        name: guidOf(`${c.name}/${scope}/${role}`),
        scope,
        roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${ROLE_IDS[role]}`,
        principalId: objectId,
        principalType: "ServicePrincipal",
        skipServicePrincipalAadCheck: true,
        ...(dependsOn ? { dependsOn: [dependsOn] } : {}),
      });
    }
  }
  new TerraformOutput(stack, "client_id", { value: clientId });
  new TerraformOutput(stack, "object_id", { value: objectId });
  return { stack, clientId, objectId, clientSecret };
}

function linkStack(app: App, c: Customer, partnerId: string, identity: Identity): void {
  const stack = new TerraformStack(app, `${c.name}-link`);
  new LocalBackend(stack, { path: `../../../terraform.${c.name}-link.tfstate` });
  const cred = c.credential;
  const oidc = cred.type !== "password" && !(cred.type === "none" && cred.signIn === "environment");
  const provider = new AzapiProvider(stack, "azapi", { clientId: identity.clientId, tenantId: c.tenantId, useOidc: oidc, ...(identity.clientSecret ? { clientSecret: identity.clientSecret } : {}), useCli: false, useMsi: false, useAksWorkloadIdentity: false });
  const signedIn = new DataAzapiClientConfig(stack, "signed-in", { provider });
  const principal = new TerraformData(stack, "principal", { input: { object_id: identity.objectId, tenant_id: c.tenantId } });
  const resourceId = `/providers/Microsoft.ManagementPartner/partners/${partnerId}`;
  const type = "Microsoft.ManagementPartner/partners@2018-02-01";
  const retry = { errorMessageRegex: ["AADSTS7000215"] };
  const link = new ResourceAction(stack, "link", {
    provider,
    type,
    resourceId,
    method: "PUT",
    responseExportValues: { object_id: "properties.objectId", tenant_id: "properties.tenantId", partner_id: "properties.partnerId", partner_name: "properties.partnerName", state: "properties.state" },
    retry,
    lifecycle: {
      replaceTriggeredBy: [principal.reference],
      precondition: [
        {
          condition: Op.and(Op.eq(Fn.lower(signedIn.objectId), Fn.lower(identity.objectId)), Op.eq(Fn.lower(signedIn.tenantId), Fn.lower(c.tenantId))),
          errorMessage: "The azapi provider is not signed in as the PAL principal of this customer.",
        },
      ],
      postcondition: [
        {
          condition: Op.and(
            Op.eq(Fn.lower(TerraformSelf.getString("output.object_id")), Fn.lower(identity.objectId)),
            Op.eq(Fn.lower(TerraformSelf.getString("output.tenant_id")), Fn.lower(c.tenantId)),
          ),
          errorMessage: "Azure linked the partner ID to a different principal or tenant.",
        },
      ],
    },
  });
  if (c.deleteLinkOnDestroy) new ResourceAction(stack, "unlink-on-destroy", { provider, type, resourceId, method: "DELETE", when: "destroy", retry, dependsOn: [link] });
  for (const key of ["object_id", "tenant_id", "partner_id", "partner_name", "state"]) {
    new TerraformOutput(stack, key, { value: Fn.lookup(link.output, key) });
  }
  stack.addDependency(identity.stack);
}

function main(): void {
  const manifest = parse(fs.readFileSync(process.env.PAL_CONFIG as string, "utf8"));
  const app = new App({ outdir: process.env.CDKTF_OUTDIR || "cdktf.out", stackTraces: false, hclOutput: false });
  for (const raw of manifest.customers as Customer[]) {
    const c: Customer = { roles: manifest.defaults.roles, credential: manifest.defaults.credential, ...raw };
    c.credential = { type: "federated", ...manifest.defaults.credential, ...c.credential };
    const partnerId = c.partnerId ?? manifest.partnerId;
    linkStack(app, c, partnerId, identityStack(app, c, partnerId));
  }
  app.synth();
}

main();
