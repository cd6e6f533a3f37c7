/** Runs the compiled kit (dist/, built by `npm test` before jest) the way users do. */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { findPackageRoot } from "../../stacks/package-root";

export const ROOT = findPackageRoot(__dirname);

/** The compiled entry point; fails with a clear message when `npm run build` has not run. */
export function compiled(relative: string): string {
  const file = path.join(ROOT, "dist", relative);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` (npm test does it before jest)`);
  return file;
}

/** Runs `node dist/main.js` in `cwd` with `env` added; returns exit code and output. */
export function runMain(cwd: string, env: Record<string, string> = {}): { status: number; stdout: string; stderr: string } {
  const { PAL_CONFIG: _a, CDKTF_OUTDIR: _b, ...inherited } = process.env;
  const result = spawnSync(process.execPath, [compiled("main.js")], { cwd, env: { ...inherited, ...env }, encoding: "utf8" });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
