/**
 * `npm run validate`: synthesises the bundled example fleet and a generated fleet that uses every
 * option of the kit, then runs Terraform core's `terraform validate` on every stack, offline,
 * against the real provider schemas (served by the schema-only plugin in
 * tools/terraform-schema-provider/). Prints one line per invalid stack with Terraform's message
 * and a summary line; exits 1 when a stack is invalid, 2 when terraform or the schemas are missing.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, TerraformStack } from "cdktf";
import { parse, stringify } from "yaml";
import { bundledExampleManifest, parseManifest } from "../stacks/manifest/load-manifest";
import { synthesizeApp } from "../stacks/synthesize-app";
import { synthesizeFleet } from "../stacks/synthesize-fleet";
import { addLibraryOptionStacks } from "../tools/library-options-stacks";
import { coverageFleetManifest } from "../tools/generate-fleet";
import { lighthouseCoverageManifest } from "../tools/lighthouse-fleet";
import { lighthouseStackNames } from "../stacks/lighthouse-stacks";
import { describeMissingPrerequisites, formatValidationReport, validateStacks, ValidationReport } from "../tools/terraform-validate";

/** Options of {@link synthesizeValidationFleets}. */
export interface ValidationFleetOptions {
  /** Synthesise HCL instead of JSON. */
  readonly hcl?: boolean;
  /** More apps to validate, by name (the tests add the examples, which import the kit by its package name). */
  readonly apps?: Record<string, (app: App) => void>;
}

/**
 * Synthesises into `workDir` and returns every stack directory: the bundled example fleet (with
 * local state, and again with a minimal azurerm backend), a generated fleet that uses every
 * manifest option, the construct options no manifest sets (tools/library-options-stacks.ts), and
 * `options.apps`.
 */
export function synthesizeValidationFleets(workDir: string, options: ValidationFleetOptions = {}): string[] {
  const example = fs.readFileSync(bundledExampleManifest(), "utf8");
  const minimalAzurermBackend = { type: "azurerm", resourceGroupName: "rg-state", storageAccountName: "stpal", containerName: "pal" };
  const fleets = [
    { name: "example", spec: parseManifest(example, "examples/fleet/pal.config.yaml") },
    { name: "example-azurerm", spec: parseManifest(stringify({ ...parse(example), backend: minimalAzurermBackend }), "example-azurerm.yaml") },
    { name: "coverage", spec: parseManifest(stringify(coverageFleetManifest()), "coverage-fleet.yaml") },
    { name: "lighthouse", spec: parseManifest(stringify(lighthouseCoverageManifest()), "lighthouse-fleet.yaml") },
  ];
  const dirs: string[] = [];
  for (const { name, spec } of fleets) {
    const outdir = path.join(workDir, name);
    const result = synthesizeFleet(spec, { outdir, hcl: options.hcl ?? false });
    if (!result.published) throw new Error(`the ${name} fleet did not synthesise: ${result.findings.map((f) => f.message).join("; ")}`);
    dirs.push(...[...new Set([...result.stacks, ...lighthouseStackNames(spec)])].map((s) => path.join(outdir, "stacks", s)));
  }
  const apps: Record<string, (app: App) => void> = { library: (app) => void addLibraryOptionStacks(app), ...options.apps };
  for (const [name, build] of Object.entries(apps)) {
    const outdir = path.join(workDir, name);
    const app = synthesizeApp(build, { hcl: options.hcl ?? false, app: { outdir, stackTraces: false } });
    dirs.push(...app.node.findAll().filter(TerraformStack.isStack).map((s) => path.join(outdir, "stacks", s.node.id)));
  }
  return dirs;
}

/** Synthesises and validates; returns the report. */
export async function validateFleets(workDir: string): Promise<ValidationReport> {
  return validateStacks(synthesizeValidationFleets(workDir));
}

async function main(): Promise<number> {
  const missing = describeMissingPrerequisites();
  if (missing) {
    console.error(missing);
    return 2;
  }
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "pal-validate-"));
  try {
    const report = await validateFleets(workDir);
    console.log(formatValidationReport(report).split(workDir + path.sep).join(""));
    return report.results.every((r) => r.valid) ? 0 : 1;
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().then(
    (code) => (process.exitCode = code),
    (err) => {
      console.error(`validate: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 1;
    },
  );
}
