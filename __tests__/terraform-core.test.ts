/**
 * Terraform core checks every synthesised stack, offline: `terraform validate` against the real
 * provider schemas (example fleet + a fleet using every option), and `terraform test` with
 * mock_provider for the link stack's pre- and postconditions.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { synthesizeValidationFleets } from "../scripts/validate";
import { formatValidationReport, openTerraformSession, runTerraformTest, TerraformSession, validateStacks } from "../tools/terraform-validate";
import { collectTypeSelection } from "../tools/terraform-validate/stack-types";
import type { TypeSelection } from "../tools/terraform-schema-provider/type-selection";
import { App, TerraformStack } from "cdktf";
import { CustomerPrincipal } from "../constructs/customer-principal";
import { ManagementPartnerLink } from "../constructs/management-partner-link";
import { deleteOnDestroyToggleTest, existingPrincipalTests, INTENDED, linkStackTests, partnerIdChangeTest } from "./support/link-tftest";
import { addCustomerStacks } from "../stacks/customer-stacks";
import { describeWhenTerraformIsAvailable } from "./support/terraform-prerequisites";
import { buildExistingApp } from "../examples/existing-app/main";
import { buildBringYourOwnPrincipal } from "../examples/bring-your-own-principal/main";

// Without terraform or shared/reference these are skipped, saying so in one visible line; the
// rest of the suite still runs. On the development machines and in CI both are present.
const describeIfTerraform = describeWhenTerraformIsAvailable("Terraform-core checks");

// One synthesis of the validation fleets and one set of plugin processes for the whole file. The
// session serves the real schemas of exactly the types these stacks use (the other types as empty
// stubs, see tools/terraform-schema-provider/type-selection.ts): the fleets use every option of
// the kit, so every stack the tests below build is covered, and one that is not fails before
// Terraform runs, naming the missing types (terraform-harness.test.ts shows it).
let fleetWork: string;
let stacks: string[];
let fleetTypes: TypeSelection;
let session: TerraformSession;

describeIfTerraform("Terraform core, offline", () => {
  beforeAll(async () => {
    fleetWork = fs.mkdtempSync(path.join(os.tmpdir(), "pal-tf-"));
    // The examples import the kit as "pal-kit", which only jest maps: they are validated here, not by npm run validate.
    stacks = synthesizeValidationFleets(fleetWork, { apps: { "existing-app": (app) => void buildExistingApp(app), "bring-your-own-principal": (app) => void buildBringYourOwnPrincipal(app) } });
    fleetTypes = collectTypeSelection(stacks.map((s) => path.join(s, "cdk.tf.json")));
    session = await openTerraformSession({ typeSelection: fleetTypes });
  });
  afterAll(async () => {
    await session?.close();
    if (fleetWork) fs.rmSync(fleetWork, { recursive: true, force: true });
  });

  describe("terraform validate (real provider schemas, offline)", () => {
    test("every stack of the example fleet and of a fleet using every option is valid", async () => {
      const report = await validateStacks(stacks, { session });
      const text = formatValidationReport(report);
      console.log(text); // notes (e.g. the rebuilt time schema), any INVALID lines, and the summary
      expect(report.results.length).toBeGreaterThanOrEqual(20);
      expect(report.results.filter((r) => !r.valid).map((r) => `${r.stack}: ${JSON.stringify(r.diagnostics)}`)).toEqual([]);
    });

    test("the harness fails a deliberately broken stack: unknown attribute, null required attribute, bad reference", async () => {
      const source = stacks.find((s) => s.endsWith("contoso-identity"))!;
      const json = JSON.parse(fs.readFileSync(path.join(source, "cdk.tf.json"), "utf8"));
      const [assignmentId] = Object.keys(json.resource.azurerm_role_assignment);
      const breakages: Record<string, (j: any) => void> = {
        "unknown-attribute": (j) => (j.resource.azuread_application[Object.keys(j.resource.azuread_application)[0]].sign_in_audiense = "AzureADMyOrg"),
        "null-required": (j) => (j.resource.azurerm_role_assignment[assignmentId].scope = null),
        "bad-reference": (j) => (j.resource.azurerm_role_assignment[assignmentId].principal_id = "${azuread_service_principal.does_not_exist.object_id}"),
      };
      const dirs = Object.entries(breakages).map(([name, breakIt]) => {
        const dir = path.join(fleetWork, "broken", name);
        fs.mkdirSync(dir, { recursive: true });
        const copy = JSON.parse(JSON.stringify(json));
        breakIt(copy);
        fs.writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify(copy, null, 2));
        return dir;
      });
      const report = await validateStacks(dirs, { session });
      const byName = Object.fromEntries(report.results.map((r) => [path.basename(r.stack), r]));
      expect(Object.values(byName).map((r) => r.valid)).toEqual([false, false, false]);
      const text = (name: string) => JSON.stringify(byName[name].diagnostics);
      expect(text("unknown-attribute")).toMatch(/No argument or block type is named .*sign_in_audiense/);
      expect(text("null-required")).toMatch(/Required attribute \\"scope\\" .* is null/);
      expect(text("bad-reference")).toMatch(/Reference to undeclared resource/);
    });
  });

  describe("terraform test with mock_provider: the link stack reads the link back, then acts", () => {
    test("absent → PUT; linked → GET once, then no change; deleted → PUT and a drift warning; other partner → plan fails; each postcondition field; a replaced principal; a wrong sign-in", async () => {
      const stack = stacks.find((s) => s.endsWith("/example/stacks/contoso-link"))!;
      const json = JSON.parse(fs.readFileSync(path.join(stack, "cdk.tf.json"), "utf8"));
      const dir = path.join(fleetWork, "link-test");
      fs.mkdirSync(path.join(dir, "tests"), { recursive: true });
      fs.copyFileSync(path.join(stack, "cdk.tf.json"), path.join(dir, "cdk.tf.json"));
      for (const [name, text] of Object.entries(linkStackTests(json, "11111111-1111-1111-1111-111111111111"))) {
        fs.writeFileSync(path.join(dir, "tests", name), text);
      }

      const result = await runTerraformTest(dir, { session });
      const runs = [
        "no_link_is_created_with_put",
        "an_existing_link_is_recorded_with_get_never_put",
        "an_unchanged_customer_plans_no_change",
        "a_deleted_link_is_created_with_put",
        "a_link_to_another_partner_fails_the_plan",
        "first_apply_links",
        "unchanged_plans_no_change",
        "link_deleted_in_azure_is_recreated",
        "repaired_link_plans_no_change",
        "fails_when_azure_linked_another_object_id",
        "fails_when_azure_linked_in_another_tenant",
        "fails_when_azure_kept_another_partner_id",
        "fails_when_the_link_is_not_active",
        "links_the_first_principal",
        "links_the_replaced_principal_again",
        "refuses_to_link_when_signed_in_as_someone_else",
      ];
      for (const run of runs) expect([run, result.output]).toEqual([run, expect.stringMatching(new RegExp(`run "${run}"\\.\\.\\. pass`))]);
      expect(result.output).toMatch(new RegExp(`Success! ${runs.length} passed, 0 failed`));
      expect(result.exitCode).toBe(0);
    });

    test("relink: true re-points a link to another partner ID with PATCH, then plans no change", async () => {
      const work = fs.mkdtempSync(path.join(os.tmpdir(), "pal-tftest-relink-"));
      const dir = synthesizeLibraryLinkStack(work, { relink: true });
      const json = JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8"));
      fs.mkdirSync(path.join(dir, "tests"), { recursive: true });
      for (const [name, text] of Object.entries(linkStackTests(json, RELINK_TENANT, { relink: true }))) fs.writeFileSync(path.join(dir, "tests", name), text);
      const result = await runTerraformTest(dir, { session });
      fs.rmSync(work, { recursive: true, force: true });
      expect(result.output).toMatch(/run "repoints_a_link_to_another_partner_with_patch"\.\.\. pass/);
      expect(result.output).toMatch(/run "then_no_change"\.\.\. pass/);
      expect(result.exitCode).toBe(0);
    });
  });

  describe("terraform test with mock_provider: a bring-your-own principal is checked at plan", () => {
    test("passes for an Application service principal with both IDs; fails for an application object ID, a managed identity, or another app's object ID", async () => {
      const work = fs.mkdtempSync(path.join(os.tmpdir(), "pal-tftest-byo-"));
      const app = new App({ outdir: work });
      const spec = { ...BYO_CUSTOMER, credential: { type: "none" as const, clientId: INTENDED.clientId, objectId: INTENDED.objectId, signIn: "oidc" as const } };
      addCustomerStacks(app, spec, { type: "local" });
      app.synth();
      const dir = path.join(work, "stacks", "byo-identity");
      const json = JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8"));
      fs.mkdirSync(path.join(dir, "tests"));
      for (const [name, text] of Object.entries(existingPrincipalTests(json, INTENDED))) fs.writeFileSync(path.join(dir, "tests", name), text);
      const result = await runTerraformTest(dir, { session });
      fs.rmSync(work, { recursive: true, force: true });
      for (const run of [
        "a_matching_application_service_principal_passes",
        "the_application_object_id_instead_of_the_sp_object_id_fails",
        "a_managed_identity_fails",
        "an_object_id_of_another_app_fails",
      ]) {
        expect([run, result.output]).toEqual([run, expect.stringMatching(new RegExp(`run "${run}"\\.\\.\\. pass`))]);
      }
      expect(result.exitCode).toBe(0);
    });
  });

  const BYO_CUSTOMER = {
    name: "byo",
    tenantId: "11111111-1111-1111-1111-111111111111",
    subscriptionId: "22222222-2222-2222-2222-222222222222",
    partnerId: INTENDED.partnerId,
    scopes: ["/subscriptions/22222222-2222-2222-2222-222222222222"],
    roles: ["Reader", "Support Request Contributor"],
    owners: [],
    deleteLinkOnDestroy: false,
    acknowledgements: [],
  };

  describe("terraform test with mock_provider: a partner-ID change", () => {
    test("fails the plan naming both IDs without relink, and re-points with PATCH with relink", async () => {
      const work = fs.mkdtempSync(path.join(os.tmpdir(), "pal-tftest-change-"));
      const dir = path.join(work, "change");
      const stacks: Array<[string, string]> = [
        ["old-id", synthesizeLibraryLinkStack(path.join(work, "a"), { partnerId: INTENDED.otherPartnerId })],
        ["new-id", synthesizeLibraryLinkStack(path.join(work, "b"), {})],
        ["new-id-relink", synthesizeLibraryLinkStack(path.join(work, "c"), { relink: true })],
        [".", synthesizeLibraryLinkStack(path.join(work, "d"), { relink: true })],
      ];
      for (const [name, from] of stacks) {
        fs.mkdirSync(path.join(dir, name), { recursive: true });
        fs.copyFileSync(path.join(from, "cdk.tf.json"), path.join(dir, name, "cdk.tf.json"));
      }
      const json = JSON.parse(fs.readFileSync(path.join(dir, "new-id", "cdk.tf.json"), "utf8"));
      fs.mkdirSync(path.join(dir, "tests"));
      fs.writeFileSync(path.join(dir, "tests", "change.tftest.hcl"), partnerIdChangeTest(json, RELINK_TENANT, { oldId: INTENDED.otherPartnerId, newId: INTENDED.partnerId }));
      const result = await runTerraformTest(dir, { session, init: true });
      fs.rmSync(work, { recursive: true, force: true });
      for (const run of ["linked_to_the_old_partner_id", "new_partner_id_without_relink_fails_the_plan", "new_partner_id_with_relink_is_repointed_with_patch"]) {
        expect([run, result.output]).toEqual([run, expect.stringMatching(new RegExp(`run "${run}"\\.\\.\\. pass`))]);
      }
      expect(result.exitCode).toBe(0);
    });
  });

  describe("terraform test with mock_provider: safe teardown", () => {
    test("turning deleteLinkOnDestroy off forgets the DELETE-on-destroy action (removed block) instead of destroying it", async () => {
      const work = fs.mkdtempSync(path.join(os.tmpdir(), "pal-tftest-toggle-"));
      const dir = path.join(work, "toggle");
      const withDelete = synthesizeLibraryLinkStack(path.join(work, "a"), { deleteOnDestroy: true });
      const withoutDelete = synthesizeLibraryLinkStack(path.join(work, "b"), { deleteOnDestroy: false });
      for (const [name, from] of [
        ["with-delete", withDelete],
        ["without-delete", withoutDelete],
        [".", withoutDelete],
      ]) {
        fs.mkdirSync(path.join(dir, name), { recursive: true });
        fs.copyFileSync(path.join(from, "cdk.tf.json"), path.join(dir, name, "cdk.tf.json"));
      }
      const json = JSON.parse(fs.readFileSync(path.join(withDelete, "cdk.tf.json"), "utf8"));
      const [unlink] = Object.entries<any>(json.resource.azapi_resource_action).find(([, a]) => a.when === "destroy")!;
      fs.mkdirSync(path.join(dir, "tests"));
      fs.writeFileSync(path.join(dir, "tests", "toggle.tftest.hcl"), deleteOnDestroyToggleTest(json, RELINK_TENANT));

      const result = await runTerraformTest(dir, { session, init: true });
      // Control: without the removed block, Terraform would destroy the action (and so send its DELETE).
      const bare = JSON.parse(fs.readFileSync(path.join(dir, "without-delete", "cdk.tf.json"), "utf8"));
      delete bare.removed;
      fs.writeFileSync(path.join(dir, "without-delete", "cdk.tf.json"), JSON.stringify(bare));
      const control = await runTerraformTest(dir, { session, init: true });
      fs.rmSync(work, { recursive: true, force: true });

      expect(result.output).toMatch(/run "delete_on_destroy_turned_off"\.\.\. pass/);
      expect(result.output).toMatch(/will discard its tracking information[\s\S]*but it will not delete them:\s+- azapi_resource_action\./);
      expect(result.output).toContain(`- azapi_resource_action.${unlink}`);
      expect(result.exitCode).toBe(0);
      expect(control.output).not.toMatch(/will not delete them/);
    });
  });
});

const RELINK_TENANT = "22222222-2222-2222-2222-222222222222";

/** A library-composed link stack for an existing principal, synthesised into `work`; returns its folder. */
function synthesizeLibraryLinkStack(work: string, props: { relink?: boolean; deleteOnDestroy?: boolean; partnerId?: string }): string {
  const app = new App({ outdir: work });
  const stack = new TerraformStack(app, "link");
  const principal = CustomerPrincipal.fromExisting(stack, "principal", { clientId: INTENDED.clientId, objectId: INTENDED.objectId, tenantId: RELINK_TENANT });
  new ManagementPartnerLink(stack, "link", { principal, partnerId: INTENDED.partnerId, ...props });
  app.synth();
  return path.join(work, "stacks", "link");
}
