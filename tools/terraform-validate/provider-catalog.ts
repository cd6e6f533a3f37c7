/**
 * The providers the harness serves to Terraform: real schemas from shared/reference, the azapi
 * schema transcribed into the project (the same file the azapi bindings are generated from), plus
 * schemas rebuilt from prebuilt `@cdktf/provider-*` bindings for providers without one.
 */
import * as fs from "fs";
import * as path from "path";
import { AZAPI_SCHEMA_FILE } from "../../scripts/azapi-bindings";
import { PROJECT_ROOT } from "../shared-reference";
import { describeRebuiltSchema, rebuildSchemaFromBindings } from "../terraform-schema-provider/binding-schema";
import { providerTypeName } from "../terraform-schema-provider/schema-json";

/** Real `terraform providers schema -json` files in `shared/reference/provider-schemas/`. */
export const SHARED_PROVIDER_SCHEMAS: ReadonlyArray<{ address: string; file: string }> = [
  { address: "hashicorp/azurerm", file: "azurerm-4.55.0.json" },
  { address: "hashicorp/azuread", file: "azuread-3.7.0.json" },
];

/**
 * Schemas committed in the project: azapi 2.12.0, transcribed from the provider's source at tag
 * v2.12.0 (no `terraform providers schema -json` data of 2.12.0 exists in shared/reference; see
 * tools/terraform-schema-provider/schemas/README.md). Stacks pin azapi to this version.
 */
export const PROJECT_PROVIDER_SCHEMAS: ReadonlyArray<{ address: string; path: string }> = [{ address: "azure/azapi", path: AZAPI_SCHEMA_FILE }];

/** Bindings packages whose provider schema is rebuilt at runtime. */
export const DEFAULT_BINDING_PACKAGES: readonly string[] = ["@cdktf/provider-time"];

/** One provider as served to Terraform. */
export interface ProviderSource {
  /** Short address as written in `required_providers` / `dev_overrides`, e.g. `hashicorp/azurerm`. */
  address: string;
  /** The schema file the plugin serves. */
  schemaFile: string;
  origin: "shared" | "project" | "bindings";
  /** For rebuilt schemas: one line saying where it came from and what is approximate. */
  note?: string;
}

/** The shared schema files with their expected location under `sharedReference`. */
export function sharedSchemaFiles(sharedReference: string): Array<{ address: string; path: string }> {
  return SHARED_PROVIDER_SCHEMAS.map((s) => ({ address: s.address, path: path.join(sharedReference, "provider-schemas", s.file) }));
}

/**
 * Lists the shared schemas and writes the rebuilt ones to `<workDir>/schemas/`. Throws when a
 * shared schema file is missing (callers check prerequisites first, see availability.ts).
 */
export function prepareProviderSources(workDir: string, sharedReference: string, bindingPackages: readonly string[]): ProviderSource[] {
  const sources: ProviderSource[] = sharedSchemaFiles(sharedReference).map((s) => {
    if (!fs.existsSync(s.path)) throw new Error(`provider schema ${s.path} is missing; shared/reference is incomplete`);
    return { address: s.address, schemaFile: s.path, origin: "shared" as const };
  });
  for (const s of PROJECT_PROVIDER_SCHEMAS) {
    if (!fs.existsSync(s.path)) throw new Error(`provider schema ${s.path} is missing from the project`);
    const version = Object.values<string>(JSON.parse(fs.readFileSync(s.path, "utf8")).provider_versions ?? {})[0] ?? "unknown";
    sources.push({
      address: s.address,
      schemaFile: s.path,
      origin: "project",
      note: `schema for ${s.address} ${version} is the subset the kit uses, transcribed from the provider's source (${path.relative(PROJECT_ROOT, s.path)})`,
    });
  }
  const schemaDir = path.join(workDir, "schemas");
  fs.mkdirSync(schemaDir, { recursive: true });
  for (const pkg of bindingPackages) {
    const rebuilt = rebuildSchemaFromBindings(pkg);
    const address = rebuilt.address.split("/").slice(1).join("/");
    if (sources.some((s) => s.address === address)) continue;
    const schemaFile = path.join(schemaDir, `${providerTypeName(address)}-${rebuilt.providerVersion}.json`);
    fs.writeFileSync(schemaFile, JSON.stringify(rebuilt.file));
    sources.push({ address, schemaFile, origin: "bindings", note: describeRebuiltSchema(rebuilt) });
  }
  return sources;
}
