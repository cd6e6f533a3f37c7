/**
 * Loads the tfplugin6 protocol definition at runtime from `shared/reference` (never copied
 * into the project) and returns the gRPC service definition of `tfplugin6.Provider`.
 */
import * as fs from "fs";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { findSharedReference } from "../shared-reference";

/** Relative location of the proto inside `shared/reference`. */
export const TFPLUGIN_PROTO = path.join("terraform-plugin-protocol", "tfplugin6.8.proto");

/** Path of tfplugin6.8.proto in shared/reference, or `undefined` when shared/ is absent. */
export function findTfpluginProto(): string | undefined {
  const shared = findSharedReference();
  if (!shared) return undefined;
  const file = path.join(shared, TFPLUGIN_PROTO);
  return fs.existsSync(file) ? file : undefined;
}

/** Loads `protoFile` (default: the shared one) and returns the tfplugin6.Provider service definition. */
export function loadProviderService(protoFile?: string): grpc.ServiceDefinition {
  const file = protoFile ?? findTfpluginProto();
  if (!file || !fs.existsSync(file)) {
    throw new Error(
      `tfplugin6.8.proto not found${file ? ` at ${file}` : ""}: pass --proto <file> or make shared/reference ` +
        `available (PAL_SHARED_REFERENCE or a checkout next to shared/)`,
    );
  }
  const definition = protoLoader.loadSync(file, {
    keepCase: true,
    longs: Number,
    enums: String,
    defaults: false,
    oneofs: true,
  });
  const service = definition["tfplugin6.Provider"] as grpc.ServiceDefinition | undefined;
  if (!service || !("GetProviderSchema" in service)) {
    throw new Error(`${file} does not define service tfplugin6.Provider with GetProviderSchema`);
  }
  return service;
}

/**
 * Returns a copy of `service` whose response serializers pass `Buffer`s through unchanged,
 * so a handler can answer with bytes it serialized (and cached) earlier.
 */
export function withPreSerializedResponses(service: grpc.ServiceDefinition): grpc.ServiceDefinition {
  const entries = Object.entries(service).map(([name, method]) => {
    const serialize = method.responseSerialize;
    return [name, { ...method, responseSerialize: (value: unknown) => (Buffer.isBuffer(value) ? value : serialize(value)) }];
  });
  return Object.fromEntries(entries) as grpc.ServiceDefinition;
}
