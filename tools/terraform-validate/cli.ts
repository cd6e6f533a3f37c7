/**
 * CLI: validate synthesised stacks offline.
 *
 *   node dist/tools/terraform-validate/cli.js [--concurrency N] [--mode reattach|dev-overrides] [--keep] [stack-dir ...]
 *
 * Without stack dirs it validates every `cdktf.out/stacks/*` of the current folder. Exit code:
 * 0 all valid, 1 some invalid, 2 usage error or prerequisites missing.
 */
import * as fs from "fs";
import * as path from "path";
import { describeMissingPrerequisites } from "./availability";
import { formatValidationReport } from "./format-report";
import type { PluginMode } from "./terraform-session";
import { validateStacks } from "./validate-stacks";

const USAGE = "usage: cli.js [--concurrency N] [--mode reattach|dev-overrides] [--keep] [stack-dir ...]";

interface CliArgs {
  stacks: string[];
  concurrency?: number;
  mode?: PluginMode;
  keep: boolean;
}

function parseArgs(argv: string[]): CliArgs {
  const out: CliArgs = { stacks: [], keep: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--concurrency") out.concurrency = Number(argv[++i]);
    else if (arg === "--mode") out.mode = argv[++i] as PluginMode;
    else if (arg === "--keep") out.keep = true;
    else if (arg.startsWith("--")) throw new Error(`unknown option ${arg}\n${USAGE}`);
    else out.stacks.push(arg);
  }
  if (out.concurrency !== undefined && !(out.concurrency >= 1)) throw new Error(`--concurrency needs a number >= 1\n${USAGE}`);
  if (out.mode && out.mode !== "reattach" && out.mode !== "dev-overrides") throw new Error(`--mode must be reattach or dev-overrides\n${USAGE}`);
  return out;
}

function defaultStacks(): string[] {
  const root = path.resolve("cdktf.out", "stacks");
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .map((name) => path.join(root, name))
    .filter((dir) => fs.existsSync(path.join(dir, "cdk.tf.json")));
}

async function main(): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  const stacks = args.stacks.length ? args.stacks : defaultStacks();
  if (stacks.length === 0) {
    console.error(`no stacks given and no cdktf.out/stacks/*/cdk.tf.json under ${process.cwd()} (run cdktf synth first)\n${USAGE}`);
    return 2;
  }
  const missing = describeMissingPrerequisites();
  if (missing) {
    console.error(missing);
    return 2;
  }
  const report = await validateStacks(stacks, {
    concurrency: args.concurrency,
    mode: args.mode,
    keepWorkRoot: args.keep,
  });
  console.log(formatValidationReport(report));
  return report.results.every((r) => r.valid) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error((err as Error).message ?? String(err));
    process.exit(2);
  },
);
