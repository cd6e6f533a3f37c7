/**
 * The manifest's JSON Schema (schemas/pal-config.schema.json): generated from the validator's own
 * key lists and value kinds, committed up to date, accepting every manifest the kit accepts and
 * rejecting the mistakes a schema can see.
 */
import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import { parse } from "yaml";
import { manifestJsonSchemaText } from "../scripts/generate-manifest-schema";
import { LIGHTHOUSE_MANIFEST_KEYS } from "../stacks/manifest/validate-lighthouse";
import { MANIFEST_KEYS } from "../stacks/manifest/validate-manifest";

const ROOT = path.join(__dirname, "..");
const SCHEMA_FILE = path.join(ROOT, "schemas", "pal-config.schema.json");
const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8"));
const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);

const read = (file: string): unknown => (file.endsWith(".json") ? JSON.parse(fs.readFileSync(file, "utf8")) : parse(fs.readFileSync(file, "utf8"), { maxAliasCount: -1 }));
const errorsOf = (file: string) => (validate(read(file)) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));

describe("the manifest JSON Schema", () => {
  test("is up to date: the committed file is what npm run generate:schema writes", () => {
    expect(fs.readFileSync(SCHEMA_FILE, "utf8")).toBe(manifestJsonSchemaText());
  });

  test("knows every key the validator accepts, and no other (closed objects)", () => {
    const text = JSON.stringify(schema);
    for (const keys of [...Object.values(MANIFEST_KEYS), ...Object.values(LIGHTHOUSE_MANIFEST_KEYS)]) {
      for (const key of keys) expect(text).toContain(`"${key}":`);
    }
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.customers.items.additionalProperties).toBe(false);
  });

  const good = [
    ...fs.readdirSync(path.join(__dirname, "fixtures", "good-manifests")).map((f) => path.join("__tests__", "fixtures", "good-manifests", f)),
    "examples/fleet/pal.config.yaml",
    "examples/pipelines/pal.config.yaml",
  ];
  test.each(good)("accepts %s", (file) => {
    expect(errorsOf(path.join(ROOT, file))).toEqual([]);
  });

  test.each(["examples/fleet/pal.config.yaml", "examples/pipelines/pal.config.yaml"])("%s points editors at the schema", (file) => {
    const first = fs.readFileSync(path.join(ROOT, file), "utf8").split("\n")[0];
    const match = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
    expect(match).not.toBeNull();
    expect(path.resolve(path.dirname(path.join(ROOT, file)), match![1])).toBe(SCHEMA_FILE);
  });

  // Mistakes a schema can see (the validator reports these too, with a line number and a fix).
  const bad: Array<[string, string]> = [
    ["018-top-unknown-key-typo.yaml", "must NOT have additional properties"],
    ["020-partnerid-unquoted-number.yaml", "/partnerId must be string"],
    ["026-customers-missing.yaml", "must have required property 'customers'"],
    ["028-customers-mapping.yaml", "/customers must be array"],
    ["032-customer-unknown-key-typo.yaml", "/customers/0 must NOT have additional properties"],
    ["034-customer-name-missing.yaml", "/customers/0 must have required property 'name'"],
    ["035-customer-tenantid-missing.yaml", "must have required property 'tenantId'"],
    ["036-customer-scopes-missing.yaml", "must have required property 'scopes'"],
    ["037-tenantid-domain-name.yaml", "/customers/0/tenantId must match pattern"],
    ["040-tenantid-no-dashes.yaml", "/customers/0/tenantId must match pattern"],
    ["325-approval-by-missing.yaml", "/customers/0/approval must have required property 'by'"],
    ["326-approval-key-typo.yaml", "/customers/0/approval must NOT have additional properties"],
    ["329-policy-require-approval-text.yaml", "/policy/requireApproval must be boolean"],
  ];
  test.each(bad)("rejects bad-manifests/%s", (name, message) => {
    expect(errorsOf(path.join(__dirname, "fixtures", "bad-manifests", name))).toEqual(expect.arrayContaining([expect.stringContaining(message)]));
  });
});
