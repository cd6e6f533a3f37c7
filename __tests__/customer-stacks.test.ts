import * as fs from "fs";
import * as path from "path";
import { findSharedReference } from "../tools/shared-reference";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { AzapiProvider } from "../constructs/azapi/provider";
import { ResourceAction } from "../constructs/azapi/resource-action";
import { addCustomerStacks } from "../stacks/customer-stacks";
import { BackendSpec, CustomerSpec } from "../stacks/fleet-spec";
import { IDS, SCOPES, SynthesizedStack, customerSpec, synthApp } from "./support/synth";

function customer(overrides: Partial<CustomerSpec> = {}, backend: BackendSpec = { type: "local" }) {
  const spec = customerSpec(overrides);
  const result = synthApp((app) => addCustomerStacks(app, spec, backend));
  return { result, identity: result.stack(`${spec.name}-identity`), link: result.stack(`${spec.name}-link`) };
}

/**
 * Follows a `${data.terraform_remote_state.X.outputs.Y}` reference in the link stack to output Y
 * of the identity stack and returns that output (what the link stack really receives).
 */
function followRemoteState(link: SynthesizedStack, identity: SynthesizedStack, reference: string): { value: string; sensitive?: boolean } {
  const m = /^\$\{data\.terraform_remote_state\.([^.]+)\.outputs\.([^}]+)\}$/.exec(reference);
  if (!m) throw new Error(`not a remote state reference: ${reference}`);
  expect(link.json.data.terraform_remote_state[m[1]]).toBeDefined();
  const output = identity.outputs[m[2]];
  if (!output) throw new Error(`identity stack has no output ${m[2]}`);
  return output;
}

/** A remote-state reference embedded in an expression, e.g. inside lower(...). */
function embeddedRemoteState(expression: string, n = 0): string {
  const all = [...expression.matchAll(/data\.terraform_remote_state\.[^.]+\.outputs\.[A-Za-z0-9_\-.]+/g)].map((m) => `\${${m[0]}}`);
  return all[n];
}

describe("per-customer stacks", () => {
  test("a customer gets <name>-identity and <name>-link, the link depending on the identity", () => {
    const { result } = customer();
    expect(Object.keys(result.manifest.stacks).sort()).toEqual(["contoso-identity", "contoso-link"]);
    expect(result.manifest.stacks["contoso-link"].dependencies).toEqual(["contoso-identity"]);
  });

  test("the identity stack creates principal, credential and role assignments as the customer admin", () => {
    const { identity } = customer({ scopes: Object.values(SCOPES) });
    expect(identity.providers("azuread")).toEqual([{ tenant_id: IDS.tenant }]);
    expect(identity.providers("azurerm")).toEqual([
      { features: [{}], tenant_id: IDS.tenant, subscription_id: IDS.subscription, resource_provider_registrations: "none" },
    ]);
    const sp = identity.only("azuread_service_principal");
    const assignments = Object.values(identity.resources("azurerm_role_assignment"));
    expect(assignments).toHaveLength(8); // 4 scope kinds x 2 roles
    for (const a of assignments) expect(a.principal_id).toBe(sp.ref("object_id"));
    expect(identity.json.resource.azapi_resource_action).toBeUndefined();
  });

  test("the link stack signs in as the new principal: client ID from the identity stack, tenant of the customer", () => {
    const { identity, link } = customer();
    const [provider] = link.providers("azapi");
    expect(provider).toMatchObject({ tenant_id: IDS.tenant, use_cli: false, use_msi: false, use_aks_workload_identity: false, use_oidc: true });
    expect(followRemoteState(link, identity, provider.client_id).value).toBe(identity.only("azuread_application").ref("client_id"));
    expect(provider.client_secret).toBeUndefined();
    expect(link.json.resource.azuread_application).toBeUndefined();
    // The same, with cdktf's own matchers on the synthesised text.
    expect(link.text).toHaveProviderWithProperties(AzapiProvider, { tenant_id: IDS.tenant, use_cli: false, use_msi: false, use_oidc: true });
    expect(link.text).toHaveResourceWithProperties(ResourceAction, { method: expect.stringContaining('"PUT"'), type: "Microsoft.ManagementPartner/partners@2018-02-01" });
    expect(identity.text).toHaveResourceWithProperties(RoleAssignment, { principal_type: "ServicePrincipal", principal_id: identity.only("azuread_service_principal").ref("object_id") });
  });

  test("the link's pre- and postconditions compare with the service principal's object ID from the identity stack", () => {
    const { identity, link } = customer();
    const { lifecycle } = link.only("azapi_resource_action").body;
    const spObjectId = identity.only("azuread_service_principal").ref("object_id");
    expect(followRemoteState(link, identity, embeddedRemoteState(lifecycle.postcondition[0].condition)).value).toBe(spObjectId);
    expect(followRemoteState(link, identity, embeddedRemoteState(lifecycle.precondition[0].condition)).value).toBe(spObjectId);
  });

  test("a password credential reaches the link provider as a sensitive cross-stack output, never as a value", () => {
    const { identity, link } = customer({ credential: { type: "password", lifetime: "720h" } });
    const [provider] = link.providers("azapi");
    expect(provider.use_oidc).toBe(false);
    const secret = followRemoteState(link, identity, provider.client_secret);
    expect(secret).toEqual({ value: identity.only("azuread_application_password").ref("value"), sensitive: true });
  });

  test("an existing principal (credential none) gets roles and a link and nothing else", () => {
    const { identity, link } = customer({ credential: { type: "none", clientId: IDS.clientId, objectId: IDS.objectId, signIn: "environment" } });
    expect(identity.json.resource.azuread_application).toBeUndefined();
    // azuread only reads: the plan-time check that the IDs are one Application service principal.
    expect(identity.providers("azuread")).toEqual([{ tenant_id: IDS.tenant }]);
    expect(Object.keys(identity.json.resource).sort()).toEqual(["azurerm_role_assignment"]);
    for (const a of Object.values(identity.resources("azurerm_role_assignment"))) expect(a.principal_id).toBe(IDS.objectId);
    expect(link.providers("azapi")[0]).toMatchObject({ client_id: IDS.clientId, use_oidc: false });
    expect(link.json.data.terraform_remote_state).toBeUndefined();
  });

  test("the link stack exports objectId, tenantId, partnerId, partnerName and state", () => {
    const { link } = customer();
    const action = link.only("azapi_resource_action");
    expect(link.outputs).toEqual({
      object_id: expect.objectContaining({ value: action.ref("output.object_id") }),
      tenant_id: expect.objectContaining({ value: action.ref("output.tenant_id") }),
      partner_id: expect.objectContaining({ value: action.ref("output.partner_id") }),
      partner_name: expect.objectContaining({ value: action.ref("output.partner_name") }),
      state: expect.objectContaining({ value: action.ref("output.state") }),
    });
  });

  test("deleteLinkOnDestroy adds the DELETE-on-destroy action", () => {
    const { link } = customer({ deleteLinkOnDestroy: true });
    expect(Object.values(link.resources("azapi_resource_action")).map((a: any) => a.when ?? "apply").sort()).toEqual(["apply", "destroy"]);
    expect(Object.values(link.resources("azapi_resource_action")).find((a: any) => a.when === "destroy")).toMatchObject({ method: "DELETE" });
  });
});

describe("state backends", () => {
  test("local state: the link stack's remote state path resolves to the identity stack's state file", () => {
    const { identity, link } = customer();
    const statePath = identity.json.terraform.backend.local.path;
    expect(path.isAbsolute(statePath)).toBe(false);
    const [remote] = Object.values(link.json.data.terraform_remote_state) as any[];
    expect(remote.backend).toBe("local");
    // Terraform resolves each path against the directory it runs that stack in.
    const producerFile = path.resolve(identity.workingDirectory, statePath);
    const consumerFile = path.resolve(link.workingDirectory, remote.config.path);
    expect(consumerFile).toBe(producerFile);
    // ...which is beside the output directory, so removing cdktf.out does not delete state.
    expect(path.dirname(producerFile)).toBe(path.dirname(path.resolve(identity.workingDirectory, "../..")));
    expect(link.json.terraform.backend.local.path).toBe("../../../terraform.contoso-link.tfstate");
  });

  test("azurerm state: one key per stack, Entra ID auth, and the link reads the identity stack's key", () => {
    const backend: BackendSpec = { type: "azurerm", resourceGroupName: "rg-tfstate", storageAccountName: "sttfstate", containerName: "pal", keyPrefix: "pal/" };
    const { identity, link } = customer({}, backend);
    const common = { resource_group_name: "rg-tfstate", storage_account_name: "sttfstate", container_name: "pal", use_azuread_auth: true };
    expect(identity.json.terraform.backend.azurerm).toEqual({ ...common, key: "pal/contoso-identity.tfstate" });
    expect(link.json.terraform.backend.azurerm).toEqual({ ...common, key: "pal/contoso-link.tfstate" });
    const [remote] = Object.values(link.json.data.terraform_remote_state) as any[];
    expect(remote).toMatchObject({ backend: "azurerm", config: { ...common, key: "pal/contoso-identity.tfstate" } });
  });
});

describe("provider versions", () => {
  // The versions whose schemas Terraform-core validation uses: real ones in shared/reference/provider-schemas/,
  // azapi's transcribed from its v2.12.0 source into tools/terraform-schema-provider/schemas/.
  const VALIDATED = { azapi: "2.12.0", azuread: "3.7.0", azurerm: "4.55.0" };

  test("every stack pins its Azure providers to exactly the versions validated against", () => {
    const { identity, link } = customer({ credential: { type: "password", lifetime: "720h" } });
    const pins = { ...identity.json.terraform.required_providers, ...link.json.terraform.required_providers };
    for (const [name, version] of Object.entries(VALIDATED)) expect([name, pins[name]?.version]).toEqual([name, version]);
    expect(pins.azapi.source).toBe("azure/azapi");
    const shared = findSharedReference();
    if (shared) {
      const files = fs.readdirSync(path.join(shared, "provider-schemas"));
      files.push(...fs.readdirSync(path.join(__dirname, "..", "tools", "terraform-schema-provider", "schemas")));
      for (const [name, version] of Object.entries(VALIDATED)) expect(files).toContain(`${name}-${version}.json`);
    }
  });
});
