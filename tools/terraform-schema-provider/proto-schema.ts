/**
 * Converts provider schemas from the `terraform providers schema -json` form to plain objects
 * shaped like the tfplugin6 protobuf messages (`Schema`, `Function`), ready for
 * @grpc/proto-loader's serializer (loaded with `keepCase: true`). Descriptions are dropped:
 * Terraform does not need them to validate, and they are most of the bytes.
 */
import type {
  CtyTypeJson,
  FunctionParameterJson,
  FunctionSignatureJson,
  NestedBlockJson,
  NestedTypeJson,
  ProviderSchemaJson,
  SchemaAttributeJson,
  SchemaBlockJson,
  SchemaJson,
} from "./schema-json";

export interface ProtoAttribute {
  name: string;
  type?: Buffer;
  nested_type?: ProtoObject;
  required: boolean;
  optional: boolean;
  computed: boolean;
  sensitive: boolean;
  deprecated: boolean;
  write_only: boolean;
}

export interface ProtoObject {
  attributes: ProtoAttribute[];
  nesting: string;
  min_items: number;
  max_items: number;
}

export interface ProtoNestedBlock {
  type_name: string;
  block: ProtoBlock;
  nesting: string;
  min_items: number;
  max_items: number;
}

export interface ProtoBlock {
  version: number;
  attributes: ProtoAttribute[];
  block_types: ProtoNestedBlock[];
  deprecated: boolean;
}

export interface ProtoSchema {
  version: number;
  block: ProtoBlock;
}

export interface ProtoFunctionParameter {
  name: string;
  type: Buffer;
  allow_null_value: boolean;
  allow_unknown_values: boolean;
}

export interface ProtoFunction {
  parameters: ProtoFunctionParameter[];
  variadic_parameter?: ProtoFunctionParameter;
  return: { type: Buffer };
  summary: string;
}

/** The parts of `GetProviderSchema.Response` that come from the schema file. */
export interface ProtoProviderSchema {
  provider: ProtoSchema;
  resource_schemas: Record<string, ProtoSchema>;
  data_source_schemas: Record<string, ProtoSchema>;
  ephemeral_resource_schemas: Record<string, ProtoSchema>;
  functions: Record<string, ProtoFunction>;
}

/** cty types travel as their JSON encoding in `bytes` fields. */
function ctyTypeBytes(type: CtyTypeJson): Buffer {
  return Buffer.from(JSON.stringify(type), "utf8");
}

function convertAttribute(name: string, attr: SchemaAttributeJson): ProtoAttribute {
  const out: ProtoAttribute = {
    name,
    required: attr.required === true,
    optional: attr.optional === true,
    computed: attr.computed === true,
    sensitive: attr.sensitive === true,
    deprecated: attr.deprecated === true,
    write_only: attr.write_only === true,
  };
  if (attr.nested_type) out.nested_type = convertObject(attr.nested_type);
  else if (attr.type !== undefined) out.type = ctyTypeBytes(attr.type);
  else throw new Error(`attribute "${name}" has neither "type" nor "nested_type"`);
  return out;
}

function convertObject(nested: NestedTypeJson): ProtoObject {
  return {
    attributes: Object.entries(nested.attributes ?? {}).map(([n, a]) => convertAttribute(n, a)),
    nesting: nested.nesting_mode.toUpperCase(),
    min_items: nested.min_items ?? 0,
    max_items: nested.max_items ?? 0,
  };
}

function convertNestedBlock(name: string, nested: NestedBlockJson): ProtoNestedBlock {
  return {
    type_name: name,
    block: convertBlock(nested.block, 0),
    nesting: nested.nesting_mode.toUpperCase(),
    min_items: nested.min_items ?? 0,
    max_items: nested.max_items ?? 0,
  };
}

function convertBlock(block: SchemaBlockJson | undefined, version: number): ProtoBlock {
  return {
    version,
    attributes: Object.entries(block?.attributes ?? {}).map(([n, a]) => convertAttribute(n, a)),
    block_types: Object.entries(block?.block_types ?? {}).map(([n, b]) => convertNestedBlock(n, b)),
    deprecated: block?.deprecated === true,
  };
}

/** Converts one `Schema` (provider, resource, data source or ephemeral resource). */
export function convertSchema(schema: SchemaJson | undefined): ProtoSchema {
  const version = schema?.version ?? 0;
  return { version, block: convertBlock(schema?.block, version) };
}

function convertParameter(p: FunctionParameterJson, index: number): ProtoFunctionParameter {
  return {
    name: p.name ?? `arg${index}`,
    type: ctyTypeBytes(p.type),
    allow_null_value: p.is_nullable === true,
    allow_unknown_values: false,
  };
}

function convertFunction(fn: FunctionSignatureJson): ProtoFunction {
  const out: ProtoFunction = {
    parameters: (fn.parameters ?? []).map(convertParameter),
    return: { type: ctyTypeBytes(fn.return_type) },
    summary: fn.summary ?? "",
  };
  if (fn.variadic_parameter) out.variadic_parameter = convertParameter(fn.variadic_parameter, 0);
  return out;
}

function mapValues<T, U>(record: Record<string, T> | undefined, fn: (v: T) => U): Record<string, U> {
  const out: Record<string, U> = {};
  for (const [k, v] of Object.entries(record ?? {})) out[k] = fn(v);
  return out;
}

/** Converts a whole provider entry of a schema file. */
export function convertProviderSchema(schema: ProviderSchemaJson): ProtoProviderSchema {
  return {
    provider: convertSchema(schema.provider),
    resource_schemas: mapValues(schema.resource_schemas, convertSchema),
    data_source_schemas: mapValues(schema.data_source_schemas, convertSchema),
    ephemeral_resource_schemas: mapValues(schema.ephemeral_resource_schemas, convertSchema),
    functions: mapValues(schema.functions, convertFunction),
  };
}
