/**
 * pal-bootstrap: the partner-tenant side as code, built from the manifest's partner: section.
 */
import { Application } from "@cdktf/provider-azuread/lib/application";
import { ApplicationFederatedIdentityCredential } from "@cdktf/provider-azuread/lib/application-federated-identity-credential";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { App, Testing } from "cdktf";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BootstrapStack, addBootstrapStack } from "../stacks/bootstrap-stack";
import { FleetSpec } from "../stacks/fleet-spec";
import { validateManifest } from "../stacks/manifest/validate-manifest";
import { generateFleetManifest } from "../tools/generate-fleet";
import { openTerraformSession, validateStack } from "../tools/terraform-validate";
import { collectTypeSelection } from "../tools/terraform-validate/stack-types";
import { describeWhenTerraformIsAvailable } from "./support/terraform-prerequisites";

const PARTNER = "0a0a0a0a-0000-4000-8000-000000000002";
const SUB = "0a0a0a0a-0000-4000-8000-000000000001";
const backend = { type: "azurerm", resourceGroupName: "rg-pal-state", storageAccountName: "stpalstate", containerName: "pal-state", keyPrefix: "pal/", subscriptionId: SUB, tenantId: PARTNER };

function spec(count: number, ci: unknown = { github: { repository: "contoso-msp/pal" } }, back: unknown = backend): FleetSpec {
  const result = validateManifest({ ...generateFleetManifest(count), backend: back, partner: { tenantId: PARTNER, subscriptionId: SUB, location: "westeurope", ci } }, "pal.config.yaml");
  expect(result.problems).toEqual([]);
  return result.spec!;
}

function synth(s: FleetSpec) {
  const app = Testing.app();
  const stack = new BootstrapStack(app, s);
  return { stack, text: Testing.synth(stack), json: JSON.parse(Testing.synth(stack)) };
}

describe("pal-bootstrap", () => {
  test("creates the multi-tenant automation app and plan identity, each with its Graph permission requested", () => {
    const { text } = synth(spec(2));
    expect(text).toHaveResourceWithProperties(Application, {
      display_name: "PAL Kit automation",
      sign_in_audience: "AzureADMultipleOrgs",
      required_resource_access: [{ resource_app_id: "00000003-0000-0000-c000-000000000000", resource_access: [{ id: "18a4783c-866b-4cc7-a460-3d5e5662c884", type: "Role" }] }],
    });
    expect(text).toHaveResourceWithProperties(Application, {
      display_name: "PAL Kit plan (read-only)",
      required_resource_access: [{ resource_app_id: "00000003-0000-0000-c000-000000000000", resource_access: [{ id: "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30", type: "Role" }] }],
    });
  });

  test("a 1000-customer fleet gets the same two federated credentials as a 1-customer fleet (Entra allows 20 per app)", () => {
    const big = synth(spec(1000)).json.resource.azuread_application_federated_identity_credential;
    const small = synth(spec(1)).json.resource.azuread_application_federated_identity_credential;
    expect(Object.keys(big)).toHaveLength(2);
    expect(big).toEqual(small);
    const subjects = Object.values<any>(big).map((c) => c.subject).sort();
    expect(subjects).toEqual(["repo:contoso-msp/pal:environment:pal-onboarding", "repo:contoso-msp/pal:pull_request"]);
    // At most 5 on any one app.
    const perApp = new Map<string, number>();
    for (const c of Object.values<any>(big)) perApp.set(c.application_id, (perApp.get(c.application_id) ?? 0) + 1);
    for (const n of perApp.values()) expect(n).toBeLessThanOrEqual(5);
  });

  test("Azure DevOps: the credentials use the Microsoft Entra issuer of the partner tenant", () => {
    const ci = { azureDevOps: { organizationId: "0ca3ddd9-f0b0-4635-a98c-5866526961b6", automationConnectionId: "64171687-7a59-4fce-b2c8-823278dcf176", planConnectionId: "74171687-7a59-4fce-b2c8-823278dcf176" } };
    const { text } = synth(spec(1, ci));
    expect(text).toHaveResourceWithProperties(ApplicationFederatedIdentityCredential, {
      issuer: `https://login.microsoftonline.com/${PARTNER}/v2.0`,
      subject: expect.stringMatching(/^\/eid1\/c\/pub\/t\/.+\/sc\/0ca3ddd9-f0b0-4635-a98c-5866526961b6\/64171687-7a59-4fce-b2c8-823278dcf176$/),
      audiences: ["api://AzureADTokenExchange"],
    });
  });

  test("the state storage account: TLS 1.2, HTTPS only, no public blobs, no shared key, versioning and soft delete", () => {
    const { text } = synth(spec(1));
    expect(text).toHaveResourceWithProperties(StorageAccount, {
      name: "stpalstate",
      resource_group_name: "${azurerm_resource_group.state-rg.name}",
      min_tls_version: "TLS1_2",
      https_traffic_only_enabled: true,
      allow_nested_items_to_be_public: false,
      shared_access_key_enabled: false,
      default_to_oauth_authentication: true,
      blob_properties: { versioning_enabled: true, delete_retention_policy: { days: 30 }, container_delete_retention_policy: { days: 30 } },
    });
    expect(text).toHaveResourceWithProperties(StorageContainer, { name: "pal-state", storage_account_id: "${azurerm_storage_account.state.id}", container_access_type: "private" });
  });

  test("data-plane roles on the container only: Contributor for the automation app, Reader for the plan identity", () => {
    const { json } = synth(spec(1));
    const assignments = Object.values<any>(json.resource.azurerm_role_assignment);
    expect(assignments).toHaveLength(2);
    const scope = "${azurerm_storage_account.state.id}/blobServices/default/containers/${azurerm_storage_container.state-container.name}";
    expect(assignments).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ scope, principal_id: "${azuread_service_principal.automation-sp.object_id}", principal_type: "ServicePrincipal", role_definition_id: expect.stringMatching(/ba92f5b4-2d11-453d-a403-e96b0029c9fe$/) }),
        expect.objectContaining({ scope, principal_id: "${azuread_service_principal.plan-sp.object_id}", role_definition_id: expect.stringMatching(/2a2b9908-6ea1-4ae2-8e65-a410df84e7d1$/) }),
      ]),
    );
    expect(RoleAssignment).toBeDefined();
  });

  test("prints what CI needs as outputs; its own state is local (the storage does not exist before it)", () => {
    const { json } = synth(spec(1));
    expect(Object.keys(json.output).sort()).toEqual(["automation_client_id", "container_name", "plan_client_id", "resource_group_name", "storage_account_name", "subscription_id", "tenant_id"]);
    expect(json.output.tenant_id.value).toBe(PARTNER);
    expect(json.terraform.backend.local.path).toBe("../../../terraform.pal-bootstrap.tfstate");
  });

  test("only with a partner: section, and only with an azurerm backend in the partner tenant", () => {
    const without = validateManifest(generateFleetManifest(1), "pal.config.yaml").spec!;
    expect(addBootstrapStack(new App(), without)).toBeUndefined();
    expect(() => synth(spec(1, undefined, { type: "local" }))).toThrow(/partner: needs backend type azurerm/);
    expect(() => synth(spec(1, undefined, { ...backend, tenantId: "0a0a0a0a-0000-4000-8000-000000000009" }))).toThrow(/the state lives in the partner tenant/);
  });
});

const describeIfTerraform = describeWhenTerraformIsAvailable("pal-bootstrap terraform validate");
describeIfTerraform("pal-bootstrap: terraform validate (real provider schemas, offline)", () => {
  test("the synthesised stack is valid", async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "pal-bootstrap-"));
    const app = new App({ outdir: work, skipValidation: true });
    new BootstrapStack(app, spec(3));
    app.synth();
    const stack = path.join(work, "stacks", "pal-bootstrap");
    // The real schemas of the types the stack uses (tools/terraform-validate/stack-types.ts), not all of azurerm's.
    const session = await openTerraformSession({ typeSelection: collectTypeSelection([path.join(stack, "cdk.tf.json")]) });
    try {
      const result = await validateStack(session, stack);
      expect(result.diagnostics).toEqual([]);
      expect(result.valid).toBe(true);
    } finally {
      await session.close();
      fs.rmSync(work, { recursive: true, force: true });
    }
  }, 180_000);
});
