/** What the main thread and the synthesis workers share (run-batches.ts, synthesis-worker.ts). */
import type { MessagePort } from "worker_threads";
import type { BatchRequest, BatchResult } from "./synthesize-batch";

/** The shared Int32Array slots of a run. */
export const SIGNAL = {
  /** Messages posted so far, by all workers. */
  posted: 0,
  /** 1 once any batch found a blocking error (later batches are checked but not written). */
  blocked: 1,
  /** The next batch to claim. */
  next: 2,
} as const;

/** What the main thread gives a worker. */
export interface WorkerInput {
  /** Every batch of the run; a worker synthesises the ones it claims. */
  readonly requests: ReadonlyArray<Omit<BatchRequest, "write">>;
  /** Where results go. */
  readonly port: MessagePort;
  /** Int32 slots, see {@link SIGNAL}. */
  readonly signal: SharedArrayBuffer;
}

/** A message from a worker: one per claimed batch. */
export type WorkerMessage = { readonly index: number; readonly result: BatchResult } | { readonly index: number; readonly error: string };
