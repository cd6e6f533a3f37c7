/**
 * A worker thread of fleet synthesis: claims batches from the shared counter until none are left,
 * synthesises each and reports its result on its port, then bumps the shared message count so
 * the main thread (which may be blocked waiting) wakes up. See run-batches.ts.
 */
import { SIGNAL, WorkerInput, WorkerMessage } from "./worker-protocol";

function run(input: WorkerInput): void {
  const signal = new Int32Array(input.signal);
  const post = (message: WorkerMessage) => {
    input.port.postMessage(message);
    Atomics.add(signal, SIGNAL.posted, 1);
    Atomics.notify(signal, SIGNAL.posted);
  };
  // Loaded here, not imported at the top, so that a module that fails to load is reported to the
  // main thread (which waits for one message per claimed batch) instead of ending the worker silently.
  let synthesizeBatch: typeof import("./synthesize-batch").synthesizeBatch;
  let batchBlocks: typeof import("./synthesize-batch").batchBlocks;
  try {
    require("../../constructs/internal/token-stack-traces").skipTokenStackTraces();
    ({ synthesizeBatch, batchBlocks } = require("./synthesize-batch"));
  } catch (err) {
    const index = Atomics.add(signal, SIGNAL.next, 1);
    if (index < input.requests.length) post({ index, error: describe(err) });
    return;
  }
  for (;;) {
    const index = Atomics.add(signal, SIGNAL.next, 1);
    if (index >= input.requests.length) return;
    try {
      const result = synthesizeBatch({ ...input.requests[index], write: Atomics.load(signal, SIGNAL.blocked) === 0 });
      if (batchBlocks(result)) Atomics.store(signal, SIGNAL.blocked, 1);
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

run(require("worker_threads").workerData as WorkerInput);
