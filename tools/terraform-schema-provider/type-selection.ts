/**
 * Serving only the types a run needs. Terraform decodes the whole provider schema in every
 * process (azurerm: ~1500 types, ≈0.25 s per `terraform validate`). With a type selection the
 * plugin serves full schemas for the selected types and an empty-block stub for every other
 * type: Terraform still knows every type name (so "Invalid resource type ... Did you mean"
 * still works), but decodes only what the configuration uses.
 */
import * as fs from "fs";
import type { ProviderSchemaJson, SchemaJson } from "./schema-json";

/** Type names to serve in full, by kind. */
export interface TypeSelection {
  resources: string[];
  data_sources: string[];
  ephemeral_resources: string[];
}

/** Reads a selection written by {@link writeTypeSelection}. */
export function readTypeSelection(file: string): TypeSelection {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<TypeSelection>;
    return {
      resources: parsed.resources ?? [],
      data_sources: parsed.data_sources ?? [],
      ephemeral_resources: parsed.ephemeral_resources ?? [],
    };
  } catch (err) {
    throw new Error(`cannot read type selection ${file}: ${(err as Error).message}`, { cause: err });
  }
}

/** Writes `selection` as JSON to `file`. */
export function writeTypeSelection(file: string, selection: TypeSelection): string {
  fs.writeFileSync(file, JSON.stringify(selection));
  return file;
}

function select(schemas: Record<string, SchemaJson> | undefined, keep: string[]): Record<string, SchemaJson> | undefined {
  if (!schemas) return schemas;
  const wanted = new Set(keep);
  const out: Record<string, SchemaJson> = {};
  for (const [name, schema] of Object.entries(schemas)) {
    out[name] = wanted.has(name) ? schema : { version: schema.version ?? 0, block: {} };
  }
  return out;
}

/** The schema with unselected types reduced to empty-block stubs (provider block and functions unchanged). */
export function applyTypeSelection(schema: ProviderSchemaJson, selection: TypeSelection): ProviderSchemaJson {
  return {
    ...schema,
    resource_schemas: select(schema.resource_schemas, selection.resources),
    data_source_schemas: select(schema.data_source_schemas, selection.data_sources),
    ephemeral_resource_schemas: select(schema.ephemeral_resource_schemas, selection.ephemeral_resources),
  };
}
