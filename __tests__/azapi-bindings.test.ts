import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AZAPI_BINDINGS_DIR, AZAPI_PROVIDER_ADDRESS, AZAPI_PROVIDER_CONSTRAINT, AZAPI_SCHEMA_FILE, generateAzapiBindings } from "../scripts/azapi-bindings";
import { findSharedReference } from "../tools/shared-reference";

/** The schema subset's source files at tag v2.12.0, in shared/reference/azapi-2.12.0/. */
const GO_SOURCES: Record<string, { file: string; pick: (schema: any) => any }> = {
  provider: { file: "internal_provider_provider.go", pick: (s) => s.provider },
  "resource azapi_resource_action": { file: "internal_services_azapi_resource_action_resource.go", pick: (s) => s.resource_schemas.azapi_resource_action },
  "data azapi_resource": { file: "internal_services_azapi_resource_data_source.go", pick: (s) => s.data_source_schemas.azapi_resource },
  "data azapi_client_config": { file: "internal_services_azapi_client_config_data_source.go", pick: (s) => s.data_source_schemas.azapi_client_config },
};

/**
 * The top-level attributes a terraform-plugin-framework `Schema` function declares, with their
 * flags: `"name": schema.XAttribute{ ... Required: true ... }` at the attributes map's indentation
 * (three tabs), or `"name": helper(ctx),` for attributes built by a helper package.
 */
function goAttributes(source: string): Record<string, string> {
  const start = source.indexOf("Attributes: map[string]schema.Attribute{");
  const blocks = source.indexOf("Blocks: map[string]schema.Block{", start);
  const body = source.slice(start, blocks > 0 ? blocks : undefined);
  const out: Record<string, string> = {};
  const pattern = /^\t\t\t"([a-z_]+)": ([^\n]*)$/gm;
  for (let m = pattern.exec(body); m; m = pattern.exec(body)) {
    const [, name, rest] = m;
    if (!rest.endsWith("{")) {
      out[name] = "helper";
      continue;
    }
    const end = body.indexOf("\n\t\t\t},", m.index);
    const block = body.slice(m.index, end);
    out[name] = ["Required", "Optional", "Computed", "WriteOnly", "Sensitive"].filter((f) => new RegExp(`^\\t{4}${f}:\\s+true,`, "m").test(block)).join("+");
  }
  return out;
}

function jsonAttributes(schema: any): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, a] of Object.entries<any>(schema.block.attributes)) {
    out[name] = a.nested_type && name !== "identity" && name !== "endpoint" ? "helper" : ["required", "optional", "computed", "write_only", "sensitive"].filter((f) => a[f]).map((f) => ({ required: "Required", optional: "Optional", computed: "Computed", write_only: "WriteOnly", sensitive: "Sensitive" })[f]).join("+");
  }
  return out;
}

describe("azapi bindings", () => {
  test("the committed bindings are exactly what the committed schema generates", async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "pal-azapi-"));
    const files = await generateAzapiBindings(out);
    expect(files).toEqual(["data-azapi-client-config/index.ts", "data-azapi-resource/index.ts", "index.ts", "provider/index.ts", "resource-action/index.ts"]);
    for (const file of files) {
      const text = fs.readFileSync(path.join(out, file), "utf8");
      expect(text.startsWith("// GENERATED FILE - DO NOT EDIT.\n")).toBe(true);
      expect(text).toBe(fs.readFileSync(path.join(AZAPI_BINDINGS_DIR, file), "utf8"));
    }
    fs.rmSync(out, { recursive: true, force: true });
  });

  test("the input schema lives outside the generated folder, and the generated files are marked linguist-generated", () => {
    expect(path.relative(AZAPI_BINDINGS_DIR, AZAPI_SCHEMA_FILE).startsWith("..")).toBe(true);
    expect(fs.existsSync(path.join(AZAPI_BINDINGS_DIR, "schema.json"))).toBe(false);
    const attributes = fs.readFileSync(path.join(AZAPI_BINDINGS_DIR, "..", "..", ".gitattributes"), "utf8");
    expect(attributes).toMatch(/^constructs\/azapi\/\*\/index\.ts linguist-generated=true$/m);
    expect(attributes).toMatch(/^constructs\/azapi\/index\.ts linguist-generated=true$/m);
  });

  test("the schema subset is azapi 2.12.0, pinned as ~> 2.12.0, with the read-back attributes the link needs", () => {
    const subset = JSON.parse(fs.readFileSync(AZAPI_SCHEMA_FILE, "utf8"));
    expect(subset.provider_versions).toEqual({ [AZAPI_PROVIDER_ADDRESS]: "2.12.0" });
    expect(AZAPI_PROVIDER_CONSTRAINT).toBe("~> 2.12.0");
    const mine = subset.provider_schemas[AZAPI_PROVIDER_ADDRESS];
    expect(mine.data_source_schemas.azapi_resource.block.attributes.ignore_not_found).toMatchObject({ optional: true, type: "bool" });
    expect(mine.data_source_schemas.azapi_resource.block.attributes.exists).toMatchObject({ computed: true, type: "bool" });
    expect(mine.resource_schemas.azapi_resource_action.block.attributes.ignore_not_found).toMatchObject({ optional: true, type: "bool" });
  });

  test("every attribute and its required/optional/computed flags match the provider's source at v2.12.0", () => {
    const shared = findSharedReference();
    if (!shared || !fs.existsSync(path.join(shared, "azapi-2.12.0"))) {
      // The comparison needs the provider's source, which lives outside the project.
      console.warn("SKIPPED azapi 2.12.0 provenance check: shared/reference/azapi-2.12.0/ is not on this machine (set PAL_SHARED_REFERENCE)");
      return;
    }
    const subset = JSON.parse(fs.readFileSync(AZAPI_SCHEMA_FILE, "utf8")).provider_schemas[AZAPI_PROVIDER_ADDRESS];
    for (const [what, { file, pick }] of Object.entries(GO_SOURCES)) {
      const go = goAttributes(fs.readFileSync(path.join(shared, "azapi-2.12.0", file), "utf8"));
      const json = jsonAttributes(pick(subset));
      // Helper-built attributes (`retry`) only need to exist; their inner schema is in a package not in shared/reference.
      for (const [name, flags] of Object.entries(go)) if (flags === "helper") json[name] = "helper";
      expect([what, json]).toEqual([what, go]);
    }
  });
});
