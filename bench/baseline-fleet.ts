/**
 * The bench's baseline: the straightforward CDKTF implementation of the kit's contract, for
 * comparison only (never shipped). Same input (PAL_CONFIG, CDKTF_OUTDIR), same two stacks per
 * customer with the same resources and references - `<customer>-identity` (azurerm + azuread
 * providers, application, service principal, federated credential or rotating password, one role
 * assignment per scope and role, client_id/object_id outputs) and `<customer>-link` (azapi
 * provider signed in with the identity stack's client ID through a cross-stack reference,
 * signed-in data source, the two read-backs of the link, their locals, the principal and repair
 * terraform_data, the action whose method follows the read-back with its pre/postconditions, the
 * drift check, DELETE on destroy or its removed block, five outputs; an existing principal's two
 * plan-time lookups) - written with plain provider (L1) classes: one App, one synth, no
 * validation, no policy checks, no literal escaping, no staging, no batching or workers.
 */
import { Application } from "@cdktf/provider-azuread/lib/application";
import { ApplicationFederatedIdentityCredential } from "@cdktf/provider-azuread/lib/application-federated-identity-credential";
import { ApplicationPasswordA } from "@cdktf/provider-azuread/lib/application-password";
import { DataAzureadClientConfig } from "@cdktf/provider-azuread/lib/data-azuread-client-config";
import { DataAzureadServicePrincipal } from "@cdktf/provider-azuread/lib/data-azuread-service-principal";
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { ServicePrincipal } from "@cdktf/provider-azuread/lib/service-principal";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import { Rotating } from "@cdktf/provider-time/lib/rotating";
import { Sleep } from "@cdktf/provider-time/lib/sleep";
import { App, Fn, LocalBackend, Op, TerraformLocal, TerraformOutput, TerraformSelf, TerraformStack, Token } from "cdktf";
import { createHash } from "crypto";
import * as fs from "fs";
import { parse } from "yaml";
import { DataAzapiClientConfig } from "../constructs/azapi/data-azapi-client-config";
import { DataAzapiResource } from "../constructs/azapi/data-azapi-resource";
import { AzapiProvider } from "../constructs/azapi/provider";
import { ResourceAction } from "../constructs/azapi/resource-action";
import { TerraformCheck, TerraformRemoved } from "../constructs/internal/terraform-blocks";
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
    new AzureadProvider(stack, "azuread", { tenantId: c.tenantId });
    const byClientId = new DataAzureadServicePrincipal(stack, "by-client-id", { clientId });
    new DataAzureadServicePrincipal(stack, "by-object-id", {
      objectId,
      lifecycle: {
        precondition: [{ condition: Op.eq(Fn.lower(byClientId.objectId), Fn.lower(objectId)), errorMessage: `The service principal of client ID ${clientId} has another object ID.` }],
        postcondition: [
          { condition: Op.eq(TerraformSelf.getString("type"), "Application"), errorMessage: "Not an Application service principal." },
          { condition: Op.eq(Fn.lower(TerraformSelf.getString("client_id")), Fn.lower(clientId)), errorMessage: "Another app's object ID." },
        ],
      },
    });
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
        name: guidOf(`customer/${c.name}/tenant/${c.tenantId}/partner/${partnerId}/${scope}/${role}`),
        scope,
        roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${ROLE_IDS[role]}`,
        principalId: objectId,
        principalType: "ServicePrincipal",
        skipServicePrincipalAadCheck: true,
        ...(dependsOn ? { dependsOn: [dependsOn] } : {}),
        lifecycle: { ignoreChanges: ["name"] },
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
  const resourceId = `/providers/Microsoft.ManagementPartner/partners/${partnerId}`;
  const type = "Microsoft.ManagementPartner/partners@2018-02-01";
  const retry = { errorMessageRegex: ["AADSTS7000215"] };
  const exportValues = { object_id: "properties.objectId", tenant_id: "properties.tenantId", partner_id: "properties.partnerId", partner_name: "properties.partnerName", state: "properties.state" };
  const byId = new DataAzapiResource(stack, "read-back", { provider, type, resourceId, ignoreNotFound: true, responseExportValues: exportValues, retry });
  const caller = new DataAzapiResource(stack, "caller-link", { provider, type: "Microsoft.ManagementPartner@2018-02-01", parentId: "/", name: "Microsoft.ManagementPartner/partners", ignoreNotFound: true, responseExportValues: exportValues, retry });
  const found = (key: string) =>
    new TerraformLocal(stack, `found-${key}`, Fn.conditional(caller.exists, Fn.try([caller.interpolationForAttribute(`output.${key}`), ""]), Fn.try([byId.interpolationForAttribute(`output.${key}`), ""]))).asString;
  const foundPartnerId = found("partner_id");
  const foundState = found("state");
  const status = new TerraformLocal(
    stack,
    "status",
    Fn.conditional(Op.not(Op.or(caller.exists, byId.exists)), "absent", Fn.conditional(Op.neq(Fn.lower(foundState), "active"), "deleted", Fn.conditional(Op.eq(Fn.lower(foundPartnerId), partnerId), "linked", "other"))),
  ).asString;
  const principal = new TerraformData(stack, "principal", { input: { object_id: identity.objectId, tenant_id: c.tenantId } });
  const repair = new TerraformData(stack, "repair", { input: { link: Token.asString(Fn.conditional(Op.eq(status, "linked"), "steady", Fn.conditional(Op.eq(Fn.timestamp(), "known-at-apply"), "repair", "steady"))) } });
  const field = (key: string) => TerraformSelf.getString(`output.${key}`);
  const link = new ResourceAction(stack, "link", {
    provider,
    type,
    resourceId,
    method: Token.asString(Fn.conditional(Op.eq(status, "other"), "PATCH", Fn.conditional(Op.eq(status, "linked"), "GET", "PUT"))),
    responseExportValues: exportValues,
    retry,
    lifecycle: {
      ignoreChanges: ["method"],
      replaceTriggeredBy: [principal.reference, repair.reference],
      precondition: [
        {
          condition: Op.and(Op.eq(Fn.lower(signedIn.objectId), Fn.lower(identity.objectId)), Op.eq(Fn.lower(signedIn.tenantId), Fn.lower(c.tenantId))),
          errorMessage: "The azapi provider is not signed in as the PAL principal of this customer.",
        },
        ...(c.relink ? [] : [{ condition: Op.not(Op.eq(status, "other")), errorMessage: `Linked to partner ID ${foundPartnerId}, not to ${partnerId}.` }]),
      ],
      postcondition: [
        { condition: Op.eq(Fn.lower(field("object_id")), Fn.lower(identity.objectId)), errorMessage: `Object ID ${field("object_id")} differs.` },
        { condition: Op.eq(Fn.lower(field("tenant_id")), Fn.lower(c.tenantId)), errorMessage: `Tenant ID ${field("tenant_id")} differs.` },
        { condition: Op.eq(Fn.lower(field("partner_id")), partnerId), errorMessage: `Partner ID ${field("partner_id")} differs.` },
        { condition: Op.eq(Fn.lower(field("state")), "active"), errorMessage: `State ${field("state")} differs.` },
      ],
    },
  });
  new TerraformCheck(stack, "drift", [{ condition: Op.eq(status, "linked"), errorMessage: `Link drift: ${status} (partner ID ${foundPartnerId}, state ${foundState}).` }]);
  if (c.deleteLinkOnDestroy) new ResourceAction(stack, "unlink-on-destroy", { provider, type, resourceId, method: "DELETE", when: "destroy", ignoreNotFound: true, retry, dependsOn: [link] });
  else new TerraformRemoved(stack, "unlink-on-destroy", "azapi_resource_action");
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
