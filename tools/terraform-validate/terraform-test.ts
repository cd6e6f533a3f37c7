/**
 * Runs `terraform test` offline in a copy of a folder, with the same schema-only providers and
 * CLI config as validation (meant for `mock_provider` tests of synthesised stacks: Terraform
 * then fakes plan/apply/read itself and only needs the schemas).
 */
import * as fs from "fs";
import * as path from "path";
import { runProcess } from "./run-process";
import { collectTypeSelection, uncoveredTypes } from "./stack-types";
import { openTerraformSession, TerraformSession, TerraformSessionOptions } from "./terraform-session";

export interface TerraformTestOptions extends TerraformSessionOptions {
  /**
   * Reuse an open session; otherwise one is opened and closed here. When the session serves a
   * type selection, a folder using a type outside it fails before Terraform runs, saying so.
   */
  session?: TerraformSession;
  /**
   * When opening its own session for a folder (and local module subfolders) of only `.tf.json`
   * files: serve full schemas only for the types those files use (default true; ≈5x faster with azurerm). Folders with
   * HCL `.tf` files always get full schemas; pass `typeSelection` to choose explicitly.
   */
  schemaSubset?: boolean;
  /** Extra arguments, e.g. `["-filter=tests/pal.tftest.hcl"]`. */
  args?: string[];
  /** Default 300 s. */
  timeoutMs?: number;
  /**
   * Run `terraform init -backend=false` first: needed when run blocks use `module { source = "./..." }`
   * (local modules must be installed; the schema-only providers come from dev_overrides, nothing is downloaded).
   */
  init?: boolean;
}

export interface TerraformTestResult {
  /** Exit code of `terraform test` (`null` when it timed out or could not start). */
  exitCode: number | null;
  /** stdout then stderr. */
  output: string;
  ms: number;
}

/**
 * Copies `dir` (without `.terraform/` and state files) to a work folder and runs
 * `terraform test -no-color` there.
 */
export async function runTerraformTest(dir: string, options: TerraformTestOptions = {}): Promise<TerraformTestResult> {
  if (!fs.existsSync(dir)) throw new Error(`runTerraformTest: folder ${dir} does not exist`);
  const session = options.session ?? (await openTerraformSession({ ...options, typeSelection: testTypeSelection(dir, options) }));
  try {
    const uncovered = session.typeSelection ? uncoveredTypes(collectTypeSelection(configurationFiles(dir)), session.typeSelection) : [];
    if (uncovered.length > 0) {
      const output =
        `harness: schema subset does not cover ${dir}: the session serves full schemas only for a type selection that lacks ` +
        `${uncovered.join(", ")}; open the session without typeSelection (or include these types) to test this folder`;
      return { exitCode: null, output, ms: 0 };
    }
    const workDir = session.newWorkDir(`test-${path.basename(path.resolve(dir))}`);
    fs.cpSync(dir, workDir, {
      recursive: true,
      filter: (src) => !/(^|[/\\])\.terraform([/\\]|$)|\.tfstate(\.|$)/.test(path.relative(dir, src)),
    });
    if (options.init) {
      const init = await runProcess(session.terraformBinary, ["init", "-backend=false", "-no-color", "-input=false"], { cwd: workDir, env: session.env, timeoutMs: options.timeoutMs ?? 300_000 });
      if (init.code !== 0) return { exitCode: init.code, output: [init.stdout, init.stderr, init.error ?? ""].filter(Boolean).join("\n"), ms: init.ms };
    }
    const run = await runProcess(session.terraformBinary, ["test", "-no-color", ...(options.args ?? [])], {
      cwd: workDir,
      env: session.env,
      timeoutMs: options.timeoutMs ?? 300_000,
    });
    const output = [run.stdout, run.stderr, run.error ?? ""].filter(Boolean).join("\n");
    return { exitCode: run.code, output, ms: run.ms };
  } finally {
    if (!options.session) await session.close();
  }
}

function testTypeSelection(dir: string, options: TerraformTestOptions): TerraformSessionOptions["typeSelection"] {
  if (options.typeSelection || options.schemaSubset === false) return options.typeSelection;
  const files = configurationFiles(dir);
  if (files.some((f) => f.endsWith(".tf"))) return undefined;
  return collectTypeSelection(files);
}

/** The `.tf.json` and `.tf` files of `dir` and its subfolders (local modules), without `.terraform/`. */
function configurationFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => /\.tf(\.json)?$/.test(f) && !/(^|[/\\])\.terraform([/\\]|$)/.test(f))
    .map((f) => path.join(dir, f));
}
