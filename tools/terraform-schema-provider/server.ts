/**
 * Entry point of the schema-only Terraform provider plugin (protocol 6). Run as compiled JS:
 *
 *   node dist/tools/terraform-schema-provider/server.js --schema <file> --provider <address>
 *
 * Terraform starts it through a `terraform-provider-<type>` script in a dev_overrides folder
 * (see launcher.ts); a harness can also start it with `--unmanaged` and hand the address to
 * Terraform in TF_REATTACH_PROVIDERS (see tools/terraform-validate/reattach.ts).
 */
import * as grpc from "@grpc/grpc-js";
import { addGoPluginServices } from "./go-plugin-services";
import { checkManagedEnvironment, handshakeLine } from "./handshake";
import { parsePluginOptions, PluginOptions } from "./plugin-options";
import { createProviderImplementation } from "./provider-service";
import { readSchemaCache, schemaCacheFile, servedSchemaCacheFile, writeSchemaCache } from "./schema-cache";
import { fullProviderAddress, loadProviderSchema, ProviderSchemaJson } from "./schema-json";
import { generateSelfSignedCertificate } from "./self-signed-cert";
import { findTfpluginProto, loadProviderService, withPreSerializedResponses } from "./tfplugin-proto";
import { applyTypeSelection, readTypeSelection } from "./type-selection";

/** A running plugin server. */
export interface RunningPlugin {
  port: number;
  /** The go-plugin handshake line (also printed on stdout by {@link main}). */
  handshake: string;
  stop(): Promise<void>;
}

function serverCredentials(env: NodeJS.ProcessEnv): { credentials: grpc.ServerCredentials; certBase64Der: string } {
  // Terraform sends PLUGIN_CLIENT_CERT for AutoMTLS; with TF_DISABLE_PLUGIN_TLS=1 it sends none
  // and expects plaintext gRPC.
  const clientCert = env.PLUGIN_CLIENT_CERT;
  if (!clientCert || env.TF_DISABLE_PLUGIN_TLS) return { credentials: grpc.ServerCredentials.createInsecure(), certBase64Der: "" };
  const cert = generateSelfSignedCertificate();
  return {
    credentials: grpc.ServerCredentials.createSsl(
      Buffer.from(clientCert),
      [{ private_key: Buffer.from(cert.keyPem), cert_chain: Buffer.from(cert.certPem) }],
      true,
    ),
    certBase64Der: cert.certBase64Der,
  };
}

/** The tfplugin6.Provider service definition `startPlugin` serves, loaded from `protoFile` (default: shared/reference). */
export function loadPluginService(protoFile?: string): grpc.ServiceDefinition {
  return withPreSerializedResponses(loadProviderService(protoFile ?? findTfpluginProto()));
}

/**
 * Starts the gRPC server for `options`; `onShutdown` runs when Terraform asks the plugin to stop.
 * `service` (from {@link loadPluginService} with the same proto file) saves parsing the proto again
 * when one process serves several providers (unmanaged-host.ts).
 */
export async function startPlugin(options: PluginOptions, env: NodeJS.ProcessEnv, onShutdown: () => void, service = loadPluginService(options.protoFile)): Promise<RunningPlugin> {
  const address = fullProviderAddress(options.providerAddress);
  const protoFile = options.protoFile ?? findTfpluginProto();
  const selection = options.typesFile ? readTypeSelection(options.typesFile) : undefined;
  const variant = selection ? JSON.stringify(selection) : "";
  const cacheFile = options.cacheDir && protoFile ? schemaCacheFile(options.cacheDir, options.schemaFile, address, protoFile, variant) : undefined;
  const implementation = createProviderImplementation(service, {
    address,
    loadSchema: () => {
      if (!selection) return loadProviderSchema(options.schemaFile, address);
      const servedFile = cacheFile && servedSchemaCacheFile(cacheFile);
      const cached = servedFile && readSchemaCache(servedFile);
      if (cached) {
        try {
          return JSON.parse(cached.toString("utf8")) as ProviderSchemaJson;
        } catch {
          // an unreadable entry is rebuilt below
        }
      }
      const served = applyTypeSelection(loadProviderSchema(options.schemaFile, address), selection);
      if (servedFile) writeSchemaCache(servedFile, Buffer.from(JSON.stringify(served)));
      return served;
    },
    cachedSchemaResponse: cacheFile ? readSchemaCache(cacheFile) : undefined,
    onSchemaSerialized: cacheFile ? (bytes) => writeSchemaCache(cacheFile, bytes) : undefined,
    selection,
  });
  const server = new grpc.Server({ "grpc.max_send_message_length": -1, "grpc.max_receive_message_length": 256 << 20 });
  server.addService(service, implementation);
  addGoPluginServices(server, onShutdown);
  const { credentials, certBase64Der } = options.unmanaged
    ? { credentials: grpc.ServerCredentials.createInsecure(), certBase64Der: "" }
    : serverCredentials(env);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", credentials, (err, boundPort) => (err ? reject(err) : resolve(boundPort))),
  );
  return {
    port,
    handshake: handshakeLine(port, certBase64Der),
    stop: () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.forceShutdown(), 500);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}

/** Process entry: parse options, check the handshake environment, serve until told to stop. */
export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<void> {
  let options: PluginOptions;
  try {
    options = parsePluginOptions(argv, env);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
  if (!options.unmanaged) {
    const problem = checkManagedEnvironment(env);
    if (problem) {
      process.stderr.write(`${problem}\n`);
      process.exit(1);
    }
  }
  let plugin: RunningPlugin | undefined;
  const exit = (): void => {
    void (plugin ? plugin.stop() : Promise.resolve()).then(() => process.exit(0));
  };
  plugin = await startPlugin(options, env, exit);
  process.stdout.write(`${plugin.handshake}\n`);
  exitWhenAsked(exit, options.unmanaged === true);
}

/**
 * Runs `exit` on SIGTERM and, for a plugin the harness started (`watchStdin`), when its stdin
 * closes (the harness went away); ignores SIGINT: go-plugin forwards Ctrl-C to the whole process
 * group, and Terraform then asks for a clean stop.
 */
export function exitWhenAsked(exit: () => void, watchStdin: boolean): void {
  if (watchStdin) {
    process.stdin.on("end", exit);
    process.stdin.on("error", exit);
    process.stdin.resume();
  }
  process.on("SIGTERM", exit);
  process.on("SIGINT", () => undefined);
}

if (require.main === module) {
  main(process.argv.slice(2), process.env).catch((err: unknown) => {
    process.stderr.write(`schema-only provider failed to start: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  });
}
