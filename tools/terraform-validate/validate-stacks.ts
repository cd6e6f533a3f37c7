/**
 * Runs `terraform validate -json` over many synthesised CDKTF stacks in parallel, offline,
 * against the schema-only provider plugins.
 *
 * Init and backends (measured with Terraform 1.11.4): `terraform validate` needs no
 * `terraform init` here. dev_overrides / TF_REATTACH_PROVIDERS bypass provider installation and
 * the lock file, and validate never initialises the backend, so stacks with `backend "local"` or
 * `backend "azurerm"` and `data "terraform_remote_state"` validate as they are; the copied
 * cdk.tf.json is therefore left unchanged. (Stacks that use `module` blocks would still need
 * `terraform init` to install modules; CDKTF stacks of this kit have none.)
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { mapWithConcurrency } from "./parallel";
import { runProcess } from "./run-process";
import { collectTypeSelection, stackTypes, uncoveredTypes } from "./stack-types";
import { openTerraformSession, PluginMode, TerraformSession, TerraformSessionOptions } from "./terraform-session";

/** A diagnostic as `terraform validate -json` reports it (the fields the harness uses). */
export interface TerraformDiagnostic {
  severity: "error" | "warning";
  summary: string;
  detail?: string;
  /** Resource address Terraform attached, e.g. `azuread_application.app`. */
  address?: string;
  range?: { filename: string; start: { line: number; column: number } };
}

/** The outcome for one stack. */
export interface StackValidation {
  /** The stack directory (or cdk.tf.json path) as given. */
  stack: string;
  valid: boolean;
  /** Terraform's diagnostics, without the harness's own "development overrides" warning. */
  diagnostics: TerraformDiagnostic[];
  ms: number;
}

export interface ValidationReport {
  results: StackValidation[];
  /** Lines to show once (rebuilt schemas, plugin mode). */
  notes: string[];
  /** Wall time of the whole run including setup. */
  ms: number;
  concurrency: number;
  mode: PluginMode;
}

export interface ValidateStacksOptions extends TerraformSessionOptions {
  /** Parallel `terraform validate` runs; default: number of CPUs. */
  concurrency?: number;
  /** Per-stack timeout; default 120 s. */
  timeoutMs?: number;
  /** Reuse an open session (its mode and type selection win); otherwise one is opened and closed here. */
  session?: TerraformSession;
  /**
   * When opening its own session: serve full schemas only for the types these stacks use
   * (default true; ≈4x faster per stack with azurerm). Unknown type names still fail with
   * Terraform's own "Invalid resource type ... Did you mean" message.
   */
  schemaSubset?: boolean;
  /** Called as each stack finishes. */
  onResult?: (result: StackValidation) => void;
}

const DEV_OVERRIDES_WARNING = "Provider development overrides are in effect";

/** The configuration file of a stack: the file itself, or the folder's cdk.tf.json (JSON) or cdk.tf (HCL). */
function stackFile(stack: string): string {
  if (stack.endsWith(".tf.json") || stack.endsWith(".tf")) return stack;
  const json = path.join(stack, "cdk.tf.json");
  const hcl = path.join(stack, "cdk.tf");
  return !fs.existsSync(json) && fs.existsSync(hcl) ? hcl : json;
}

function failure(summary: string, detail: string): TerraformDiagnostic {
  return { severity: "error", summary, detail };
}

/** Parses `terraform validate -json` output; anything else becomes one error diagnostic. */
export function parseValidateOutput(stdout: string, stderr: string): { valid: boolean; diagnostics: TerraformDiagnostic[] } {
  try {
    const parsed = JSON.parse(stdout) as { valid?: boolean; diagnostics?: TerraformDiagnostic[] };
    if (typeof parsed.valid !== "boolean") throw new Error("no 'valid' field");
    const diagnostics = (parsed.diagnostics ?? []).filter((d) => d.summary !== DEV_OVERRIDES_WARNING);
    return { valid: parsed.valid, diagnostics };
  } catch {
    const text = `${stdout}\n${stderr}`.trim() || "no output";
    return { valid: false, diagnostics: [failure("terraform validate did not return JSON", text)] };
  }
}

/** Validates one stack inside an open session. Never writes into the stack's own folder. */
export async function validateStack(session: TerraformSession, stack: string, timeoutMs = 120_000): Promise<StackValidation> {
  const started = Date.now();
  const source = stackFile(stack);
  if (!fs.existsSync(source)) {
    const detail = `expected ${source}; pass a synthesised CDKTF stack folder (cdktf.out/stacks/<name>), a .tf.json or a .tf file`;
    return { stack, valid: false, diagnostics: [failure("cdk.tf.json not found", detail)], ms: Date.now() - started };
  }
  const used = session.typeSelection && stackTypes(source);
  const uncovered = used && session.typeSelection ? uncoveredTypes(used, session.typeSelection) : [];
  if (uncovered.length > 0) {
    const detail =
      `the session serves full schemas only for a type selection that lacks ${uncovered.join(", ")}; ` +
      `open the session without typeSelection (or include these types) to validate this stack`;
    return { stack, valid: false, diagnostics: [failure("harness: schema subset does not cover this stack", detail)], ms: Date.now() - started };
  }
  const workDir = session.newWorkDir(path.basename(path.resolve(stack)));
  fs.copyFileSync(source, path.join(workDir, source.endsWith(".tf") ? "cdk.tf" : "cdk.tf.json"));
  const run = await runProcess(session.terraformBinary, ["validate", "-json", "-no-color"], {
    cwd: workDir,
    env: session.env,
    timeoutMs,
  });
  const parsed = run.error
    ? { valid: false, diagnostics: [failure("terraform validate did not finish", run.error)] }
    : parseValidateOutput(run.stdout, run.stderr);
  return { stack, ...parsed, ms: Date.now() - started };
}

/**
 * Validates every stack (a folder holding cdk.tf.json, or the file itself) with bounded
 * parallelism and returns one result per stack, in input order.
 */
export async function validateStacks(stackDirs: string[], options: ValidateStacksOptions = {}): Promise<ValidationReport> {
  const started = Date.now();
  const concurrency = Math.max(1, options.concurrency ?? os.availableParallelism?.() ?? os.cpus().length);
  const typeSelection =
    options.typeSelection ?? (options.schemaSubset === false ? undefined : collectTypeSelection(stackDirs.map(stackFile)));
  const session = options.session ?? (await openTerraformSession({ ...options, typeSelection }));
  try {
    const results = await mapWithConcurrency(stackDirs, concurrency, async (stack) => {
      const result = await validateStack(session, stack, options.timeoutMs);
      options.onResult?.(result);
      return result;
    });
    return { results, notes: session.notes, ms: Date.now() - started, concurrency, mode: session.mode };
  } finally {
    if (!options.session) await session.close();
  }
}
