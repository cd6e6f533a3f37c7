import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AZAPI_BINDINGS_DIR, AZAPI_PROVIDER_ADDRESS, AZAPI_SCHEMA_FILE, generateAzapiBindings } from "../scripts/azapi-bindings";
import { findSharedReference } from "../tools/shared-reference";

describe("azapi bindings", () => {
  test("the committed bindings are exactly what the committed schema generates", async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "pal-azapi-"));
    const files = await generateAzapiBindings(out);
    expect(files).toEqual(["data-azapi-client-config/index.ts", "index.ts", "provider/index.ts", "resource-action/index.ts"]);
    for (const file of files) {
      expect(fs.readFileSync(path.join(out, file), "utf8")).toBe(fs.readFileSync(path.join(AZAPI_BINDINGS_DIR, file), "utf8"));
    }
  });

  test("the schema subset is azapi 2.5.0 and is copied verbatim from the real schema", () => {
    const subset = JSON.parse(fs.readFileSync(AZAPI_SCHEMA_FILE, "utf8"));
    expect(subset.provider_versions).toEqual({ [AZAPI_PROVIDER_ADDRESS]: "2.5.0" });
    const shared = findSharedReference();
    if (!shared) {
      // The attribute-by-attribute comparison needs the real schema, which lives outside the project.
      console.warn("azapi schema provenance check skipped: shared/reference/ is not on this machine (set PAL_SHARED_REFERENCE)");
      return;
    }
    const real = JSON.parse(fs.readFileSync(path.join(shared, "provider-schemas", "azapi-2.5.0.json"), "utf8")).provider_schemas[AZAPI_PROVIDER_ADDRESS];
    const mine = subset.provider_schemas[AZAPI_PROVIDER_ADDRESS];
    expect(mine.provider).toEqual(real.provider);
    for (const [kind, entries] of Object.entries<Record<string, unknown>>({ resource_schemas: mine.resource_schemas, data_source_schemas: mine.data_source_schemas })) {
      for (const [name, schema] of Object.entries(entries)) expect(schema).toEqual(real[kind][name]);
    }
  });
});
