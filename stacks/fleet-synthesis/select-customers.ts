/**
 * `PAL_CUSTOMERS=<name>[,<name>...]` (or `--customers`): synthesise only some customers' stacks.
 * The whole manifest is still loaded and validated (unique names, and every other fleet-wide
 * rule), and the selected customers' stacks are byte-identical to a full synthesis, because each
 * customer's stacks are built from that customer's spec only.
 */
import { quotedWithSuggestion } from "../../constructs/internal/suggest";
import { CustomerSpec, FleetSpec } from "../fleet-spec";
import { MANAGING_TENANT_NAME } from "../lighthouse-spec";

/** The environment variable that selects customers. */
export const CUSTOMERS_ENV = "PAL_CUSTOMERS";

/** The names in a `PAL_CUSTOMERS` / `--customers` value (comma- or space-separated); undefined when empty. */
export function parseCustomerSelection(value: string | undefined): string[] | undefined {
  const names = [...new Set((value ?? "").split(/[\s,]+/).filter((n) => n !== ""))]; // a name given twice selects it once
  return names.length > 0 ? names : undefined;
}

/**
 * The customers of `spec` named in `names`, in manifest order; every customer when `names` is
 * undefined. Throws when a name is not a customer of the manifest, naming the closest ones.
 */
export function selectCustomers(spec: FleetSpec, names: readonly string[] | undefined): readonly CustomerSpec[] {
  if (names === undefined) return spec.customers;
  const known = new Set([...spec.customers.map((c) => c.name), ...lighthouseNames(spec)]);
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    const hints = unknown.map((n) => quotedWithSuggestion(n, known));
    throw new CustomerSelectionError(
      `The customer selection (${CUSTOMERS_ENV} or --customers) names ${unknown.length === 1 ? "a customer" : "customers"} that ${spec.source} does not have: ${hints.join(", ")}. ` +
        `Use the customers' \`name\` values, separated by commas, or unset ${CUSTOMERS_ENV} to synthesise every customer.`,
    );
  }
  const wanted = new Set(names);
  return spec.customers.filter((c) => wanted.has(c.name));
}

/**
 * Whether a selection includes the fleet-level stacks (pal-bootstrap, the Lighthouse managing
 * tenant and delegations): every synthesis without a selection, and a selection that names a
 * Lighthouse customer (its delegation depends on the managing tenant's stacks, built together).
 */
export function selectsFleetLevel(spec: FleetSpec, names: readonly string[] | undefined): boolean {
  if (names === undefined) return true;
  const lighthouse = new Set(lighthouseNames(spec));
  return names.some((n) => lighthouse.has(n));
}

/** The names a selection may use for the Lighthouse stacks: `managing-tenant` (its identity and link) and each Lighthouse customer (its delegation). */
export function lighthouseNames(spec: FleetSpec): string[] {
  return spec.lighthouse ? [MANAGING_TENANT_NAME, ...spec.lighthouse.customers.map((c) => c.name)] : [];
}

/** A customer selection that names no customer of the manifest. */
export class CustomerSelectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CustomerSelectionError";
  }
}
