/**
 * Types for the output of `terraform providers schema -json` (format_version 1.0) and a
 * loader that picks one provider out of such a file.
 */
import * as fs from "fs";

/** A cty type in its JSON form: `"string"`, `["list","string"]`, `["object",{...}]`, ... */
export type CtyTypeJson = string | [string, ...unknown[]];

/** Nesting modes of nested blocks (`block_types`). */
export type BlockNestingMode = "single" | "list" | "set" | "map" | "group";

/** Nesting modes of nested attribute types (`nested_type`). */
export type ObjectNestingMode = "single" | "list" | "set" | "map";

export interface SchemaAttributeJson {
  type?: CtyTypeJson;
  nested_type?: NestedTypeJson;
  description?: string;
  description_kind?: string;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  deprecated?: boolean;
  write_only?: boolean;
}

export interface NestedTypeJson {
  attributes: Record<string, SchemaAttributeJson>;
  nesting_mode: ObjectNestingMode;
  min_items?: number;
  max_items?: number;
}

export interface NestedBlockJson {
  nesting_mode: BlockNestingMode;
  block: SchemaBlockJson;
  min_items?: number;
  max_items?: number;
}

export interface SchemaBlockJson {
  attributes?: Record<string, SchemaAttributeJson>;
  block_types?: Record<string, NestedBlockJson>;
  description?: string;
  description_kind?: string;
  deprecated?: boolean;
}

export interface SchemaJson {
  version?: number;
  block: SchemaBlockJson;
}

export interface FunctionParameterJson {
  name?: string;
  type: CtyTypeJson;
  description?: string;
  is_nullable?: boolean;
}

export interface FunctionSignatureJson {
  description?: string;
  summary?: string;
  return_type: CtyTypeJson;
  parameters?: FunctionParameterJson[];
  variadic_parameter?: FunctionParameterJson;
}

/** One provider's entry in `provider_schemas`. */
export interface ProviderSchemaJson {
  provider?: SchemaJson;
  resource_schemas?: Record<string, SchemaJson>;
  data_source_schemas?: Record<string, SchemaJson>;
  ephemeral_resource_schemas?: Record<string, SchemaJson>;
  functions?: Record<string, FunctionSignatureJson>;
}

/** The whole file. */
export interface ProvidersSchemaFileJson {
  format_version: string;
  provider_schemas: Record<string, ProviderSchemaJson>;
}

/** A provider address in full form: `registry.terraform.io/<namespace>/<type>`. */
export function fullProviderAddress(address: string): string {
  const parts = address.split("/");
  if (parts.length === 2) return `registry.terraform.io/${address}`.toLowerCase();
  if (parts.length === 3) return address.toLowerCase();
  throw new Error(
    `invalid provider address "${address}": use "<namespace>/<type>" or "<host>/<namespace>/<type>", e.g. hashicorp/azurerm`,
  );
}

/** The provider type (last address segment), e.g. `azurerm` for `registry.terraform.io/hashicorp/azurerm`. */
export function providerTypeName(address: string): string {
  return fullProviderAddress(address).split("/")[2];
}

/**
 * Reads a `terraform providers schema -json` file and returns the schema of `address`.
 * The address may be short (`hashicorp/azurerm`) or full (`registry.terraform.io/hashicorp/azurerm`).
 */
export function loadProviderSchema(file: string, address: string): ProviderSchemaJson {
  let parsed: ProvidersSchemaFileJson;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8")) as ProvidersSchemaFileJson;
  } catch (err) {
    throw new Error(`cannot read provider schema file ${file}: ${(err as Error).message}`, { cause: err });
  }
  return pickProvider(parsed, address, file);
}

/** Selects `address` from an already parsed schema file; `source` names the file in errors. */
export function pickProvider(parsed: ProvidersSchemaFileJson, address: string, source: string): ProviderSchemaJson {
  if (!parsed || typeof parsed !== "object" || !parsed.provider_schemas) {
    throw new Error(`${source} is not \`terraform providers schema -json\` output: it has no "provider_schemas" object`);
  }
  const wanted = fullProviderAddress(address);
  for (const [key, schema] of Object.entries(parsed.provider_schemas)) {
    if (key.toLowerCase() === wanted) return schema;
  }
  const present = Object.keys(parsed.provider_schemas).join(", ") || "none";
  throw new Error(`${source} has no schema for provider ${wanted} (it has: ${present}); pass the matching provider address`);
}
