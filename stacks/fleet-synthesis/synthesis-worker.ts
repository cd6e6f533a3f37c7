/**
 * A worker thread of fleet synthesis: synthesises the batches it is given, in order, and reports
 * each batch's result on its port, then bumps the shared counter so the (blocked) main thread
 * wakes up. See run-batches.ts.
 */
import type { MessagePort } from "worker_threads";
import type { BatchRequest, BatchResult } from "./synthesize-batch";

/** What the main thread gives a worker. */
export interface WorkerInput {
  /** The batches of this worker, with their index in the whole run. */
  readonly batches: ReadonlyArray<{ readonly index: number; readonly request: Omit<BatchRequest, "write"> }>;
  /** Where results go. */
  readonly port: MessagePort;
  /** [0]: results posted so far (all workers); [1]: 1 once any batch found a blocking error. */
  readonly signal: SharedArrayBuffer;
}

/** A message from a worker. */
export type WorkerMessage = { readonly index: number; readonly result: BatchResult } | { readonly index: number; readonly error: string };

function run(input: WorkerInput): void {
  const signal = new Int32Array(input.signal);
  const post = (message: WorkerMessage) => {
    input.port.postMessage(message);
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  };
  // Loaded here, not imported at the top, so that a module that fails to load is reported to the
  // main thread (which waits for one message per batch) instead of ending the worker silently.
  let synthesizeBatch: typeof import("./synthesize-batch").synthesizeBatch;
  let isBlocking: typeof import("../../constructs/checks/finding").isBlocking;
  try {
    require("../../constructs/internal/token-stack-traces").skipTokenStackTraces();
    synthesizeBatch = require("./synthesize-batch").synthesizeBatch;
    isBlocking = require("../../constructs/checks/finding").isBlocking;
  } catch (err) {
    post({ index: input.batches[0]?.index ?? 0, error: describe(err) });
    return;
  }
  for (const { index, request } of input.batches) {
    try {
      const result = synthesizeBatch({ ...request, write: Atomics.load(signal, 1) === 0 });
      if (result.findings.some(isBlocking)) Atomics.store(signal, 1, 1);
      post({ index, result });
    } catch (err) {
      post({ index, error: describe(err) });
      return;
    }
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
run(require("worker_threads").workerData as WorkerInput);
