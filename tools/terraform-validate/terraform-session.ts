/**
 * Everything Terraform needs to run offline against schema-only providers, set up once and
 * shared by many `terraform validate` / `terraform test` runs: a temp work root, the schema
 * files, the `terraform-provider-<type>` launchers, the dev_overrides CLI config, and (in the
 * default "reattach" mode) long-lived plugin processes.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { findSharedReference } from "../shared-reference";
import { assertCompiledServer, COMPILED_HOST_JS, compiledServerStaleness, writeLauncher } from "../terraform-schema-provider/launcher";
import { providerTypeName } from "../terraform-schema-provider/schema-json";
import { findTfpluginProto } from "../terraform-schema-provider/tfplugin-proto";
import { TypeSelection, writeTypeSelection } from "../terraform-schema-provider/type-selection";
import { AvailabilityOptions, describeMissingPrerequisites } from "./availability";
import { writeCliConfig } from "./cli-config";
import { DEFAULT_BINDING_PACKAGES, prepareProviderSources, ProviderSource } from "./provider-catalog";
import { startUnmanagedPlugins } from "./reattach";
import { terraformEnv } from "./terraform-env";
import { defaultSchemaCacheDir } from "./schema-cache-dir";

/**
 * How Terraform reaches the plugins:
 * - `reattach` (default): the harness starts one plugin per provider and passes
 *   TF_REATTACH_PROVIDERS; Terraform starts no plugin processes (fast).
 * - `dev-overrides`: Terraform starts the plugins itself through the dev_overrides CLI config,
 *   exactly as it would a real provider (slower: ~2 plugin starts per provider per run).
 */
export type PluginMode = "reattach" | "dev-overrides";

export interface TerraformSessionOptions extends AvailabilityOptions {
  mode?: PluginMode;
  /** Folder for schemas, launchers, CLI config and per-stack work dirs; default: a new temp dir. */
  workRoot?: string;
  /** Keep the work root after {@link TerraformSession.close} (for debugging). */
  keepWorkRoot?: boolean;
  /** Cache of serialized schemas shared by plugin processes; default `$PAL_TERRAFORM_SCHEMA_CACHE`, else `<tmp>/pal-kit-terraform-schema-cache`. */
  schemaCacheDir?: string;
  /**
   * Serve full schemas only for these types (others as empty stubs): much faster with azurerm,
   * but the session can then only run configurations that use no other types. Default: all.
   */
  typeSelection?: TypeSelection;
}

export interface TerraformSession {
  terraformBinary: string;
  mode: PluginMode;
  workRoot: string;
  /** The CLI config (dev_overrides) every Terraform child gets in TF_CLI_CONFIG_FILE. */
  cliConfigFile: string;
  /** Environment for Terraform children (process.env is left alone). */
  env: NodeJS.ProcessEnv;
  providers: ProviderSource[];
  /** Lines worth printing once per run (rebuilt schemas, plugin mode). */
  notes: string[];
  /** The types served in full, when the session serves a subset. */
  typeSelection?: TypeSelection;
  /** Creates a fresh, empty folder under the work root. */
  newWorkDir(name: string): string;
  close(): Promise<void>;
}

/** Sets up a session; throws a one-line message when a prerequisite is missing. */
export async function openTerraformSession(options: TerraformSessionOptions = {}): Promise<TerraformSession> {
  const missing = describeMissingPrerequisites(options);
  if (missing) throw new Error(missing);
  const mode = options.mode ?? "reattach";
  assertCompiledServer();
  if (mode === "reattach") assertCompiledServer(COMPILED_HOST_JS);
  const shared = findSharedReference() as string;
  const protoFile = findTfpluginProto();
  const workRoot = options.workRoot ?? fs.mkdtempSync(path.join(os.tmpdir(), "pal-terraform-"));
  fs.mkdirSync(workRoot, { recursive: true });
  const cacheDir = options.schemaCacheDir ?? defaultSchemaCacheDir();
  const providers = prepareProviderSources(workRoot, shared, options.bindingPackages ?? DEFAULT_BINDING_PACKAGES);

  const typesFile = options.typeSelection ? writeTypeSelection(path.join(workRoot, "types.json"), options.typeSelection) : undefined;
  const overrides: Record<string, string> = {};
  for (const p of providers) {
    overrides[p.address] = writeLauncher(path.join(workRoot, "plugins", providerTypeName(p.address)), {
      address: p.address,
      schemaFile: p.schemaFile,
      protoFile,
      // Rebuilt schemas live in this session's temp dir: caching them would only leave garbage.
      cacheDir: p.origin !== "bindings" ? cacheDir : undefined,
      typesFile,
    });
  }
  const cliConfigFile = writeCliConfig(path.join(workRoot, "terraform.tfrc"), overrides);
  const unmanaged =
    mode === "reattach" ? await startUnmanagedPlugins(providers, { hostJs: COMPILED_HOST_JS, protoFile, cacheDir, typesFile }) : undefined;
  const env = terraformEnv(process.env, {
    TF_CLI_CONFIG_FILE: cliConfigFile,
    TF_REATTACH_PROVIDERS: unmanaged?.reattachJson,
  });
  const notes = providers.flatMap((p) => (p.note ? [p.note] : []));
  const stale = compiledServerStaleness();
  if (stale) notes.push(`WARNING: ${stale}`);
  notes.push(
    mode === "reattach"
      ? `schema-only plugins: ${providers.length} served by one long-lived process, shared via TF_REATTACH_PROVIDERS`
      : `schema-only plugins: started by Terraform through dev_overrides in ${cliConfigFile}`,
  );
  let counter = 0;
  return {
    terraformBinary: options.terraformBinary ?? "terraform",
    mode,
    workRoot,
    cliConfigFile,
    env,
    providers,
    notes,
    typeSelection: options.typeSelection,
    newWorkDir: (name) => {
      const dir = path.join(workRoot, "work", `${String(++counter).padStart(4, "0")}-${name.replace(/[^A-Za-z0-9._-]/g, "_")}`);
      fs.mkdirSync(dir, { recursive: true });
      return dir;
    },
    close: async () => {
      await unmanaged?.stop();
      if (!options.keepWorkRoot && !options.workRoot) fs.rmSync(workRoot, { recursive: true, force: true });
    },
  };
}
