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
import { findPackageRoot } from "../package-root";
import { BatchRequest, BatchResult, batchBlocks, synthesizeBatch } from "./synthesize-batch";
import { SIGNAL, WorkerInput, WorkerMessage } from "./worker-protocol";

/** Sets the number of threads that synthesise: the calling one and n - 1 worker threads (1: no workers). */
export const WORKERS_ENV = "PAL_SYNTH_WORKERS";
/** Sets how many customers one batch holds. */
export const BATCH_SIZE_ENV = "PAL_SYNTH_BATCH_SIZE";

/** Customers per batch when neither the options nor PAL_SYNTH_BATCH_SIZE say. */
export const DEFAULT_BATCH_SIZE = 100;
/** Below this many customers one thread is faster than starting workers (each loads CDKTF and the providers). */
export const MIN_CUSTOMERS_FOR_WORKERS = 200;

/** How long the main thread waits for a worker's next message before it gives up on the run. */
const STALL_MS = 5 * 60 * 1000;

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
 * The number of synthesising threads: the option, else PAL_SYNTH_WORKERS, else one per CPU for fleets of at
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

/**
 * Synthesises `requests` (batch order = manifest order) with `threads` threads (this one and
 * `threads - 1` workers, each claiming the next batch when it is free); results in batch order.
 */
export function runBatches(requests: ReadonlyArray<Omit<BatchRequest, "write">>, threads: number): BatchResult[] {
  const script = threads > 1 ? workerScript() : undefined;
  const signal = new SharedArrayBuffer(4 * 3);
  const slots = new Int32Array(signal);
  const ports: MessagePort[] = [];
  const workers: Worker[] = [];
  if (script) {
    for (let w = 1; w < threads; w++) {
      const { port1, port2 } = new MessageChannel();
      const input: WorkerInput = { requests, port: port2, signal };
      workers.push(new Worker(script, { workerData: input, transferList: [port2] }));
      ports.push(port1);
    }
  }
  const results: Array<BatchResult | undefined> = new Array(requests.length);
  let fromWorkers = 0;
  let failure: Error | undefined;
  const drain = () => {
    for (const port of ports) {
      for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
        const message = m.message as WorkerMessage;
        fromWorkers++;
        if ("error" in message) failure ??= new Error(`a synthesis worker failed on batch ${message.index + 1}: ${message.error}`);
        else results[message.index] = message.result;
      }
    }
  };
  let ownBatches = 0;
  try {
    // This thread claims batches too, from the same counter as the workers.
    while (!failure) {
      const index = Atomics.add(slots, SIGNAL.next, 1);
      if (index >= requests.length) break;
      ownBatches++;
      const result = synthesizeBatch({ ...requests[index], write: Atomics.load(slots, SIGNAL.blocked) === 0 });
      if (batchBlocks(result)) Atomics.store(slots, SIGNAL.blocked, 1);
      results[index] = result;
      drain();
    }
  } catch (err) {
    failure = err instanceof Error ? err : new Error(String(err));
  }
  // No more claims; wait for the batches the workers claimed (one message each), so that none is
  // still writing when the caller publishes or discards the staging directory.
  const claimed = Math.min(Atomics.exchange(slots, SIGNAL.next, requests.length), requests.length);
  // A worker reports every batch it claims, errors included; only a thread that dies outright (the
  // operating system killing it) stays silent, and this thread cannot see that while it blocks. A
  // batch takes about a second: no message for STALL_MS means a worker is gone.
  let lastMessage = Date.now();
  for (;;) {
    const posted = Atomics.load(slots, SIGNAL.posted); // read before draining: a later post then ends the wait at once
    const before = fromWorkers;
    drain();
    if (fromWorkers >= claimed - ownBatches) break;
    if (fromWorkers > before) lastMessage = Date.now();
    else if (Date.now() - lastMessage > STALL_MS) {
      failure ??= new Error(`a synthesis worker stopped without reporting its batch (no message for ${STALL_MS / 1000} s); run with ${WORKERS_ENV}=1 to synthesise in one thread`);
      break;
    }
    Atomics.wait(slots, SIGNAL.posted, posted, 1000);
  }
  for (const port of ports) port.close();
  for (const worker of workers) {
    worker.unref();
    void worker.terminate();
  }
  if (failure) throw failure;
  return results as BatchResult[];
}
