/**
 * Azure Lighthouse and PIM in a fleet: a mixed fleet (customer-side customers with PIM staff and
 * Lighthouse customers) synthesises into the managing tenant's stack pair, one delegation stack
 * per Lighthouse customer with its onboarding template, and staff access in the identity stacks;
 * and Terraform core rejects a broken delegation stack, so its validation in terraform-core.test.ts
 * can fail.
 */
import { LighthouseDefinition } from "@cdktf/provider-azurerm/lib/lighthouse-definition";
import { PimEligibleRoleAssignment } from "@cdktf/provider-azurerm/lib/pim-eligible-role-assignment";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { ResourceAction } from "../constructs/azapi/resource-action";
import { loadManifest, parseManifest } from "../stacks/manifest/load-manifest";
import { lighthouseOnboardingFiles } from "../stacks/lighthouse-stacks";
import { SynthesizeFleetResult, synthesizeFleet } from "../stacks/synthesize-fleet";
import { FleetSpec } from "../stacks/fleet-spec";
import { openTerraformSession, validateStacks } from "../tools/terraform-validate";
import { collectTypeSelection } from "../tools/terraform-validate/stack-types";
import { describeWhenTerraformIsAvailable } from "./support/terraform-prerequisites";

const MIXED = path.join(__dirname, "fixtures/good-manifests/lighthouse-mixed-fleet.yaml");
const read = (dir: string, stack: string, file = "cdk.tf.json") => fs.readFileSync(path.join(dir, "stacks", stack, file), "utf8");

function synth(spec: FleetSpec): { outdir: string; result: SynthesizeFleetResult } {
  const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pal-lighthouse-")), "cdktf.out");
  return { outdir, result: synthesizeFleet(spec, { outdir, hcl: false }) };
}

/** The mixed fleet, synthesised once for the tests that only read it. */
let mixedFleet: { outdir: string; result: SynthesizeFleetResult } | undefined;
const mixed = () => (mixedFleet ??= synth(loadManifest(MIXED)));

describe("a mixed fleet", () => {
  let outdir: string;
  let result: SynthesizeFleetResult;
  beforeAll(() => ({ outdir, result } = mixed()));

  test("synthesises without findings: the managing tenant's pair, a delegation per Lighthouse customer, no customer-side stacks for them", () => {
    expect(result.published).toBe(true);
    expect(result.findings).toEqual([]);
    expect(fs.readdirSync(path.join(outdir, "stacks")).sort()).toEqual([
      "adatum-delegation",
      "contoso-identity",
      "contoso-link",
      "litware-delegation",
      "managing-tenant-identity",
      "managing-tenant-link",
    ]);
  });

  test("the managing tenant's principal is created in the managing tenant and linked there, signed in as itself", () => {
    const identity = read(outdir, "managing-tenant-identity");
    expect(identity).toHaveProviderWithProperties({ tfResourceType: "azuread" } as any, { tenant_id: "0f0f0f0f-0000-4000-8000-000000000001" });
    expect(JSON.parse(identity).resource.azuread_application_federated_identity_credential).toBeDefined();
    expect(JSON.parse(identity).resource.azuread_application[Object.keys(JSON.parse(identity).resource.azuread_application)[0]].display_name).toBe(
      "PAL (Partner Admin Link) for Contoso MSP - Azure Lighthouse",
    );
    const link = read(outdir, "managing-tenant-link");
    expect(link).toHaveResourceWithProperties(ResourceAction, { method: expect.stringContaining('"PUT"'), resource_id: "/providers/Microsoft.ManagementPartner/partners/1234567" });
    expect(link).toHaveProviderWithProperties({ tfResourceType: "azapi" } as any, { tenant_id: "0f0f0f0f-0000-4000-8000-000000000001", use_cli: false, use_oidc: true });
  });

  test("each delegation authorizes the linked principal (read from the managing tenant's state) with Support Request Contributor, plus the staff", () => {
    const delegation = read(outdir, "litware-delegation");
    const json = JSON.parse(delegation);
    expect(json.data.terraform_remote_state).toHaveProperty("cross-stack-reference-input-managing-tenant-identity");
    expect(delegation).toHaveProviderWithProperties({ tfResourceType: "azurerm" } as any, { tenant_id: "44444444-4444-4444-4444-444444444444", subscription_id: "55555555-5555-5555-5555-555555555555" });
    expect(delegation).toHaveResourceWithProperties(LighthouseDefinition, {
      scope: "/subscriptions/66666666-6666-6666-6666-666666666666",
      authorization: [
        expect.objectContaining({ principal_id: expect.stringMatching(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-managing-tenant-identity\.outputs\./), role_definition_id: "cfd33db0-3dd1-45e3-aa9d-cdbdf3b6f24e" }),
        expect.objectContaining({ principal_id: "0f0f0f0f-0000-4000-8000-000000000011", role_definition_id: "acdd72a7-3385-48ef-bd42-f606fba81ae7" }),
        expect.objectContaining({ principal_id: "0f0f0f0f-0000-4000-8000-000000000012", delegated_role_definition_ids: ["b24988ac-6180-42a0-ab88-20f7382dd24c"] }),
      ],
    });
    expect(Object.keys(json.resource.azurerm_lighthouse_assignment)).toHaveLength(2);
    expect(JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")).stacks["litware-delegation"].dependencies.sort()).toEqual(["managing-tenant-identity", "managing-tenant-link"]);
  });

  test("writes each Lighthouse customer's onboarding template and parameters file into cdktf.out/lighthouse/, with no Terraform tokens", () => {
    const files = lighthouseOnboardingFiles("litware");
    expect(files).toEqual({ template: "lighthouse/litware.template.json", parameters: "lighthouse/litware.parameters.json" });
    expect(fs.readdirSync(path.join(outdir, "lighthouse")).sort()).toEqual(["adatum.parameters.json", "adatum.template.json", "litware.parameters.json", "litware.template.json"]);
    expect(fs.readdirSync(path.join(outdir, "stacks", "litware-delegation"))).toEqual(["cdk.tf.json"]);
    const template = fs.readFileSync(path.join(outdir, files.template), "utf8");
    const parameters = JSON.parse(fs.readFileSync(path.join(outdir, files.parameters), "utf8"));
    expect(template).not.toMatch(/TfToken|\$\{/);
    expect(parameters.parameters.managedByTenantId).toEqual({ value: "0f0f0f0f-0000-4000-8000-000000000001" });
    expect(parameters.parameters.palPrincipalObjectId).toBeUndefined(); // created by Terraform: the deployer fills it in
    expect(JSON.parse(template).parameters.palPrincipalObjectId.metadata.description).toMatch(/terraform output object_id of managing-tenant-identity/);
  });

  test("staff get their permanent roles and PIM-eligible roles in the customer's identity stack", () => {
    const identity = read(outdir, "contoso-identity");
    for (const role of ["acdd72a7-3385-48ef-bd42-f606fba81ae7", "cfd33db0-3dd1-45e3-aa9d-cdbdf3b6f24e"]) {
      expect(identity).toHaveResourceWithProperties(RoleAssignment, { principal_id: "33333333-3333-3333-3333-333333333301", principal_type: "Group", role_definition_id: expect.stringContaining(role) });
    }
    expect(identity).toHaveResourceWithProperties(PimEligibleRoleAssignment, {
      principal_id: "33333333-3333-3333-3333-333333333301",
      role_definition_id: "/subscriptions/22222222-2222-2222-2222-222222222222/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c",
      justification: "Break-glass changes for Contoso",
      ticket: { system: "ServiceNow", number: "CHG0001" },
      schedule: { start_date_time: "2027-01-01T00:00:00Z", expiration: { duration_hours: 8760 } },
    });
  });

  test("one Lighthouse customer's stacks and template never change when another's do", () => {
    const raw = parse(fs.readFileSync(MIXED, "utf8"));
    raw.customers[2].scopes.push("/subscriptions/99999999-9999-9999-9999-999999999999");
    raw.customers.reverse();
    const other = synth(parseManifest(stringify(raw), "changed.yaml")).outdir;
    expect(read(other, "litware-delegation")).toBe(read(outdir, "litware-delegation"));
    for (const file of Object.values(lighthouseOnboardingFiles("litware"))) {
      expect(fs.readFileSync(path.join(other, file), "utf8")).toBe(fs.readFileSync(path.join(outdir, file), "utf8"));
    }
    expect(read(other, "adatum-delegation")).not.toBe(read(outdir, "adatum-delegation"));
  });
});

test("re-synthesis replaces cdktf.out/lighthouse/ whole: a removed Lighthouse customer's files go", () => {
  const { outdir } = synth(loadManifest(MIXED));
  const raw = parse(fs.readFileSync(MIXED, "utf8"));
  raw.customers.pop(); // adatum
  const again = synthesizeFleet(parseManifest(stringify(raw), "fewer.yaml"), { outdir, hcl: false });
  expect(again.published).toBe(true);
  expect(fs.readdirSync(path.join(outdir, "lighthouse")).sort()).toEqual(["litware.parameters.json", "litware.template.json"]);
  expect(fs.existsSync(path.join(outdir, "stacks", "adatum-delegation"))).toBe(false);
});

test("the same customer both through Lighthouse and customer-side synthesises with a PAL027 warning", () => {
  const raw = parse(fs.readFileSync(MIXED, "utf8"));
  raw.customers[1].tenantId = raw.customers[0].tenantId;
  const { result } = synth(parseManifest(stringify(raw), "both.yaml"));
  expect(result.published).toBe(true);
  expect(result.findings).toEqual([expect.objectContaining({ rule: "PAL027", severity: "warning", customer: "litware", path: "litware-delegation/delegation" })]);
});

test("an acknowledged finding on a Lighthouse customer applies to its delegation stack", () => {
  const raw = parse(fs.readFileSync(MIXED, "utf8"));
  raw.customers[1].tenantId = raw.customers[0].tenantId;
  raw.customers[1].acknowledge = { PAL027: "Moving Litware to Lighthouse; the customer-side principal goes in March" };
  const { result } = synth(parseManifest(stringify(raw), "ack.yaml"));
  expect(result.findings).toEqual([expect.objectContaining({ rule: "PAL027", acknowledged: "Moving Litware to Lighthouse; the customer-side principal goes in March" })]);
});

describeWhenTerraformIsAvailable("Terraform-core check of a broken delegation stack")("terraform validate of a broken delegation stack", () => {
  test("fails an authorization without role_definition_id and an unknown eligible_authorization attribute", async () => {
    const { outdir } = mixed(); // read only: the broken copy goes beside it
    const source = path.join(outdir, "stacks", "litware-delegation");
    const json = JSON.parse(fs.readFileSync(path.join(source, "cdk.tf.json"), "utf8"));
    const [definition] = Object.values(json.resource.azurerm_lighthouse_definition) as any[];
    delete definition.authorization[1].role_definition_id;
    definition.eligible_authorization[0].just_in_time_access_policy.maximum_activation_hours = 8;
    const broken = path.join(path.dirname(outdir), "broken");
    fs.mkdirSync(broken);
    fs.writeFileSync(path.join(broken, "cdk.tf.json"), JSON.stringify(json));
    const session = await openTerraformSession({ typeSelection: collectTypeSelection([path.join(source, "cdk.tf.json")]) });
    try {
      const report = await validateStacks([source, broken], { session });
      expect(report.results.map((r) => r.valid)).toEqual([true, false]);
      const text = JSON.stringify(report.results[1].diagnostics);
      expect(text).toMatch(/role_definition_id/);
      expect(text).toMatch(/maximum_activation_hours/);
    } finally {
      await session.close();
    }
  });
});

test("the managing tenant's principal takes defaults.credential when it has none, with {customer} = managing-tenant", () => {
  const raw = parse(fs.readFileSync(MIXED, "utf8"));
  delete raw.lighthouse.principal;
  raw.defaults = { credential: { github: { repository: "contoso-msp/pal", environment: "pal-{customer}" } } };
  const spec = parseManifest(stringify(raw), "defaults.yaml");
  expect(spec.lighthouse!.credential).toEqual({ type: "federated", issuer: "https://token.actions.githubusercontent.com", subject: "repo:contoso-msp/pal:environment:pal-managing-tenant" });
  expect(spec.lighthouse!.customers.map((c) => c.name)).toEqual(["litware", "adatum"]);
  expect(spec.customers.map((c) => c.name)).toEqual(["contoso"]);
});

test("an existing managing-tenant principal is checked at plan like a customer's (one Application service principal with that client ID)", () => {
  const raw = parse(fs.readFileSync(MIXED, "utf8"));
  raw.lighthouse.principal = { credential: { type: "none", clientId: "0f0f0f0f-0000-4000-8000-0000000000c1", objectId: "0f0f0f0f-0000-4000-8000-0000000000c2" } };
  const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pal-lighthouse-byo-")), "cdktf.out");
  try {
    expect(synthesizeFleet(parseManifest(stringify(raw), "byo.yaml"), { outdir }).published).toBe(true);
    const identity = JSON.parse(read(outdir, "managing-tenant-identity"));
    expect(identity.resource?.azuread_application).toBeUndefined(); // nothing is created
    expect(Object.values<any>(identity.data.azuread_service_principal).map((d) => d.client_id ?? d.object_id).sort()).toEqual(["0f0f0f0f-0000-4000-8000-0000000000c1", "0f0f0f0f-0000-4000-8000-0000000000c2"]);
  } finally {
    fs.rmSync(path.dirname(outdir), { recursive: true, force: true });
  }
});

test("the managing-tenant principal's displayName is checked in the manifest (located), like a customer's", () => {
  const raw = parse(fs.readFileSync(MIXED, "utf8"));
  raw.lighthouse.principal.displayName = "x".repeat(130);
  expect(() => parseManifest(stringify(raw), "long-name.yaml")).toThrow(/lighthouse\.principal\.displayName.*displayName is 130 characters; keep it to 120 or fewer|displayName is 130 characters; keep it to 120 or fewer/);
});
