/**
 * The tfplugin6.Provider implementation of the schema-only provider: serves one provider's
 * schema, runs the config checks Terraform core leaves to providers (config-checks.ts), and
 * answers every call that would need a real cloud with a clear error.
 */
import * as grpc from "@grpc/grpc-js";
import { checkBlockConfig } from "./config-checks";
import { errorDiagnostic, findingDiagnostic, ConfigSubject, ProtoDiagnostic } from "./diagnostics";
import { decodeDynamicValue, DynamicValueMessage } from "./dynamic-value";
import { convertProviderSchema } from "./proto-schema";
import type { ProviderSchemaJson, SchemaJson } from "./schema-json";
import type { TypeSelection } from "./type-selection";

/** What the service needs to know about the provider it imitates. */
export interface SchemaProviderOptions {
  /** Full provider address, used in messages. */
  address: string;
  /** Returns the provider's entry from a `terraform providers schema -json` file (called lazily, at most once). */
  loadSchema: () => ProviderSchemaJson;
  /** Serialized `GetProviderSchema.Response` from an earlier run, if cached (see schema-cache.ts). */
  cachedSchemaResponse?: Buffer;
  /** Called with the freshly serialized `GetProviderSchema.Response` so it can be cached. */
  onSchemaSerialized?: (bytes: Buffer) => void;
  /**
   * With a type selection (type-selection.ts): the types served in full. A configuration of any
   * other type is then an error, not checked against its empty stub (which would pass it).
   */
  selection?: TypeSelection;
}

type Call = grpc.ServerUnaryCall<Record<string, unknown>, unknown>;
type Callback = grpc.sendUnaryData<unknown>;
type Handler = (call: Call, callback: Callback) => void;

/** cty's msgpack encoding of an unknown value: fixext1, extension type 0, one zero byte. */
const CTY_UNKNOWN_MSGPACK = Buffer.from([0xd4, 0x00, 0x00]);

const SERVER_CAPABILITIES = { plan_destroy: true, get_provider_schema_optional: false, move_resource_state: false };

/** Builds the handler object for `server.addService(providerService, ...)`. */
export function createProviderImplementation(
  service: grpc.ServiceDefinition,
  options: SchemaProviderOptions,
): grpc.UntypedServiceImplementation {
  const { address } = options;
  let loaded: ProviderSchemaJson | undefined;
  const schema = (): ProviderSchemaJson => (loaded ??= options.loadSchema());
  let schemaResponse = options.cachedSchemaResponse;

  const getSchemaResponse = (): Buffer => {
    if (!schemaResponse) {
      const converted = convertProviderSchema(schema());
      schemaResponse = service.GetProviderSchema.responseSerialize({
        ...converted,
        server_capabilities: SERVER_CAPABILITIES,
        diagnostics: [],
      }) as Buffer;
      options.onSchemaSerialized?.(schemaResponse);
    }
    return schemaResponse;
  };

  const validate =
    (kind: ConfigSubject["kind"], schemas: (s: ProviderSchemaJson) => Record<string, SchemaJson> | undefined, selected?: string[]): Handler =>
    (call, callback) => {
      const typeName = String(call.request.type_name ?? "");
      const found = schemas(schema())?.[typeName];
      if (!found) {
        callback(null, { diagnostics: [unknownType(kind, typeName, address)] });
        return;
      }
      if (selected && !selected.includes(typeName)) {
        callback(null, { diagnostics: [stubbedType(kind, typeName, address)] });
        return;
      }
      callback(null, { diagnostics: checkConfig({ kind, typeName }, found, call.request.config) });
    };

  const unsupported =
    (what: string): Handler =>
    (call, callback) => {
      const typeName = call.request.type_name ? ` (${String(call.request.type_name)})` : "";
      callback(null, {
        diagnostics: [
          errorDiagnostic(
            `${what}${typeName} is not supported by the schema-only ${address} provider`,
            `This plugin only serves the schema of ${address} for offline validation. ` +
              `Run validation only, or use mock_provider "${address.split("/").pop()}" {} in terraform test.`,
          ),
        ],
      });
    };

  const handlers: Record<string, Handler> = {
    GetMetadata: (_call, callback) =>
      callback(null, {
        server_capabilities: SERVER_CAPABILITIES,
        diagnostics: [],
        resources: Object.keys(schema().resource_schemas ?? {}).map((type_name) => ({ type_name })),
        data_sources: Object.keys(schema().data_source_schemas ?? {}).map((type_name) => ({ type_name })),
        ephemeral_resources: Object.keys(schema().ephemeral_resource_schemas ?? {}).map((type_name) => ({ type_name })),
        functions: Object.keys(schema().functions ?? {}).map((name) => ({ name })),
      }),
    GetProviderSchema: (_call, callback) => callback(null, getSchemaResponse()),
    GetFunctions: (_call, callback) =>
      callback(null, { functions: convertProviderSchema({ functions: schema().functions }).functions, diagnostics: [] }),
    ValidateProviderConfig: (call, callback) =>
      callback(null, {
        diagnostics: checkConfig({ kind: "provider", typeName: address.split("/").pop() ?? address }, schema().provider, call.request.config),
      }),
    ValidateResourceConfig: validate("resource", (s) => s.resource_schemas, options.selection?.resources),
    ValidateDataResourceConfig: validate("data source", (s) => s.data_source_schemas, options.selection?.data_sources),
    ValidateEphemeralResourceConfig: validate("ephemeral resource", (s) => s.ephemeral_resource_schemas, options.selection?.ephemeral_resources),
    ConfigureProvider: (_call, callback) => callback(null, { diagnostics: [] }),
    StopProvider: (_call, callback) => callback(null, { Error: "" }),
    // State written by this plugin's schema needs no upgrade: hand the JSON back unchanged.
    UpgradeResourceState: (call, callback) => {
      const raw = call.request.raw_state as { json?: Buffer } | undefined;
      callback(null, { upgraded_state: { json: raw?.json ?? Buffer.from("null") }, diagnostics: [] });
    },
    ReadResource: (call, callback) => callback(null, { new_state: call.request.current_state, diagnostics: [] }),
    PlanResourceChange: unsupported("Planning a resource"),
    ApplyResourceChange: unsupported("Applying a resource"),
    ImportResourceState: unsupported("Importing a resource"),
    MoveResourceState: unsupported("Moving resource state"),
    ReadDataSource: unsupported("Reading a data source"),
    OpenEphemeralResource: unsupported("Opening an ephemeral resource"),
    RenewEphemeralResource: unsupported("Renewing an ephemeral resource"),
    CloseEphemeralResource: unsupported("Closing an ephemeral resource"),
    // A schema-only provider cannot compute function results; an unknown value of the declared
    // return type keeps validation going exactly as if an argument were unknown.
    CallFunction: (_call, callback) => callback(null, { result: { msgpack: CTY_UNKNOWN_MSGPACK } }),
  };

  const implementation: grpc.UntypedServiceImplementation = {};
  for (const name of Object.keys(service)) {
    const handler = handlers[name];
    if (handler) implementation[name] = guard(name, handler);
  }
  return implementation;
}

function checkConfig(subject: ConfigSubject, schema: SchemaJson | undefined, config: unknown): ProtoDiagnostic[] {
  if (!schema) return [];
  const value = decodeDynamicValue(config as DynamicValueMessage | undefined);
  return checkBlockConfig(schema.block, value).map((f) => findingDiagnostic(subject, f));
}

function unknownType(kind: string, typeName: string, address: string): ProtoDiagnostic {
  return errorDiagnostic(
    `Unknown ${kind} type "${typeName}"`,
    `The schema served for ${address} has no ${kind} type "${typeName}". Check the type name and the provider version.`,
  );
}

function stubbedType(kind: string, typeName: string, address: string): ProtoDiagnostic {
  return errorDiagnostic(
    `The ${kind} type "${typeName}" is not in the type selection of the schema-only ${address} provider`,
    `This plugin serves full schemas only for a selection of types (--types) and "${typeName}" as an empty stub, ` +
      `so its configuration cannot be checked. Add the type to the selection, or start the plugin without one.`,
  );
}

/** Turns an exception in a handler into an error diagnostic instead of a broken gRPC call. */
function guard(name: string, handler: Handler): Handler {
  return (call, callback) => {
    try {
      handler(call, callback);
    } catch (err) {
      callback(null, {
        diagnostics: [
          errorDiagnostic(
            `Schema-only provider failed in ${name}`,
            `${(err as Error).stack ?? String(err)}\nThis is a bug in tools/terraform-schema-provider.`,
          ),
        ],
      });
    }
  };
}
