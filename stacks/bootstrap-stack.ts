/**
 * `pal-bootstrap`: the partner-tenant side of onboarding from CI, as code. Deployed once, by an
 * administrator of the partner tenant (`npx cdktf deploy pal-bootstrap`), from the manifest's
 * `partner:` section and `backend:` (stacks/manifest/partner-section.ts). It creates:
 * - the PAL automation app (multi-tenant) and its service principal: the write-capable identity of
 *   the deploy/offboard jobs, with ONE federated credential (environment pal-onboarding, or the
 *   service connection pal-automation), and Graph `Application.ReadWrite.OwnedBy` requested for
 *   admin consent in each customer tenant;
 * - the PAL plan identity (multi-tenant) and its service principal: read-only, for pull requests,
 *   with ONE federated credential (`pull_request` jobs, or the service connection pal-plan), and
 *   Graph `Application.Read.All` requested;
 * - the state storage: resource group, storage account (TLS 1.2, HTTPS only, no public blob access,
 *   no shared key, Entra ID by default, blob versioning, blob and container soft delete), the
 *   container, and the data-plane roles: Storage Blob Data Contributor for the automation app,
 *   Storage Blob Data Reader for the plan identity, on the container only;
 * - outputs with the values CI needs (client IDs, tenant, subscription, storage names).
 *
 * Its own state is local (`terraform.pal-bootstrap.tfstate` beside cdktf.out): the storage it creates
 * does not exist before its first apply. Keep that file safe (or migrate it into the new container).
 *
 * Graph app role IDs: Microsoft Graph permissions reference (`Application.ReadWrite.OwnedBy`
 * 18a4783c-866b-4cc7-a460-3d5e5662c884, `Application.Read.All` 9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30).
 * Storage roles: the kit's built-in role catalog (constructs/data).
 */
import { Application } from "@cdktf/provider-azuread/lib/application";
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { ServicePrincipal } from "@cdktf/provider-azuread/lib/service-principal";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { FederatedCredential } from "../constructs/federated-credential";
import { RoleCatalog } from "../constructs/role-catalog";
import { localStatePath } from "./backend";
import { FleetSpec } from "./fleet-spec";
import { partnerFederatedCredentials } from "./manifest/partner-section";

/** The bootstrap stack's name: `cdktf deploy pal-bootstrap`. */
export const BOOTSTRAP_STACK_NAME = "pal-bootstrap";

/** Microsoft Graph's application ID (the same in every tenant). */
export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
/** Graph application permission `Application.ReadWrite.OwnedBy` (Microsoft Graph permissions reference). */
export const GRAPH_APPLICATION_READWRITE_OWNEDBY = "18a4783c-866b-4cc7-a460-3d5e5662c884";
/** Graph application permission `Application.Read.All` (Microsoft Graph permissions reference). */
export const GRAPH_APPLICATION_READ_ALL = "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30";

/** Days a deleted state blob or container stays recoverable. */
export const STATE_SOFT_DELETE_DAYS = 30;

/** The partner-tenant side: the two identities and the state storage. */
export class BootstrapStack extends TerraformStack {
  /** The automation app (write-capable; deploy and offboard jobs only). */
  public readonly automation: Application;
  /** The plan identity (read-only; pull requests). */
  public readonly plan: Application;
  /** The state storage account. */
  public readonly storageAccount: StorageAccount;

  constructor(scope: Construct, spec: FleetSpec) {
    super(scope, BOOTSTRAP_STACK_NAME);
    const partner = spec.partner;
    if (!partner) throw new Error(`${BOOTSTRAP_STACK_NAME}: the manifest has no partner: section (tenantId, subscriptionId, location, ci)`);
    const backend = spec.backend;
    if (backend.type !== "azurerm") {
      throw new Error(`${BOOTSTRAP_STACK_NAME}: partner: needs backend type azurerm in the manifest (the bootstrap stack creates that storage account and container)`);
    }
    if (backend.tenantId && backend.tenantId.toLowerCase() !== partner.tenantId) {
      throw new Error(`${BOOTSTRAP_STACK_NAME}: backend.tenantId ${backend.tenantId} is not partner.tenantId ${partner.tenantId}: the state lives in the partner tenant`);
    }
    const subscriptionId = backend.subscriptionId ?? partner.subscriptionId;
    new LocalBackend(this, { path: localStatePath(BOOTSTRAP_STACK_NAME) });
    new AzureadProvider(this, "azuread", { tenantId: partner.tenantId });
    new AzurermProvider(this, "azurerm", {
      features: [{}],
      tenantId: partner.tenantId,
      subscriptionId,
      storageUseAzuread: true, // shared-key access is disabled on the account
    });

    const credentials = partnerFederatedCredentials(partner);
    const identity = (id: string, displayName: string, graphRole: string, creds: typeof credentials.automation, notes: string) => {
      const app = new Application(this, id, {
        displayName,
        signInAudience: "AzureADMultipleOrgs", // consented into each customer tenant
        notes,
        requiredResourceAccess: [{ resourceAppId: GRAPH_APP_ID, resourceAccess: [{ id: graphRole, type: "Role" }] }],
      });
      const sp = new ServicePrincipal(this, `${id}-sp`, { clientId: app.clientId, notes });
      for (const c of creds) {
        new FederatedCredential(this, `${id}-${c.name}`, {
          applicationId: app.id,
          name: c.name,
          issuer: c.issuer,
          subject: c.subject,
          description: `Lets the PAL Kit pipeline sign in as ${displayName} (managed by PAL Kit, ${BOOTSTRAP_STACK_NAME}).`,
        });
      }
      return { app, sp };
    };
    const automation = identity(
      "automation",
      "PAL Kit automation",
      GRAPH_APPLICATION_READWRITE_OWNEDBY,
      credentials.automation,
      "Creates PAL principals and their role assignments in customer tenants. Trusted only by protected CI jobs from main. Managed by PAL Kit (pal-bootstrap).",
    );
    const plan = identity(
      "plan",
      "PAL Kit plan (read-only)",
      GRAPH_APPLICATION_READ_ALL,
      credentials.plan,
      "Reads PAL state and customer scopes to plan pull requests. Cannot write. Managed by PAL Kit (pal-bootstrap).",
    );
    this.automation = automation.app;
    this.plan = plan.app;

    const group = new ResourceGroup(this, "state-rg", { name: backend.resourceGroupName, location: partner.location });
    this.storageAccount = new StorageAccount(this, "state", {
      name: backend.storageAccountName,
      resourceGroupName: group.name,
      location: group.location,
      accountTier: "Standard",
      accountReplicationType: "ZRS",
      accountKind: "StorageV2",
      minTlsVersion: "TLS1_2",
      httpsTrafficOnlyEnabled: true,
      allowNestedItemsToBePublic: false,
      sharedAccessKeyEnabled: false,
      defaultToOauthAuthentication: true,
      blobProperties: {
        versioningEnabled: true,
        deleteRetentionPolicy: { days: STATE_SOFT_DELETE_DAYS },
        containerDeleteRetentionPolicy: { days: STATE_SOFT_DELETE_DAYS },
      },
    });
    const container = new StorageContainer(this, "state-container", {
      name: backend.containerName,
      storageAccountId: this.storageAccount.id, // management plane: works without shared keys
      containerAccessType: "private",
    });
    const containerScope = `${this.storageAccount.id}/blobServices/default/containers/${container.name}`;
    const roleId = (name: string) => `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${RoleCatalog.default.get(name).id}`;
    new RoleAssignment(this, "automation-state", {
      scope: containerScope,
      roleDefinitionId: roleId("Storage Blob Data Contributor"),
      principalId: automation.sp.objectId,
      principalType: "ServicePrincipal",
    });
    new RoleAssignment(this, "plan-state", {
      scope: containerScope,
      roleDefinitionId: roleId("Storage Blob Data Reader"),
      principalId: plan.sp.objectId,
      principalType: "ServicePrincipal",
    });

    const output = (id: string, value: string, description: string) => new TerraformOutput(this, id, { value, description });
    output("automation_client_id", automation.app.clientId, "PAL_AUTOMATION_CLIENT_ID: set on the GitHub environment pal-onboarding, or the client ID of the service connection pal-automation");
    output("plan_client_id", plan.app.clientId, "PAL_PLAN_CLIENT_ID: repository variable, or the client ID of the service connection pal-plan");
    output("tenant_id", partner.tenantId, "PAL_STATE_TENANT_ID: the partner tenant");
    output("subscription_id", subscriptionId, "PAL_STATE_SUBSCRIPTION_ID: the storage account's subscription");
    output("storage_account_name", this.storageAccount.name, "backend.storageAccountName");
    output("container_name", container.name, "backend.containerName");
    output("resource_group_name", group.name, "backend.resourceGroupName");
  }
}

/** Adds `pal-bootstrap` to `app` when the manifest has a `partner:` section; returns it (or undefined). */
export function addBootstrapStack(app: Construct, spec: FleetSpec): BootstrapStack | undefined {
  return spec.partner ? new BootstrapStack(app, spec) : undefined;
}
