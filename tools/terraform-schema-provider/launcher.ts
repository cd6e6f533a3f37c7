/**
 * Writes the `terraform-provider-<type>` executables Terraform's dev_overrides point at: tiny
 * `#!/bin/sh` scripts that `exec node <compiled server.js>` with the schema file and the
 * provider address baked in.
 */
import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "../shared-reference";
import { fullProviderAddress, providerTypeName } from "./schema-json";

/** The compiled plugin entry (`npx tsc -p tsconfig.json` writes it). */
export const COMPILED_SERVER_JS = path.join(PROJECT_ROOT, "dist", "tools", "terraform-schema-provider", "server.js");

/** The compiled host that serves several providers in one process for TF_REATTACH_PROVIDERS. */
export const COMPILED_HOST_JS = path.join(PROJECT_ROOT, "dist", "tools", "terraform-schema-provider", "unmanaged-host.js");

/** What one launcher script starts. */
export interface LauncherSpec {
  /** Provider address, e.g. `hashicorp/azurerm` or `registry.terraform.io/azure/azapi`. */
  address: string;
  /** `terraform providers schema -json` file holding that provider. */
  schemaFile: string;
  /** Optional tfplugin6.8.proto path (default: shared/reference). */
  protoFile?: string;
  /** Optional folder for cached serialized schemas shared by all plugin processes. */
  cacheDir?: string;
  /** Optional type selection file (see type-selection.ts). */
  typesFile?: string;
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Throws when the compiled server is missing, with the command that builds it. */
export function assertCompiledServer(serverJs: string = COMPILED_SERVER_JS): void {
  if (!fs.existsSync(serverJs)) {
    throw new Error(`the schema-only provider is not compiled: ${serverJs} is missing. Run \`npx tsc -p tsconfig.json\` in ${PROJECT_ROOT}.`);
  }
}

/**
 * A warning when a compiled plugin file is older than its TypeScript source, else `undefined`.
 * Only a hint: incremental `tsc` does not rewrite outputs of sources whose content is unchanged.
 */
export function compiledServerStaleness(serverJs: string = COMPILED_SERVER_JS): string | undefined {
  const srcDir = path.join(PROJECT_ROOT, "tools", "terraform-schema-provider");
  if (!fs.existsSync(srcDir) || !fs.existsSync(serverJs)) return undefined;
  const builtDir = path.dirname(serverJs);
  for (const file of fs.readdirSync(srcDir)) {
    if (!file.endsWith(".ts") || file.endsWith(".d.ts")) continue;
    const js = path.join(builtDir, file.replace(/\.ts$/, ".js"));
    if (!fs.existsSync(js) || fs.statSync(js).mtimeMs < fs.statSync(path.join(srcDir, file)).mtimeMs) {
      return (
        `the compiled schema-only provider may be out of date (${path.relative(PROJECT_ROOT, js)} is older than ` +
        `tools/terraform-schema-provider/${file}); run \`npx tsc -p tsconfig.json\` if you changed the plugin`
      );
    }
  }
  return undefined;
}

/** The shell command line that starts the plugin for `spec` (used in launcher scripts). */
export function pluginCommand(spec: LauncherSpec, serverJs: string = COMPILED_SERVER_JS): string {
  const args = [process.execPath, serverJs, "--schema", path.resolve(spec.schemaFile), "--provider", fullProviderAddress(spec.address)];
  if (spec.protoFile) args.push("--proto", path.resolve(spec.protoFile));
  if (spec.cacheDir) args.push("--cache-dir", path.resolve(spec.cacheDir));
  if (spec.typesFile) args.push("--types", path.resolve(spec.typesFile));
  return args.map(shellQuote).join(" ");
}

/**
 * Creates `<dir>/terraform-provider-<type>` for one provider and returns `dir`, the value for
 * that provider in `dev_overrides`. Each provider gets its own folder because Terraform looks
 * for exactly `terraform-provider-<type>` in the folder it is given.
 */
export function writeLauncher(dir: string, spec: LauncherSpec, serverJs: string = COMPILED_SERVER_JS): string {
  fs.mkdirSync(dir, { recursive: true });
  const script = path.join(dir, `terraform-provider-${providerTypeName(spec.address)}`);
  fs.writeFileSync(script, `#!/bin/sh\n# schema-only ${fullProviderAddress(spec.address)} (PAL Kit)\nexec ${pluginCommand(spec, serverJs)} "$@"\n`, {
    mode: 0o755,
  });
  return dir;
}
