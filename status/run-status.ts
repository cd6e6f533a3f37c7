/** Reads and judges every customer, at most `concurrency` tenants at a time; one customer's failure stops no other. */
import type { CustomerSpec } from "../stacks/fleet-spec";
import { ClientOptions } from "./azure-clients";
import { CustomerStatus, evaluateCustomer, failedStatus } from "./evaluate";
import { errorReason, readCustomer } from "./read-customer";

/** Options of {@link runStatus}. */
export interface RunStatusOptions {
  readonly clients: ClientOptions;
  /** The environment the credentials come from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** How many tenants are read at once. @default 8 */
  readonly concurrency?: number;
  /** The time the verdicts are for. @default now */
  readonly now?: Date;
}

/** Runs `work` over `items` with at most `limit` in flight; results in input order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

export async function runStatus(customers: readonly CustomerSpec[], options: RunStatusOptions): Promise<CustomerStatus[]> {
  const env = options.env ?? process.env;
  const now = options.now ?? new Date();
  return mapBounded(customers, options.concurrency ?? 8, async (customer) => {
    try {
      return evaluateCustomer(customer, await readCustomer(customer, env, options.clients), now);
    } catch (err) {
      return failedStatus(customer, errorReason(err));
    }
  });
}
