/**
 * The providers the harness serves to Terraform: real schemas from shared/reference, plus
 * schemas rebuilt from prebuilt `@cdktf/provider-*` bindings for providers without one.
 */
import * as fs from "fs";
import * as path from "path";
import { describeRebuiltSchema, rebuildSchemaFromBindings } from "../terraform-schema-provider/binding-schema";
import { providerTypeName } from "../terraform-schema-provider/schema-json";

/** Real `terraform providers schema -json` files in `shared/reference/provider-schemas/`. */
export const SHARED_PROVIDER_SCHEMAS: ReadonlyArray<{ address: string; file: string }> = [
  { address: "hashicorp/azurerm", file: "azurerm-4.55.0.json" },
  { address: "hashicorp/azuread", file: "azuread-3.7.0.json" },
  { address: "azure/azapi", file: "azapi-2.5.0.json" },
];

/** Bindings packages whose provider schema is rebuilt at runtime. */
export const DEFAULT_BINDING_PACKAGES: readonly string[] = ["@cdktf/provider-time"];

/** One provider as served to Terraform. */
export interface ProviderSource {
  /** Short address as written in `required_providers` / `dev_overrides`, e.g. `hashicorp/azurerm`. */
  address: string;
  /** The schema file the plugin serves. */
  schemaFile: string;
  origin: "shared" | "bindings";
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
