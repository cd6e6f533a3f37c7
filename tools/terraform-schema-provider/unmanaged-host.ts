/**
 * One process serving the schema-only provider for several providers at once, for harnesses that
 * hand Terraform the addresses in TF_REATTACH_PROVIDERS (see tools/terraform-validate/reattach.ts).
 * Each provider gets its own gRPC server and port (a reattach address serves one provider), but
 * Node, grpc-js and the parsed tfplugin6 proto are paid for once instead of once per provider.
 *
 *   node dist/tools/terraform-schema-provider/unmanaged-host.js --providers <json> [--proto <file>] [--types <selection.json>]
 *
 * `<json>` is an array of `{ "address": "hashicorp/azurerm", "schemaFile": "...", "cacheDir": "..." }`
 * (`cacheDir` optional). Prints one line per provider, in the order given, once all listen:
 * `<full address> <go-plugin handshake line>`. Exits when its stdin closes (its parent is gone),
 * on SIGTERM, or when Terraform asks any of the servers to shut down.
 */
import { fullProviderAddress } from "./schema-json";
import { RunningPlugin, exitWhenAsked, loadPluginService, startPlugin } from "./server";

/** One provider the host serves. */
export interface HostedProvider {
  /** Provider address, e.g. `hashicorp/azurerm`. */
  address: string;
  /** `terraform providers schema -json` file holding that provider. */
  schemaFile: string;
  /** Folder for cached serialized schemas; no caching when unset. */
  cacheDir?: string;
}

/** What the host was asked to serve. */
export interface HostOptions {
  providers: HostedProvider[];
  protoFile?: string;
  typesFile?: string;
}

export const HOST_USAGE = "usage: node unmanaged-host.js --providers <json array of {address, schemaFile, cacheDir?}> [--proto <file>] [--types <selection.json>]";

/** Parses argv (without `node script`); throws a message with usage on bad input. */
export function parseHostOptions(argv: string[]): HostOptions {
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const match = /^--(providers|proto|types)(?:=(.*))?$/.exec(argv[i]);
    if (!match) throw new Error(`unknown argument "${argv[i]}"\n${HOST_USAGE}`);
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new Error(`missing value for --${match[1]}\n${HOST_USAGE}`);
    flags[match[1]] = value;
  }
  let providers: unknown;
  try {
    providers = JSON.parse(flags.providers ?? "");
  } catch {
    throw new Error(`--providers needs a JSON array\n${HOST_USAGE}`);
  }
  const valid = (p: unknown): p is HostedProvider =>
    typeof p === "object" && p !== null && typeof (p as HostedProvider).address === "string" && typeof (p as HostedProvider).schemaFile === "string";
  if (!Array.isArray(providers) || providers.length === 0 || !providers.every(valid)) {
    throw new Error(`--providers needs a non-empty JSON array of {address, schemaFile, cacheDir?}\n${HOST_USAGE}`);
  }
  return { providers, protoFile: flags.proto, typesFile: flags.types };
}

/** Starts one server per provider, all sharing one parsed service definition. */
export async function startHost(options: HostOptions, onShutdown: () => void): Promise<Array<{ address: string; plugin: RunningPlugin }>> {
  const service = loadPluginService(options.protoFile);
  return Promise.all(
    options.providers.map(async (p) => ({
      address: fullProviderAddress(p.address),
      plugin: await startPlugin(
        { schemaFile: p.schemaFile, providerAddress: p.address, protoFile: options.protoFile, cacheDir: p.cacheDir, typesFile: options.typesFile, unmanaged: true },
        {},
        onShutdown,
        service,
      ),
    })),
  );
}

async function main(argv: string[]): Promise<void> {
  let options: HostOptions;
  try {
    options = parseHostOptions(argv);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
  let hosted: Array<{ address: string; plugin: RunningPlugin }> = [];
  const exit = (): void => {
    void Promise.all(hosted.map((h) => h.plugin.stop())).then(() => process.exit(0));
  };
  hosted = await startHost(options, exit);
  process.stdout.write(hosted.map((h) => `${h.address} ${h.plugin.handshake}\n`).join(""));
  exitWhenAsked(exit, true);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`schema-only provider host failed to start: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  });
}
