/**
 * Where the tests' temporary files go. Global setup points TMPDIR (which os.tmpdir(), Terraform and
 * every child process read) at a directory of its own for the run, and global teardown deletes it:
 * the many mkdtemp directories the tests and cdktf's Testing helpers make never pile up in the
 * machine's temporary directory. What a later run may reuse is kept outside it: the example app's
 * dependencies (support/example-app-install.ts) in {@link keptDirectory}, the Terraform sessions'
 * schema cache where it always was.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { defaultSchemaCacheDir, SCHEMA_CACHE_ENV } from "../../tools/terraform-validate/schema-cache-dir";

/** The run's own temporary directory (set by global setup, deleted by global teardown). */
export const RUN_TMPDIR_ENV = "PAL_TEST_RUN_TMPDIR";
/** The directory for what later runs may reuse. */
const KEPT_DIR_ENV = "PAL_TEST_KEPT_DIR";
const RUN_PREFIX = "pal-test-run-";
/** A run directory this old belongs to a run that was killed before its teardown. */
const ABANDONED_MS = 24 * 60 * 60 * 1000;

/** Creates the run's temporary directory and points TMPDIR at it, for this process and the test workers it starts. */
export function useRunTmpdir(): void {
  const machine = os.tmpdir();
  for (const entry of fs.readdirSync(machine)) {
    if (!entry.startsWith(RUN_PREFIX)) continue;
    const dir = path.join(machine, entry);
    try {
      if (Date.now() - fs.statSync(dir).mtimeMs > ABANDONED_MS) fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // another run removed it first
    }
  }
  // Both from the machine's temporary directory, before TMPDIR changes. The schema cache is keyed
  // by the schema files and the code that converts them, so it is safe to keep.
  process.env[KEPT_DIR_ENV] = keptDirectory();
  process.env[SCHEMA_CACHE_ENV] = defaultSchemaCacheDir();
  process.env[RUN_TMPDIR_ENV] = fs.mkdtempSync(path.join(machine, RUN_PREFIX));
  process.env.TMPDIR = process.env[RUN_TMPDIR_ENV];
}

/** Deletes the run's temporary directory. */
export function removeRunTmpdir(): void {
  const dir = process.env[RUN_TMPDIR_ENV];
  if (dir && path.basename(dir).startsWith(RUN_PREFIX)) fs.rmSync(dir, { recursive: true, force: true });
}

/** The directory kept between runs for what they may reuse (outside the run's temporary directory). */
export function keptDirectory(): string {
  return process.env[KEPT_DIR_ENV] ?? path.join(os.tmpdir(), "pal-kit-tests");
}
