/**
 * Installs a packed kit into a copy of examples/existing-app, the way a user's project gets it:
 * npm, offline, from the example's lock file. The kit's tarball is installed by npm afresh on every
 * run; what may be reused is the rest of the example's dependencies (cdktf, the providers,
 * TypeScript: ~390 MB and ~13,800 files, of which @cdktf/provider-azurerm is 280 MB), which only
 * change when the example's lock file does.
 *
 * - First run for a lock file (every clean CI machine, and `npm run test:full` always): `npm ci
 *   --offline` installs everything, as before. What it unpacked, without the kit, is then kept in
 *   the directory kept between test runs (support/test-tmpdir.ts), under a hash of the lock file
 *   (the kit's entry left out) and the platform.
 * - Later runs: the app's node_modules is a hard-linked copy of that (so nothing is unpacked again),
 *   without the kit, and `npm install --offline` adds the kit from this run's tarball. The lock file
 *   must come out of it unchanged (`npm ci` would refuse a lock file out of step with package.json)
 *   and every locked package must be in place, or the test fails.
 *
 * npm rewrites node_modules/.package-lock.json in place, so that one file is copied, never linked:
 * a hard link would let npm write through it into the kept copy. Nothing here links into the
 * checkout's own node_modules.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { isDeepStrictEqual } from "util";
import { runCommand } from "./run";
import { keptDirectory } from "./test-tmpdir";

/** The kit's package name in the example's package.json and lock file. */
const KIT = "pal-kit";
const HIDDEN_LOCK = ".package-lock.json";

/** An npm lock file (package-lock.json, lockfileVersion 2 or 3), as far as this reads it. */
interface Lock {
  readonly packages: Record<string, { dependencies?: Record<string, string> }>;
}

const readLock = (app: string): Lock => JSON.parse(fs.readFileSync(path.join(app, "package-lock.json"), "utf8"));

/** The kept dependencies for `lock`: `<kept>/existing-app-<key>`. */
function keptDependencies(lock: Lock): string {
  const withoutKit = structuredClone(lock);
  delete withoutKit.packages[`node_modules/${KIT}`];
  delete withoutKit.packages[""].dependencies?.[KIT];
  // What npm unpacks (--ignore-scripts: nothing is built) depends on the lock file and, through
  // optional platform packages, on the platform; not on the Node or npm version.
  const key = createHash("sha256").update(JSON.stringify([withoutKit, process.platform, process.arch])).digest("hex").slice(0, 16);
  return path.join(keptDirectory(), `existing-app-${key}`);
}

/** The packages `lock` installs (its `node_modules/...` paths), other than the kit and what is inside it, that `root` lacks. */
function missingPackages(lock: Lock, root: string): string[] {
  const kit = `node_modules/${KIT}`;
  return Object.keys(lock.packages).filter((p) => p.startsWith("node_modules/") && p !== kit && !p.startsWith(`${kit}/`) && !fs.existsSync(path.join(root, p, "package.json")));
}

/** Deletes `dir` after renaming it, so that its path is gone at once. */
function discard(dir: string): void {
  const away = `${dir}.discarded-${process.pid}-${Date.now()}`;
  try {
    fs.renameSync(dir, away);
  } catch {
    return; // already gone
  }
  fs.rmSync(away, { recursive: true, force: true });
}

/** Keeps `app/node_modules` without the kit as `kept` (a hard-linked copy, made beside it and renamed into place). */
function keep(app: string, kept: string): void {
  const staging = `${kept}.${process.pid}-${Date.now()}`;
  try {
    fs.mkdirSync(staging, { recursive: true });
    runCommand("cp", ["-al", path.join(app, "node_modules"), staging], app);
    // Without the kit and its bin links, so that npm has to install and link them on every run.
    const bins = Object.keys(JSON.parse(fs.readFileSync(path.join(app, "node_modules", KIT, "package.json"), "utf8")).bin ?? {});
    for (const bin of bins) fs.rmSync(path.join(staging, "node_modules", ".bin", bin), { force: true });
    fs.rmSync(path.join(staging, "node_modules", KIT), { recursive: true, force: true });
    fs.rmSync(path.join(staging, "node_modules", HIDDEN_LOCK));
    fs.copyFileSync(path.join(app, "node_modules", HIDDEN_LOCK), path.join(staging, "node_modules", HIDDEN_LOCK));
    fs.renameSync(staging, kept); // another run may have kept the same set first: then keep theirs
    // Only the newest set is kept (390 MB each): one for another lock file is unpacked again when needed.
    const prefix = path.basename(kept).replace(/-[0-9a-f]+$/, "-");
    for (const other of fs.readdirSync(path.dirname(kept))) {
      if (other.startsWith(prefix) && /^[\w-]+-[0-9a-f]{16}$/.test(other) && other !== path.basename(kept)) discard(path.join(path.dirname(kept), other));
    }
  } catch {
    // Keeping is an optimisation: a failure only means the next run unpacks everything again.
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Installs `app`'s dependencies (its package.json and lock file already pointing at the kit's
 * tarball). Returns the kept dependencies' directory when they were reused, undefined when `npm ci`
 * installed everything. `reuse` false always runs `npm ci` and keeps nothing.
 */
export function installExampleApp(app: string, reuse: boolean): string | undefined {
  const lock = readLock(app);
  const kept = keptDependencies(lock);
  const exists = reuse && fs.existsSync(kept);
  if (!exists || missingPackages(lock, kept).length > 0) {
    runCommand("npm", ["ci", "--offline", "--ignore-scripts"], app);
    if (reuse) {
      // An incomplete one (a temporary-directory cleaner took files) is moved away first, so that
      // nothing is deleted under a path another run may be reading; a complete one that another run
      // kept meanwhile stays (keep() does not replace it).
      if (exists) discard(kept);
      keep(app, kept);
    }
    return undefined;
  }
  runCommand("cp", ["-al", path.join(kept, "node_modules"), app], app);
  fs.rmSync(path.join(app, "node_modules", HIDDEN_LOCK));
  fs.copyFileSync(path.join(kept, "node_modules", HIDDEN_LOCK), path.join(app, "node_modules", HIDDEN_LOCK));
  // The kit is not in node_modules, so whatever npm puts there comes from this run's tarball.
  if (fs.existsSync(path.join(app, "node_modules", KIT))) throw new Error(`${kept} holds a kit: delete it`);
  runCommand("npm", ["install", "--offline", "--ignore-scripts"], app);
  if (!isDeepStrictEqual(readLock(app), lock)) throw new Error(`npm install changed ${path.join(app, "package-lock.json")}: the example's lock file is out of step with its package.json, which \`npm ci\` refuses`);
  const missing = missingPackages(lock, app);
  if (missing.length > 0) throw new Error(`after npm install, ${app} lacks locked packages: ${missing.join(", ")}`);
  return kept;
}
