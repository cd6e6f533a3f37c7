/**
 * An exclusive lock on an output directory for the whole of a synthesis run, so two runs into one
 * directory never interleave: the second waits (up to a limit) and then fails with
 * "another synthesis is writing <dir>".
 *
 * The lock is a directory `.<name>.lock` beside the output directory: `mkdir` either creates it or
 * fails because it exists, atomically, on every local file system (POSIX mkdir(2)). It holds an
 * `owner` file (host, process ID) written with a rename, so a reader sees it whole or not at all.
 * A lock whose owner process on this host is gone (kill -9, a cancelled CI job) is stale and is
 * broken; breaking goes through a second mkdir lock so two waiting runs cannot both break it.
 *
 * Hand-written because the kept libraries (proper-lockfile) detect staleness by a timer that
 * refreshes the lock's mtime, and synthesis is synchronous: no timer runs while it works.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** A held lock; {@link OutputLock.release} gives it up. */
export interface OutputLock {
  /** The lock directory. */
  readonly dir: string;
  /** Gives the lock up (idempotent). */
  release(): void;
}

/** Options of {@link acquireOutputLock}. */
export interface OutputLockOptions {
  /**
   * How long to wait for another run to finish before failing, in milliseconds.
   * @default PAL_LOCK_WAIT_SECONDS × 1000 when set, else 300000 (5 minutes)
   */
  readonly waitMs?: number;
}

interface Owner {
  readonly host: string;
  readonly pid: number;
  readonly token: string;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

/** The lock directory of `outdir` (absolute). */
export function lockDirOf(outdir: string): string {
  return path.join(path.dirname(outdir), `.${path.basename(outdir)}.lock`);
}

/** True when process `pid` exists on this host (signal 0 checks without sending anything). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readOwner(lockDir: string): Owner | undefined {
  try {
    const owner = JSON.parse(fs.readFileSync(path.join(lockDir, "owner"), "utf8"));
    return typeof owner?.pid === "number" && typeof owner?.host === "string" ? owner : undefined;
  } catch {
    return undefined;
  }
}

function ageMs(p: string): number {
  try {
    return Date.now() - fs.statSync(p).mtimeMs;
  } catch {
    return 0;
  }
}

/** A lock directory with no owner file yet is being created; only an old one is abandoned. */
const OWNERLESS_STALE_MS = 30_000;

function isStale(lockDir: string): boolean {
  const owner = readOwner(lockDir);
  if (!owner) return ageMs(lockDir) > OWNERLESS_STALE_MS;
  return owner.host === os.hostname() && !processAlive(owner.pid);
}

/** Breaks a stale lock; the `.break` mkdir makes sure only one waiting run does it. */
function breakStaleLock(lockDir: string): void {
  const breaker = `${lockDir}.break`;
  try {
    fs.mkdirSync(breaker);
  } catch {
    // Another run is breaking it; a breaker left by a dead run is itself old.
    if (ageMs(breaker) > OWNERLESS_STALE_MS) fs.rmSync(breaker, { recursive: true, force: true });
    return;
  }
  try {
    if (isStale(lockDir)) fs.rmSync(lockDir, { recursive: true, force: true });
  } finally {
    fs.rmSync(breaker, { recursive: true, force: true });
  }
}

const held = new Map<string, OutputLock>();
let exitHookInstalled = false;

/**
 * Takes the exclusive lock on `outdir` (absolute), waiting while another live run holds it.
 * Throws "another synthesis is writing <dir>" when the wait runs out.
 */
export function acquireOutputLock(outdir: string, options: OutputLockOptions = {}): OutputLock {
  const lockDir = lockDirOf(outdir);
  if (held.has(lockDir)) throw new Error(`this process already holds the lock on ${outdir}; publish or discard the previous staging directory first`);
  const envWait = Number(process.env.PAL_LOCK_WAIT_SECONDS);
  const waitMs = options.waitMs ?? (Number.isFinite(envWait) && envWait >= 0 ? envWait * 1000 : 300_000);
  const deadline = Date.now() + waitMs;
  const owner: Owner = { host: os.hostname(), pid: process.pid, token: `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}` };
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  for (let delay = 20; ; delay = Math.min(delay * 2, 250)) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    if (isStale(lockDir)) {
      breakStaleLock(lockDir);
      continue;
    }
    if (Date.now() >= deadline) {
      const other = readOwner(lockDir);
      throw new Error(
        `another synthesis is writing ${outdir}${other ? ` (process ${other.pid} on ${other.host})` : ""}; waited ${Math.round(waitMs / 1000)} s. ` +
          `Wait for it to finish, or remove ${lockDir} if that process is gone (PAL_LOCK_WAIT_SECONDS sets how long to wait)`,
      );
    }
    sleep(delay + Math.floor(Math.random() * delay));
  }
  const tmp = path.join(lockDir, `owner.${owner.token}`);
  fs.writeFileSync(tmp, JSON.stringify(owner) + "\n");
  fs.renameSync(tmp, path.join(lockDir, "owner"));
  const lock: OutputLock = {
    dir: lockDir,
    release() {
      if (held.get(lockDir) !== lock) return;
      held.delete(lockDir);
      // Only remove the lock if it is still ours (never someone else's after a wrong break).
      if (readOwner(lockDir)?.token === owner.token) fs.rmSync(lockDir, { recursive: true, force: true });
    },
  };
  held.set(lockDir, lock);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on("exit", () => {
      for (const l of [...held.values()]) l.release();
    });
  }
  return lock;
}

