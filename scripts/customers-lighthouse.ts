/**
 * The Azure Lighthouse part of `npm run customers`: which of the fleet's Lighthouse stacks a
 * pipeline run deploys, in the order they must be deployed.
 *
 * The manifest's `lighthouse:` section synthesises `managing-tenant-identity` (the PAL principal of
 * the managing tenant), `managing-tenant-link` (its link, sent signed in as it) and one
 * `<customer>-delegation` per Lighthouse customer, which names that principal and so comes after the
 * pair (stacks/lighthouse-stacks.ts). These are not customer-side customers: they have no
 * `<customer>-identity` / `<customer>-link` and never go into the customer matrix. One pipeline job
 * deploys them in `stacks` order, and exactly once each.
 */
import { delegationStackName, MANAGING_TENANT_NAME, MANAGING_TENANT_STACKS } from "../stacks/lighthouse-stacks";
import type { FleetSpec } from "../stacks/fleet-spec";
import type { LighthouseSpec } from "../stacks/lighthouse-spec";

/** The Lighthouse stacks a run deploys. */
export interface AffectedLighthouse {
  /** Whether `managing-tenant-identity` and `managing-tenant-link` are deployed. */
  readonly managingTenant: boolean;
  /** The Lighthouse customers whose `<customer>-delegation` is deployed, in manifest order. */
  readonly delegations: string[];
  /** Lighthouse customers in the old manifest that are gone from the new one (their delegations stay in Azure). */
  readonly removed: string[];
  /** The stacks to deploy, in deployment order: the managing tenant's pair first, then the delegations. */
  readonly stacks: string[];
  /**
   * The `PAL_CUSTOMERS` value that synthesises these stacks: every Lighthouse customer of the
   * manifest (a selection naming a Lighthouse customer builds the managing tenant's stacks and the
   * delegations, stacks/fleet-synthesis/select-customers.ts). Empty when the section has no
   * customer: then the job synthesises the whole fleet.
   */
  readonly synthCustomers: string;
}

/** How the customer-side part chose its customers. */
export type LighthouseSelection =
  | { readonly kind: "all" }
  | { readonly kind: "requested"; readonly names: readonly string[] }
  | { readonly kind: "changed"; readonly before: FleetSpec };

/** Everything of the section but its customers: what the managing tenant's stacks and every delegation are built from. */
function shared(lh: LighthouseSpec): string {
  const { customers: _customers, ...rest } = lh;
  return JSON.stringify(rest);
}

/** The names `--customers` accepts for the Lighthouse part: its customers and `managing-tenant`. */
export function lighthouseNames(spec: FleetSpec): string[] {
  return spec.lighthouse ? [MANAGING_TENANT_NAME, ...spec.lighthouse.customers.map((c) => c.name)] : [];
}

/**
 * The Lighthouse stacks to deploy for `after`; undefined when neither version of the manifest has a
 * `lighthouse:` section. `fleetWide` is true when every stack is affected anyway (a backend, policy
 * or kit change, or no usable manifest at the ref).
 */
export function affectedLighthouse(after: FleetSpec, selection: LighthouseSelection, fleetWide = false): AffectedLighthouse | undefined {
  const lh = after.lighthouse;
  const before = selection.kind === "changed" ? selection.before.lighthouse : undefined;
  if (!lh && !before) return undefined;
  const names = (lh?.customers ?? []).map((c) => c.name);
  const removed = (before?.customers ?? []).map((c) => c.name).filter((n) => !names.includes(n));
  let managingTenant = false;
  let delegations: string[] = [];
  if (lh && selection.kind === "requested") {
    managingTenant = selection.names.includes(MANAGING_TENANT_NAME);
    delegations = names.filter((n) => selection.names.includes(n));
  } else if (lh && (selection.kind === "all" || fleetWide || !before || shared(before) !== shared(lh))) {
    managingTenant = true; // the managing tenant's settings (or everything) changed: the pair and every delegation
    delegations = names;
  } else if (lh && before) {
    const old = new Map(before.customers.map((c) => [c.name, JSON.stringify(c)]));
    delegations = lh.customers.filter((c) => old.get(c.name) !== JSON.stringify(c)).map((c) => c.name);
  }
  const stacks = [...(managingTenant ? [MANAGING_TENANT_STACKS.identity, MANAGING_TENANT_STACKS.link] : []), ...delegations.map(delegationStackName)];
  return { managingTenant, delegations, removed, stacks, synthCustomers: names.join(",") };
}
