/**
 * Runs a child process to completion with a timeout and collects its output.
 */
import { spawn } from "child_process";

export interface ProcessResult {
  /** Exit code; `null` when killed (timeout) or not started. */
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** Set when the process could not be started or timed out. */
  error?: string;
}

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}

/** Runs `command args` and resolves when it exits (never rejects). */
export function runProcess(command: string, args: string[], options: RunOptions): Promise<ProcessResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let error: string | undefined;
    const timer = setTimeout(() => {
      error = `${command} ${args.join(" ")} timed out after ${options.timeoutMs} ms in ${options.cwd}`;
      child.kill("SIGKILL");
    }, options.timeoutMs);
    child.stdout.on("data", (d: Buffer) => stdout.push(d));
    child.stderr.on("data", (d: Buffer) => stderr.push(d));
    child.on("error", (err) => {
      error = `cannot run ${command}: ${err.message}`;
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({
        code: error ? null : code,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
        ms: Date.now() - started,
        ...(error ? { error } : {}),
      });
    });
  });
}
