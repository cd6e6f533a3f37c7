/**
 * Fast mode: starts one long-lived process serving the schema-only plugin of every provider (one
 * port each, tools/terraform-schema-provider/unmanaged-host.ts) and hands their addresses to every
 * Terraform run in TF_REATTACH_PROVIDERS ("unmanaged providers", the mechanism the provider SDKs'
 * acceptance tests use). Terraform then starts no plugin processes at all, which saves ≈0.25 s
 * CPU per provider start and ~2 starts per provider per `terraform validate`.
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
  /** The compiled unmanaged-host.js (see tools/terraform-schema-provider/unmanaged-host.ts). */
  hostJs: string;
  protoFile?: string;
  cacheDir?: string;
  typesFile?: string;
  startTimeoutMs?: number;
}

interface Started {
  address: string;
  listen: string;
}

/** Starts one host process serving every source; resolves with each provider's listen address. */
function startHostProcess(sources: ProviderSource[], options: UnmanagedPluginOptions): Promise<{ child: ChildProcessWithoutNullStreams; started: Started[] }> {
  const providers = sources.map((s) => ({
    address: s.address,
    schemaFile: s.schemaFile,
    // Only stable schema files are worth caching; rebuilt ones live in the session's temp dir.
    ...(options.cacheDir && s.origin !== "bindings" ? { cacheDir: options.cacheDir } : {}),
  }));
  const args = [options.hostJs, "--providers", JSON.stringify(providers)];
  if (options.protoFile) args.push("--proto", options.protoFile);
  if (options.typesFile) args.push("--types", options.typesFile);
  const child = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "pipe"] });
  const names = sources.map((s) => s.address).join(", ");
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString("utf8")).slice(-4000);
  });
  const timeoutMs = options.startTimeoutMs ?? 20_000;
  return new Promise((resolve, reject) => {
    let stdout = "";
    const fail = (why: string): void => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`schema-only plugin host for ${names} ${why}${stderr ? `:\n${stderr.trim()}` : ""}`));
    };
    const timer = setTimeout(() => fail(`did not print its handshakes within ${timeoutMs} ms`), timeoutMs);
    child.on("error", (err) => fail(`could not be started (${err.message})`));
    child.on("exit", (code) => fail(`exited with code ${code} before its handshakes`));
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString("utf8");
      const lines = stdout.split("\n");
      if (lines.length <= sources.length) return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      const started: Started[] = [];
      for (const [i, source] of sources.entries()) {
        // `<full address> 1|6|tcp|127.0.0.1:<port>|grpc|` (unmanaged: plaintext, no certificate)
        const [address, handshake = ""] = lines[i].trim().split(" ");
        const fields = handshake.split("|");
        if (address !== fullProviderAddress(source.address) || fields.length < 5 || fields[1] !== "6" || fields[2] !== "tcp") {
          fail(`printed an unexpected handshake "${lines[i]}" for ${source.address}`);
          return;
        }
        started.push({ address, listen: fields[3] });
      }
      // Nothing keeps the harness alive for this child; if it dies, the host's stdin closes and it exits.
      child.unref();
      for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as Socket).unref?.();
      resolve({ child, started });
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

/** Starts one host process serving a plugin per source (one port each). */
export async function startUnmanagedPlugins(sources: ProviderSource[], options: UnmanagedPluginOptions): Promise<UnmanagedPlugins> {
  const { child, started } = await startHostProcess(sources, options);
  const reattach: Record<string, unknown> = {};
  for (const s of started) {
    reattach[s.address] = {
      Protocol: "grpc",
      ProtocolVersion: 6,
      Pid: child.pid,
      Test: true,
      Addr: { Network: "tcp", String: s.listen },
    };
  }
  return { reattachJson: JSON.stringify(reattach), stop: () => stopAll([child]) };
}
