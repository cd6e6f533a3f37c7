/**
 * The output directory contract: which directories a synthesis may replace.
 *
 * Publishing replaces the whole output directory, so it must only ever be given a directory that
 * is absent, empty, or a previous PAL Kit / CDKTF output. Anything else (the package root, a
 * directory holding the manifest, `/`, `$HOME`, a project folder) is refused before anything is
 * written, with a message saying which rule it broke and what to do instead.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Manifest } from "cdktf";
import { FINDINGS_FILE } from "./findings-report";
import { findPackageRoot } from "./package-root";

/** The files CDKTF writes at the top of its output directory. */
export const CDKTF_MANIFEST_FILE = Manifest.fileName;
export const CDKTF_STACKS_FOLDER = Manifest.stacksFolder;

/** Thrown when the output directory is not one a synthesis may write. Nothing has been written then. */
export class OutputDirectoryError extends Error {
  constructor(
    /** The output directory, absolute. */
    public readonly outdir: string,
    /** What is wrong with it and what to do. */
    public readonly reason: string,
  ) {
    super(`refusing to write the output directory ${outdir}: ${reason}. Nothing was written; set CDKTF_OUTDIR (or cdktf --output) to a new or empty directory, e.g. cdktf.out`);
    this.name = "OutputDirectoryError";
  }
}

const protectedFiles = new Set<string>();

/**
 * Records a file that an output directory must never contain (the manifest a run reads).
 * {@link loadManifest} calls it for every manifest it reads.
 */
export function protectFromOutput(file: string): void {
  protectedFiles.add(realpathOrResolve(file));
}

/** The resolved path, following symbolic links of the part that exists. */
function realpathOrResolve(p: string): string {
  const abs = path.resolve(p);
  let existing = abs;
  const rest: string[] = [];
  while (!fs.existsSync(existing)) {
    const parent = path.dirname(existing);
    if (parent === existing) break;
    rest.unshift(path.basename(existing));
    existing = parent;
  }
  try {
    return path.join(fs.realpathSync(existing), ...rest);
  } catch {
    return abs;
  }
}

/** True when `inner` is `outer` or inside it. */
function within(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/** A CDKTF `manifest.json`: `{ "version": string, "stacks": {...} }` (cdktf `Manifest.buildManifest`). */
function isCdktfManifest(file: string): boolean {
  try {
    const json = JSON.parse(fs.readFileSync(file, "utf8"));
    return typeof json === "object" && json !== null && typeof json.version === "string" && typeof json.stacks === "object" && json.stacks !== null;
  } catch {
    return false;
  }
}

/**
 * True when `dir` holds a previous output: a CDKTF `manifest.json` (which both `cdktf synth` and
 * PAL Kit write), or only the `pal-findings.json` a run stopped by its checks leaves.
 */
export function isPreviousOutput(dir: string): boolean {
  const entries = fs.readdirSync(dir);
  if (entries.includes(CDKTF_MANIFEST_FILE) && isCdktfManifest(path.join(dir, CDKTF_MANIFEST_FILE))) return true;
  return entries.length > 0 && entries.every((e) => e === FINDINGS_FILE);
}

/**
 * Checks that `outdir` may be replaced by a synthesis; throws an {@link OutputDirectoryError}
 * saying why not. Returns the absolute output directory.
 */
export function checkOutputDirectory(outdir: string, env: NodeJS.ProcessEnv = process.env): string {
  const abs = path.resolve(outdir);
  const real = realpathOrResolve(abs);
  const refuse = (reason: string): never => {
    throw new OutputDirectoryError(abs, reason);
  };
  if (path.dirname(real) === real) refuse("it is the file system root");
  const home = env.HOME || os.homedir();
  if (home && within(realpathOrResolve(home), real)) refuse(`it is your home directory ${home} or contains it`);
  let packageRoot: string | undefined;
  try {
    packageRoot = realpathOrResolve(findPackageRoot(__dirname));
  } catch {
    packageRoot = undefined;
  }
  if (packageRoot && within(packageRoot, real)) refuse(`it is PAL Kit's own package folder ${packageRoot} or contains it`);
  if (within(realpathOrResolve(process.cwd()), real)) refuse(`it is the current directory ${process.cwd()} or contains it`);
  for (const file of protectedFiles) {
    if (within(file, real)) refuse(`it contains the manifest ${file}`);
  }
  let stat: fs.Stats | undefined;
  try {
    stat = fs.lstatSync(abs);
  } catch {
    stat = undefined;
  }
  if (!stat) return abs;
  if (stat.isSymbolicLink()) refuse("it is a symbolic link; point it at the real directory instead");
  if (!stat.isDirectory()) refuse("it exists and is not a directory");
  const entries = fs.readdirSync(abs);
  if (entries.length > 0 && !isPreviousOutput(abs)) {
    const shown = entries.slice(0, 3).join(", ") + (entries.length > 3 ? `, … (${entries.length} entries)` : "");
    refuse(`it is not empty (${shown}) and holds no previous synthesis (no CDKTF ${CDKTF_MANIFEST_FILE})`);
  }
  return abs;
}
