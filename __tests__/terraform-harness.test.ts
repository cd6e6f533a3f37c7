/**
 * Offline Terraform harness: the schema-only provider plugin serves real provider schemas so
 * `terraform validate` / `terraform test` run without the registry. The harness runs from TS
 * source here; the plugin itself runs as compiled JS from dist/ (`npm test` compiles first; alone:
 * `npx tsc -p tsconfig.json`), and the harness says so when dist/ is missing or stale.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { rebuildSchemaFromBindings } from "../tools/terraform-schema-provider/binding-schema";
import { checkBlockConfig, formatPath } from "../tools/terraform-schema-provider/config-checks";
import { UNKNOWN } from "../tools/terraform-schema-provider/dynamic-value";
import type { SchemaBlockJson } from "../tools/terraform-schema-provider/schema-json";
import { generateSelfSignedCertificate } from "../tools/terraform-schema-provider/self-signed-cert";
import { describeWhenTerraformIsAvailable } from "./support/terraform-prerequisites";
import {
  formatValidationReport,
  openTerraformSession,
  parseValidateOutput,
  runTerraformTest,
  StackValidation,
  TerraformSession,
  validateStack,
  validateStacks,
  ValidationReport,
} from "../tools/terraform-validate";
import { collectTypeSelection } from "../tools/terraform-validate/stack-types";
import { loadProviderSchema } from "../tools/terraform-schema-provider/schema-json";
import { applyTypeSelection } from "../tools/terraform-schema-provider/type-selection";
import { parseHostOptions } from "../tools/terraform-schema-provider/unmanaged-host";
import { terraformEnv } from "../tools/terraform-validate/terraform-env";
import { runProcess } from "../tools/terraform-validate/run-process";
import { sharedSchemaFiles } from "../tools/terraform-validate/provider-catalog";
import { findSharedReference } from "../tools/shared-reference";

const FIXTURES = path.join(__dirname, "fixtures", "terraform-harness");
const STACKS = [
  "valid",
  "valid-azurerm-backend",
  "unknown-attribute",
  "required-null",
  "computed-set",
  "bad-reference",
  "unknown-resource-type",
  "wrong-value-type",
];

function errorsOf(result: StackValidation): string[] {
  return result.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.summary}: ${d.detail ?? ""}`);
}

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true }).map(String).sort();
}

describe("schema-only provider pieces (no terraform needed)", () => {
  const block: SchemaBlockJson = {
    attributes: {
      name: { type: "string", required: true },
      id: { type: "string", computed: true },
      tags: { type: ["map", "string"], optional: true, computed: true },
      retry: {
        nested_type: { nesting_mode: "single", attributes: { attempts: { type: "number", required: true } } },
        optional: true,
      },
    },
    block_types: {
      rule: { nesting_mode: "list", block: { attributes: { key: { type: "string", required: true }, etag: { type: "string", computed: true } } } },
    },
  };

  it("flags required-null and computed-only-set, in nested blocks and nested attributes too", () => {
    const findings = checkBlockConfig(block, {
      name: null,
      id: UNKNOWN,
      tags: { a: "b" },
      retry: { attempts: null },
      rule: [{ key: "k", etag: null }, { key: UNKNOWN, etag: "x" }],
    });
    expect(findings.map((f) => `${f.kind} ${formatPath(f.path)}`)).toEqual([
      "required-null name",
      "computed-set id",
      "required-null retry.attempts",
      "computed-set rule[1].etag",
    ]);
  });

  it("treats unknown values as set and unknown blocks as unchecked", () => {
    expect(checkBlockConfig(block, { name: UNKNOWN, id: null, tags: null, retry: UNKNOWN, rule: UNKNOWN })).toEqual([]);
  });

  it("generates a self-signed certificate go-plugin accepts (CA, localhost SAN, valid signature)", () => {
    const cert = generateSelfSignedCertificate();
    const x509 = new crypto.X509Certificate(cert.certPem);
    expect(x509.ca).toBe(true);
    expect(x509.subjectAltName).toContain("DNS:localhost");
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(Buffer.from(cert.certBase64Der, "base64").equals(x509.raw)).toBe(true);
    expect(cert.certBase64Der).not.toMatch(/=$/);
  });

  it("a type selection serves the selected types exactly as the real schema has them, every other type as an empty stub", () => {
    const shared = findSharedReference();
    if (!shared) return void console.warn("SKIPPED type selection against the real azurerm schema: shared/reference not found");
    const azurerm = sharedSchemaFiles(shared).find((s) => s.address === "hashicorp/azurerm")!;
    const full = loadProviderSchema(azurerm.path, "registry.terraform.io/hashicorp/azurerm");
    const subset = applyTypeSelection(full, { resources: ["azurerm_role_assignment"], data_sources: ["azurerm_client_config"], ephemeral_resources: [] });
    expect(subset.provider).toEqual(full.provider);
    expect(subset.functions).toEqual(full.functions);
    expect(subset.resource_schemas?.azurerm_role_assignment).toEqual(full.resource_schemas?.azurerm_role_assignment);
    expect(subset.data_source_schemas?.azurerm_client_config).toEqual(full.data_source_schemas?.azurerm_client_config);
    // Every name stays known (Terraform's "Did you mean" needs them), with nothing in it.
    expect(Object.keys(subset.resource_schemas!)).toEqual(Object.keys(full.resource_schemas!));
    expect(Object.keys(subset.data_source_schemas!)).toEqual(Object.keys(full.data_source_schemas!));
    expect(subset.resource_schemas?.azurerm_resource_group).toEqual({ version: full.resource_schemas?.azurerm_resource_group.version, block: {} });
  });

  it("the multi-provider host refuses unknown arguments and a provider list that is not an array of {address, schemaFile}", () => {
    expect(parseHostOptions(["--providers", '[{"address":"hashicorp/time","schemaFile":"t.json"}]', "--types", "s.json"])).toEqual({
      providers: [{ address: "hashicorp/time", schemaFile: "t.json" }],
      protoFile: undefined,
      typesFile: "s.json",
    });
    expect(() => parseHostOptions(["--schema", "x.json"])).toThrow(/unknown argument "--schema"[\s\S]*usage: node unmanaged-host\.js/);
    expect(() => parseHostOptions(["--providers", "{}"])).toThrow(/non-empty JSON array of \{address, schemaFile, cacheDir\?\}/);
    expect(() => parseHostOptions(["--providers", '[{"address":"hashicorp/time"}]'])).toThrow(/non-empty JSON array/);
  });

  it("Terraform children run with Go's collector off up to a memory limit on one thread, unless the caller's environment tunes Go itself", () => {
    const env = terraformEnv({ PATH: "/bin" }, { TF_CLI_CONFIG_FILE: "/dev/null" });
    expect([env.GOGC, env.GOMEMLIMIT, env.GOMAXPROCS, env.TF_CLI_CONFIG_FILE, env.PATH]).toEqual(["off", "768MiB", "1", "/dev/null", "/bin"]);
    const tuned = terraformEnv({ GOGC: "200", GOMAXPROCS: "4" }, {});
    expect([tuned.GOGC, tuned.GOMEMLIMIT, tuned.GOMAXPROCS]).toEqual(["200", undefined, "4"]);
    expect(terraformEnv({ GOMEMLIMIT: "2GiB" }, {}).GOGC).toBeUndefined();
  });

  it("rebuilds the hashicorp/time schema from @cdktf/provider-time", () => {
    const rebuilt = rebuildSchemaFromBindings("@cdktf/provider-time");
    expect(rebuilt.address).toBe("registry.terraform.io/hashicorp/time");
    expect(rebuilt.providerVersion).toBe("0.13.1");
    const rotating = rebuilt.file.provider_schemas[rebuilt.address].resource_schemas?.time_rotating.block.attributes;
    expect(rotating?.rotation_days).toEqual({ type: "number", optional: true });
    expect(rotating?.triggers).toEqual({ type: ["map", "string"], optional: true });
    expect(rotating?.unix).toEqual({ type: "number", computed: true });
  });
});

// Explicit skip with a reason: without a terraform binary or shared/reference there is nothing
// to run the plugin against; a test that always runs says which prerequisite is missing.
const describeWithTerraform = describeWhenTerraformIsAvailable("terraform-harness integration tests");

describeWithTerraform("terraform validate against schema-only providers", () => {
  let report: ValidationReport;
  const byName = (name: string): StackValidation => {
    const found = report.results.find((r) => path.basename(r.stack) === name);
    if (!found) throw new Error(`no result for fixture ${name}`);
    return found;
  };
  const before = new Map<string, string[]>();

  // One session for the file: it serves full schemas for the types the fixtures use.
  let session: TerraformSession;
  let scratch: string;

  beforeAll(async () => {
    for (const name of STACKS) before.set(name, listFiles(path.join(FIXTURES, name)));
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "pal-harness-"));
    const fixtureFiles = [...STACKS, "mock-test"].map((name) => path.join(FIXTURES, name, "cdk.tf.json"));
    session = await openTerraformSession({ typeSelection: collectTypeSelection(fixtureFiles) });
    // Not printed: six of these fixtures are invalid on purpose, and a passing run shows no INVALID line.
    report = await validateStacks(
      STACKS.map((name) => path.join(FIXTURES, name)),
      { session },
    );
  });
  afterAll(async () => {
    await session?.close();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it("passes a stack with azuread, azurerm (role assignment), azapi and time resources and a local backend", () => {
    expect(errorsOf(byName("valid"))).toEqual([]);
    expect(byName("valid").valid).toBe(true);
  });

  it("passes a stack with an azurerm backend and terraform_remote_state without terraform init", () => {
    expect(errorsOf(byName("valid-azurerm-backend"))).toEqual([]);
    expect(byName("valid-azurerm-backend").valid).toBe(true);
  });

  it("fails an unknown attribute with Terraform's message naming it", () => {
    const result = byName("unknown-attribute");
    expect(result.valid).toBe(false);
    expect(errorsOf(result).join("\n")).toMatch(/"sign_in_audiance"/);
  });

  it("fails a required attribute set to null (plugin check), top-level and in a nested block", () => {
    const result = byName("required-null");
    expect(result.valid).toBe(false);
    const errors = errorsOf(result).join("\n");
    expect(errors).toContain('Required attribute "principal_id" of resource azurerm_role_assignment is null');
    expect(errors).toContain('Required attribute "required_resource_access[*].resource_app_id" of resource azuread_application is null');
    expect(result.diagnostics.map((d) => d.address)).toEqual(
      expect.arrayContaining(["azurerm_role_assignment.pal_reader", "azuread_application.pal_app"]),
    );
  });

  it("fails a computed-only attribute that is set (plugin check), top-level and in a nested block", () => {
    const result = byName("computed-set");
    expect(result.valid).toBe(false);
    const errors = errorsOf(result).join("\n");
    expect(errors).toContain('Computed attribute "object_id" of resource azuread_service_principal cannot be set');
    expect(errors).toContain('Computed attribute "password[*].key_id" of resource azuread_application cannot be set');
  });

  it("fails a reference to a resource that does not exist", () => {
    const result = byName("bad-reference");
    expect(result.valid).toBe(false);
    expect(errorsOf(result).join("\n")).toMatch(/Reference to undeclared resource.*azuread_service_principal" "pal_missing"/s);
  });

  it("fails an unknown resource type and a value of the wrong type", () => {
    expect(errorsOf(byName("unknown-resource-type")).join("\n")).toMatch(/Invalid resource type.*"azurerm_role_asignment"/s);
    expect(errorsOf(byName("wrong-value-type")).join("\n")).toMatch(/Incorrect attribute value type.*"rotation_days"/s);
  });

  it("says in one line that the time schema was rebuilt from bindings, and reports one line per invalid stack", () => {
    const text = formatValidationReport(report);
    const rebuiltLines = text.split("\n").filter((l) => l.includes("rebuilt from the @cdktf/provider-time"));
    expect(rebuiltLines).toHaveLength(1);
    expect(rebuiltLines[0]).toMatch(/registry\.terraform\.io\/hashicorp\/time 0\.13\.1.*approximations: /);
    expect(text.split("\n").filter((l) => l.startsWith("INVALID "))).toHaveLength(6);
    expect(text).toMatch(/validated 8 stacks: 2 valid, 6 invalid in \d+\.\d s$/);
  });

  it("never writes into the given stack folders", () => {
    for (const name of STACKS) expect(listFiles(path.join(FIXTURES, name))).toEqual(before.get(name));
  });

  it("works the same when Terraform starts the plugins itself (dev_overrides, AutoMTLS)", async () => {
    // One Terraform run (each run starts every provider twice): the valid stack, which uses all
    // four providers, with one computed-only attribute set. Its error must come through, and be
    // the only one: everything else validated cleanly through the plugins Terraform started.
    const dir = path.join(scratch, "valid-but-computed-set");
    fs.mkdirSync(dir);
    const json = JSON.parse(fs.readFileSync(path.join(FIXTURES, "valid", "cdk.tf.json"), "utf8"));
    json.resource.azuread_service_principal.pal_sp.object_id = "00000000-0000-0000-0000-000000000000";
    fs.writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify(json));
    expect(Object.keys(json.provider).sort()).toEqual(["azapi", "azuread", "azurerm", "time"]);

    const devReport = await validateStacks([dir], { mode: "dev-overrides" });
    expect(devReport.mode).toBe("dev-overrides");
    expect(devReport.results[0].valid).toBe(false);
    expect(errorsOf(devReport.results[0])).toEqual([expect.stringContaining('Computed attribute "object_id" of resource azuread_service_principal cannot be set')]);
  });

  it("runs terraform test with mock_provider offline", async () => {
    const result = await runTerraformTest(path.join(FIXTURES, "mock-test"), { session });
    expect(result.output).toContain("1 passed, 0 failed");
    expect(result.exitCode).toBe(0);
  });

  it("fails a stack or test folder that uses a type outside the session's schema subset, naming the type, before Terraform runs", async () => {
    const dir = path.join(scratch, "outside-subset");
    fs.mkdirSync(path.join(dir, "tests"), { recursive: true });
    const json = JSON.parse(fs.readFileSync(path.join(FIXTURES, "mock-test", "cdk.tf.json"), "utf8"));
    json.resource.azurerm_resource_group = { rg: { name: "rg-pal", location: "westeurope" } };
    fs.writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify(json));
    fs.copyFileSync(path.join(FIXTURES, "mock-test", "tests", "pal.tftest.hcl"), path.join(dir, "tests", "pal.tftest.hcl"));

    const validation = await validateStack(session, dir);
    expect(validation.valid).toBe(false);
    expect(errorsOf(validation).join("\n")).toMatch(/schema subset does not cover this stack.*lacks resource azurerm_resource_group/s);
    const test = await runTerraformTest(dir, { session });
    expect(test.exitCode).toBeNull();
    expect(test.output).toMatch(/schema subset does not cover .*lacks resource azurerm_resource_group/);
  });

  it("the plugin itself fails a configuration of a type it serves as a stub, when Terraform is run on it without the harness's check", async () => {
    // An empty block fits the stub's empty schema, so only the plugin can tell it was never checked.
    const dir = path.join(scratch, "stub-type");
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify({ resource: { azurerm_resource_group: { rg: {} } } }));
    const run = await runProcess(session.terraformBinary, ["validate", "-json", "-no-color"], { cwd: dir, env: session.env, timeoutMs: 60_000 });
    const parsed = parseValidateOutput(run.stdout, run.stderr);
    expect(parsed.valid).toBe(false);
    expect(parsed.diagnostics.map((d) => d.summary)).toEqual([
      'The resource type "azurerm_resource_group" is not in the type selection of the schema-only registry.terraform.io/hashicorp/azurerm provider',
    ]);
  });
});
