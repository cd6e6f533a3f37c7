/**
 * Writes the Terraform CLI config that points each provider at a schema-only plugin folder
 * (`provider_installation { dev_overrides { ... } direct {} }`). With dev_overrides Terraform
 * skips `terraform init`, the lock file and the registry for those providers.
 */
import * as fs from "fs";

/** Renders the CLI config for `overrides` (short provider address → folder with the plugin). */
export function renderCliConfig(overrides: Record<string, string>): string {
  const lines = Object.entries(overrides).map(([address, dir]) => `    ${JSON.stringify(address)} = ${JSON.stringify(dir)}`);
  return ["provider_installation {", "  dev_overrides {", ...lines, "  }", "  direct {}", "}", ""].join("\n");
}

/** Writes the CLI config to `file` and returns `file` (the value for TF_CLI_CONFIG_FILE). */
export function writeCliConfig(file: string, overrides: Record<string, string>): string {
  fs.writeFileSync(file, renderCliConfig(overrides));
  return file;
}
