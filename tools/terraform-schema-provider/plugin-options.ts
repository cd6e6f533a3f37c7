/**
 * Options of the schema-only provider plugin, from argv (`--schema`, `--provider`, `--proto`,
 * `--cache-dir`, `--types`, `--unmanaged`) with environment fallbacks (`PAL_TF_SCHEMA_FILE`,
 * `PAL_TF_PROVIDER_ADDRESS`, `PAL_TF_PROTO_FILE`, `PAL_TF_SCHEMA_CACHE_DIR`, `PAL_TF_TYPES_FILE`).
 */
export interface PluginOptions {
  /** A `terraform providers schema -json` file. */
  schemaFile: string;
  /** Provider address inside that file, e.g. `registry.terraform.io/hashicorp/azurerm`. */
  providerAddress: string;
  /** tfplugin6.8.proto; default: the one in shared/reference. */
  protoFile?: string;
  /** Folder for cached serialized schema responses; no caching when unset. */
  cacheDir?: string;
  /** JSON TypeSelection file: serve only these types in full (see type-selection.ts). */
  typesFile?: string;
  /**
   * Started by a harness for TF_REATTACH_PROVIDERS instead of by Terraform: no magic cookie
   * needed, no TLS, and the plugin exits when its stdin closes (its parent is gone).
   */
  unmanaged: boolean;
}

export const USAGE =
  "usage: node server.js --schema <providers-schema.json> --provider <namespace/type> " +
  "[--proto <tfplugin6.8.proto>] [--cache-dir <dir>] [--types <selection.json>] [--unmanaged]\n" +
  "  (or set PAL_TF_SCHEMA_FILE / PAL_TF_PROVIDER_ADDRESS / PAL_TF_PROTO_FILE / PAL_TF_SCHEMA_CACHE_DIR / PAL_TF_TYPES_FILE)";

/** Parses argv (without `node script`) and env; throws a message with usage on bad input. */
export function parsePluginOptions(argv: string[], env: NodeJS.ProcessEnv): PluginOptions {
  const flags: Record<string, string> = {};
  let unmanaged = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--unmanaged") {
      unmanaged = true;
      continue;
    }
    const match = /^--(schema|provider|proto|cache-dir|types)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`unknown argument "${arg}"\n${USAGE}`);
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new Error(`missing value for --${match[1]}\n${USAGE}`);
    flags[match[1]] = value;
  }
  const schemaFile = flags.schema ?? env.PAL_TF_SCHEMA_FILE;
  const providerAddress = flags.provider ?? env.PAL_TF_PROVIDER_ADDRESS;
  if (!schemaFile || !providerAddress) {
    throw new Error(`the schema-only provider needs a schema file and a provider address\n${USAGE}`);
  }
  return {
    schemaFile,
    providerAddress,
    protoFile: flags.proto ?? env.PAL_TF_PROTO_FILE,
    cacheDir: flags["cache-dir"] ?? env.PAL_TF_SCHEMA_CACHE_DIR,
    typesFile: flags.types ?? env.PAL_TF_TYPES_FILE,
    unmanaged,
  };
}
