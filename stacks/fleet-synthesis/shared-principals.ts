/**
 * Which customers must be checked in the same App. The PAL rules that pair a principal's link with
 * its role assignments (PAL001, PAL007, PAL008) look them up by the principal's object ID across
 * the whole App (constructs/checks/fleet-index.ts). A principal the kit creates has an object ID
 * known only after apply, unique to its customer; a principal brought in with credential type
 * `none` has a literal object ID, which two customers may share. Customers that share one are
 * built into the same batch (and built alongside a selection that includes one of them), so the
 * findings are the same whatever the batching, the threads or PAL_CUSTOMERS.
 */
import { CustomerSpec } from "../fleet-spec";

/** The key that ties customers together: the literal object ID of an existing principal. */
function principalKey(customer: CustomerSpec): string | undefined {
  return customer.credential.type === "none" ? customer.credential.objectId.toLowerCase() : undefined;
}

/**
 * `customers` split into units that must stay together, in manifest order of each unit's first
 * customer; within a unit, manifest order. Most units are one customer.
 */
export function checkingUnits(customers: readonly CustomerSpec[]): CustomerSpec[][] {
  const byKey = new Map<string, CustomerSpec[]>();
  for (const c of customers) {
    const key = principalKey(c);
    if (key === undefined) continue;
    const group = byKey.get(key);
    if (group) group.push(c);
    else byKey.set(key, [c]);
  }
  const units: CustomerSpec[][] = [];
  for (const c of customers) {
    const key = principalKey(c);
    if (key === undefined) units.push([c]);
    else if (byKey.get(key)![0] === c) units.push(byKey.get(key)!);
  }
  return units;
}

/** `selected` and every customer of `all` that shares an existing principal with one of them, in manifest order. */
export function withSharedPrincipals(all: readonly CustomerSpec[], selected: readonly CustomerSpec[]): CustomerSpec[] {
  const keys = new Set(selected.map(principalKey).filter((k): k is string => k !== undefined));
  const chosen = new Set(selected);
  return all.filter((c) => chosen.has(c) || keys.has(principalKey(c) ?? "\u0000"));
}

/** Consecutive units packed into batches of at least `size` customers (a unit is never split); one empty batch when there are none. */
export function packUnits(units: readonly CustomerSpec[][], size: number): CustomerSpec[][] {
  const batches: CustomerSpec[][] = [];
  let current: CustomerSpec[] = [];
  for (const unit of units) {
    current.push(...unit);
    if (current.length >= size) {
      batches.push(current);
      current = [];
    }
  }
  if (current.length > 0 || batches.length === 0) batches.push(current);
  return batches;
}
