/**
 * Synthesis writes into a staging directory next to the output directory; only a synthesis
 * without errors is published, by swapping the whole staging tree in for the output directory.
 *
 * - Contract: the output directory must be absent, empty or a previous output
 *   (stacks/output-directory.ts); anything else is refused before anything is written.
 * - Lock: {@link createStagingDir} takes an exclusive lock on the output directory
 *   (stacks/output-lock.ts) that {@link publishStagingDir} / {@link discardStagingDir} release, so
 *   concurrent runs into one directory take turns instead of mixing their trees.
 * - Atomic: the new tree is complete before the swap (Terraform's files of the previous tree,
 *   `.terraform/` and lock files, are hard-linked in first), then two renames swap it in:
 *   `outdir` → `.outdir.previous-*`, staging → `outdir`. A reader sees the old tree or the new
 *   one, never a mix (between the two renames, for the time of one rename(2), no tree at all).
 *   A run killed between the renames is repaired by the next run, which puts the previous tree
 *   back before it starts. Any failure before the swap leaves the previous output as it was.
 * - Stale staging and previous trees of dead runs are removed by the next run, under the lock.
 */
import * as fs from "fs";
import * as path from "path";
import { CDKTF_STACKS_FOLDER, checkOutputDirectory } from "./output-directory";
import { acquireOutputLock, OutputLock, OutputLockOptions } from "./output-lock";

/** Options of {@link createStagingDir}. */
export interface StagingOptions extends OutputLockOptions {}

interface Staging {
  readonly outdir: string;
  readonly lock: OutputLock;
}

const stagings = new Map<string, Staging>();

const stagingPrefix = (outdir: string) => `.${path.basename(outdir)}.staging-`;
const previousPrefix = (outdir: string) => `.${path.basename(outdir)}.previous-`;

/**
 * Checks the output directory contract, takes the lock on `outdir`, repairs or cleans what dead
 * runs left, and returns a fresh staging directory beside `outdir` (same file system, so
 * publishing is a rename). Throws {@link OutputDirectoryError} for a directory that must not be written.
 */
export function createStagingDir(outdir: string, options: StagingOptions = {}): string {
  const abs = checkOutputDirectory(outdir);
  const parent = path.dirname(abs);
  fs.mkdirSync(parent, { recursive: true });
  const lock = acquireOutputLock(abs, options);
  try {
    // Checked again under the lock: another run may have changed it while this one waited.
    checkOutputDirectory(abs);
    recoverDeadRuns(abs);
    const staging = fs.mkdtempSync(path.join(parent, `${stagingPrefix(abs)}${process.pid}-`));
    // mkdtemp creates 0700; the output directory should have the usual permissions once renamed.
    fs.chmodSync(staging, 0o777 & ~process.umask());
    stagings.set(staging, { outdir: abs, lock });
    return staging;
  } catch (err) {
    lock.release();
    throw err;
  }
}

/**
 * What runs that died left beside `outdir`. Every staging directory is made under the lock, so
 * with the lock held, any other staging or previous tree is a dead run's.
 */
function recoverDeadRuns(outdir: string): void {
  const parent = path.dirname(outdir);
  const leftovers = fs.readdirSync(parent);
  const previous = leftovers.filter((e) => e.startsWith(previousPrefix(outdir))).sort();
  if (!fs.existsSync(outdir) && previous.length > 0) {
    // Killed between the two renames of a swap: the previous tree is put back.
    fs.renameSync(path.join(parent, previous[previous.length - 1]), outdir);
  }
  for (const e of leftovers) {
    if (e.startsWith(stagingPrefix(outdir)) || e.startsWith(previousPrefix(outdir))) {
      fs.rmSync(path.join(parent, e), { recursive: true, force: true });
    }
  }
}

/** Removes a staging directory and gives up the lock taken with it. */
export function discardStagingDir(staging: string): void {
  try {
    fs.rmSync(staging, { recursive: true, force: true });
  } finally {
    const entry = stagings.get(staging);
    stagings.delete(staging);
    entry?.lock.release();
  }
}

/** Files CDKTF writes into a stack directory; other files there (.terraform/, lock files) are Terraform's and kept. */
const SYNTHESISED_STACK_FILES = new Set(["cdk.tf.json", "cdk.tf", "metadata.json"]);
/** Top-level folders the kit writes whole on every synthesis: never carried over from the previous tree (a stale one would outlive its customers). */
const SYNTHESISED_TOP_FOLDERS = new Set(["lighthouse", "customers"]);

/** Options of {@link publishStagingDir}. */
export interface PublishOptions {
  /**
   * Keep the directories of stacks no longer synthesised in the new tree, for the CDKTF CLI to
   * remove: `cdktf synth` lists `stacks/` before it runs the app and deletes the orphans after
   * (with `fs.rmSync` without `force`, cli-core `synth-stack.js`), failing with ENOENT when they
   * are already gone.
   * @default true when run by the CDKTF CLI (it sets CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS), else false
   */
  readonly keepRemovedStacks?: boolean;
}

/** True when the CDKTF CLI runs this app: it sets these for the app command (cli-core `synth-stack.js`). */
export function runByCdktfCli(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS === "true" && env.CDKTF_OUTDIR !== undefined;
}

/**
 * Publishes a finished synthesis: makes `staging` the new `outdir` in one swap and releases the
 * lock. Terraform's files in stack directories that are synthesised again (`.terraform/`,
 * `.terraform.lock.hcl`) and other top-level entries of the previous output are carried over;
 * stacks no longer synthesised are removed (as the CDKTF CLI does). On failure the previous
 * output is left as it was and `staging` is removed.
 */
export function publishStagingDir(staging: string, outdir: string, options: PublishOptions = {}): void {
  const entry = stagings.get(staging);
  const abs = path.resolve(outdir);
  if (entry && entry.outdir !== abs) throw new Error(`${staging} was made for ${entry.outdir}, not ${abs}`);
  const keepRemoved = options.keepRemovedStacks ?? runByCdktfCli();
  try {
    const parent = path.dirname(abs);
    if (fs.existsSync(abs)) {
      carryOver(abs, staging, keepRemoved);
      const previous = fs.mkdtempSync(path.join(parent, `${previousPrefix(abs)}${process.pid}-`));
      fs.rmdirSync(previous); // only its unique name is wanted: rename(2) onto a directory must find it empty or absent
      fs.renameSync(abs, previous);
      try {
        fs.renameSync(staging, abs);
      } catch (err) {
        fs.renameSync(previous, abs);
        throw err;
      }
      fs.rmSync(previous, { recursive: true, force: true });
    } else {
      fs.renameSync(staging, abs);
    }
  } catch (err) {
    discardStagingDir(staging);
    throw err;
  }
  stagings.delete(staging);
  entry?.lock.release();
}

/** Links what the previous tree holds that synthesis does not write into the new tree. */
function carryOver(outdir: string, staging: string, keepRemoved: boolean): void {
  for (const top of fs.readdirSync(outdir)) {
    const from = path.join(outdir, top);
    const to = path.join(staging, top);
    if (top === CDKTF_STACKS_FOLDER && fs.lstatSync(from).isDirectory()) {
      fs.mkdirSync(to, { recursive: true });
      for (const stack of fs.readdirSync(from)) {
        const oldStack = path.join(from, stack);
        const newStack = path.join(to, stack);
        if (!fs.lstatSync(oldStack).isDirectory()) continue;
        if (!fs.existsSync(newStack)) {
          if (keepRemoved) linkTree(oldStack, newStack);
          continue;
        }
        for (const file of fs.readdirSync(oldStack)) {
          if (!SYNTHESISED_STACK_FILES.has(file) && !fs.existsSync(path.join(newStack, file))) linkTree(path.join(oldStack, file), path.join(newStack, file));
        }
      }
    } else if (!fs.existsSync(to) && !SYNTHESISED_TOP_FOLDERS.has(top)) {
      linkTree(from, to);
    }
  }
}

/**
 * Copies a tree by hard links (the previous tree stays intact and nothing large is copied);
 * symbolic links are copied as links. Falls back to copying a file where links are not allowed.
 */
function linkTree(from: string, to: string): void {
  const stat = fs.lstatSync(from);
  if (stat.isDirectory()) {
    fs.mkdirSync(to, { mode: stat.mode & 0o7777 });
    for (const e of fs.readdirSync(from)) linkTree(path.join(from, e), path.join(to, e));
  } else if (stat.isSymbolicLink()) {
    fs.symlinkSync(fs.readlinkSync(from), to);
  } else if (stat.isFile()) {
    try {
      fs.linkSync(from, to);
    } catch {
      fs.copyFileSync(from, to);
    }
  }
}
