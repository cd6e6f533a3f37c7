/**
 * Fast mode: starts one long-lived schema-only plugin per provider and hands their addresses
 * to every Terraform run in TF_REATTACH_PROVIDERS ("unmanaged providers", the mechanism the
 * provider SDKs' acceptance tests use). Terraform then starts no plugin processes at all, which
 * saves ≈0.25 s per provider start and ~2 starts per provider per `terraform validate`.
 * `Test: true` tells Terraform not to stop the plugins when it is done with them.
 */
import { ChildProcessWithoutNullStreams, spawn } from "child_process";
import type { Socket } from "net";
import { fullProviderAddress } from "../terraform-schema-provider/schema-json";
import type { ProviderSource } from "./provider-catalog";

export interface UnmanagedPlugins {
  /** Value for TF_REATTACH_PROVIDERS. */
  reattachJson: string;
  /** Stops every plugin started here (closes stdin, then kills the ones still running). */
  stop(): Promise<void>;
}

export interface UnmanagedPluginOptions {
  serverJs: string;
  protoFile?: string;
  cacheDir?: string;
  typesFile?: string;
  startTimeoutMs?: number;
}

interface Started {
  child: ChildProcessWithoutNullStreams;
  address: string;
  listen: string;
}

function startOne(source: ProviderSource, options: UnmanagedPluginOptions): Promise<Started> {
  const args = [options.serverJs, "--schema", source.schemaFile, "--provider", source.address, "--unmanaged"];
  if (options.protoFile) args.push("--proto", options.protoFile);
  // Only stable schema files are worth caching; rebuilt ones live in the session's temp dir.
  if (options.cacheDir && source.origin !== "bindings") args.push("--cache-dir", options.cacheDir);
  if (options.typesFile) args.push("--types", options.typesFile);
  const child = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString("utf8")).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    let stdout = "";
    const fail = (why: string): void => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`schema-only plugin for ${source.address} ${why}${stderr ? `:\n${stderr.trim()}` : ""}`));
    };
    const timer = setTimeout(() => fail(`did not print its handshake within ${options.startTimeoutMs ?? 20_000} ms`), options.startTimeoutMs ?? 20_000);
    child.on("error", (err) => fail(`could not be started (${err.message})`));
    child.on("exit", (code) => fail(`exited with code ${code} before its handshake`));
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString("utf8");
      const newline = stdout.indexOf("\n");
      if (newline < 0) return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      const fields = stdout.slice(0, newline).trim().split("|");
      if (fields.length < 5 || fields[1] !== "6" || fields[2] !== "tcp") {
        fail(`printed an unexpected handshake "${stdout.slice(0, newline)}"`);
        return;
      }
      // Nothing keeps the harness alive for these children; if it dies, their stdin closes and they exit.
      child.unref();
      for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as Socket).unref?.();
      resolve({ child, address: fullProviderAddress(source.address), listen: fields[3] });
    });
  });
}

async function stopAll(children: ChildProcessWithoutNullStreams[]): Promise<void> {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => {
            child.kill("SIGKILL");
            resolve();
          }, 2000);
          child.once("exit", () => {
            clearTimeout(timer);
            resolve();
          });
          child.stdin.end();
        }),
    ),
  );
}

/** Starts one unmanaged plugin per source, in parallel. */
export async function startUnmanagedPlugins(sources: ProviderSource[], options: UnmanagedPluginOptions): Promise<UnmanagedPlugins> {
  const settled = await Promise.allSettled(sources.map((s) => startOne(s, options)));
  const started = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const failed = settled.flatMap((s) => (s.status === "rejected" ? [s.reason as Error] : []));
  if (failed.length > 0) {
    await stopAll(started.map((s) => s.child));
    throw new Error(failed.map((e) => e.message).join("\n"));
  }
  const reattach: Record<string, unknown> = {};
  for (const s of started) {
    reattach[s.address] = {
      Protocol: "grpc",
      ProtocolVersion: 6,
      Pid: s.child.pid,
      Test: true,
      Addr: { Network: "tcp", String: s.listen },
    };
  }
  return { reattachJson: JSON.stringify(reattach), stop: () => stopAll(started.map((s) => s.child)) };
}
