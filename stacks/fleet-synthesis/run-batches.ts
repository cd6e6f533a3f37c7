/**
 * Runs the batches of a fleet synthesis in this thread, or shards them over worker threads.
 *
 * Customers are independent (cross-stack references never leave a customer, and each customer's
 * stacks are built from its spec only), so any batch can be synthesised anywhere: the files are
 * the same bytes. Results come back in batch order whatever the thread, so findings and the merged
 * manifest.json are the same as in one thread.
 *
 * The API stays synchronous: the main thread blocks on a shared counter (`Atomics.wait`) and reads
 * the workers' messages with `receiveMessageOnPort`, which needs no event loop.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { MessageChannel, MessagePort, Worker, receiveMessageOnPort } from "worker_threads";
import { isBlocking } from "../../constructs/checks/finding";
import { findPackageRoot } from "../package-root";
import { BatchRequest, BatchResult, synthesizeBatch } from "./synthesize-batch";
import { WorkerInput, WorkerMessage } from "./synthesis-worker";

/** Sets the number of worker threads (1: synthesise in the calling thread). */
export const WORKERS_ENV = "PAL_SYNTH_WORKERS";
/** Sets how many customers one batch holds. */
export const BATCH_SIZE_ENV = "PAL_SYNTH_BATCH_SIZE";

/** Customers per batch when neither the options nor PAL_SYNTH_BATCH_SIZE say. */
export const DEFAULT_BATCH_SIZE = 100;
/** Below this many customers one thread is faster than starting workers (each loads CDKTF and the providers). */
export const MIN_CUSTOMERS_FOR_WORKERS = 200;

/** Splits `items` into consecutive batches of at most `size`; one empty batch when there are none. */
export function intoBatches<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches.length > 0 ? batches : [[]];
}

function positiveInteger(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === "") return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name}="${value}" is not a positive whole number`);
  return n;
}

/** The batch size: the option, else PAL_SYNTH_BATCH_SIZE, else {@link DEFAULT_BATCH_SIZE}. */
export function resolveBatchSize(option: number | undefined, env: NodeJS.ProcessEnv = process.env): number {
  return option ?? positiveInteger(env[BATCH_SIZE_ENV], BATCH_SIZE_ENV) ?? DEFAULT_BATCH_SIZE;
}

/**
 * The number of workers: the option, else PAL_SYNTH_WORKERS, else one per CPU for fleets of at
 * least {@link MIN_CUSTOMERS_FOR_WORKERS} customers; never more than there are batches.
 */
export function resolveWorkers(option: number | undefined, customers: number, batches: number, env: NodeJS.ProcessEnv = process.env): number {
  const cpus = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  const wanted = option ?? positiveInteger(env[WORKERS_ENV], WORKERS_ENV) ?? (customers >= MIN_CUSTOMERS_FOR_WORKERS ? cpus : 1);
  return Math.max(1, Math.min(wanted, batches));
}

/** The compiled worker script, also when this module runs from source under ts-jest; undefined when it is not built. */
function workerScript(): string | undefined {
  const beside = path.join(__dirname, "synthesis-worker.js");
  if (fs.existsSync(beside)) return beside;
  try {
    const root = findPackageRoot(__dirname);
    const compiled = path.join(root, "dist", path.relative(root, __dirname), "synthesis-worker.js");
    return fs.existsSync(compiled) ? compiled : undefined;
  } catch {
    return undefined;
  }
}

/** Synthesises `requests` (batch order = manifest order) with `workers` threads; results in batch order. */
export function runBatches(requests: ReadonlyArray<Omit<BatchRequest, "write">>, workers: number): BatchResult[] {
  const script = workers > 1 ? workerScript() : undefined;
  if (!script) {
    const results: BatchResult[] = [];
    let blocked = false;
    for (const request of requests) {
      const result = synthesizeBatch({ ...request, write: !blocked });
      blocked ||= result.findings.some(isBlocking);
      results.push(result);
    }
    return results;
  }
  return runInWorkers(script, requests, workers);
}

function runInWorkers(script: string, requests: ReadonlyArray<Omit<BatchRequest, "write">>, workers: number): BatchResult[] {
  const signal = new SharedArrayBuffer(8);
  const counter = new Int32Array(signal);
  const ports: MessagePort[] = [];
  const threads: Worker[] = [];
  // Batches are dealt round-robin, so each worker gets a similar share of the fleet.
  for (let w = 0; w < workers; w++) {
    const batches = requests.map((request, index) => ({ index, request })).filter(({ index }) => index % workers === w);
    const { port1, port2 } = new MessageChannel();
    const input: WorkerInput = { batches, port: port2, signal };
    threads.push(new Worker(script, { workerData: input, transferList: [port2] }));
    ports.push(port1);
  }
  const results: Array<BatchResult | undefined> = new Array(requests.length);
  let received = 0;
  try {
    while (received < requests.length) {
      Atomics.wait(counter, 0, received, 1000);
      for (const port of ports) {
        for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
          const message = m.message as WorkerMessage;
          if ("error" in message) throw new Error(`a synthesis worker failed on batch ${message.index + 1}: ${message.error}`);
          results[message.index] = message.result;
          received++;
        }
      }
    }
  } finally {
    for (const port of ports) port.close();
    for (const thread of threads) {
      thread.unref();
      void thread.terminate();
    }
  }
  return results as BatchResult[];
}
