/**
 * Builds every customer's stacks into one CDKTF app. Each customer's stacks are built from that
 * customer's spec only, so adding, removing or reordering customers never changes another
 * customer's stacks.
 */
import { Construct } from "constructs";
import { CustomerStacks, addCustomerStacks } from "./customer-stacks";
import { FleetSpec } from "./fleet-spec";
import { addBootstrapStack } from "./bootstrap-stack";
import { addLighthouseStacks, addStaffAccess } from "./lighthouse-stacks";

/** Adds the stacks of every customer in `spec` to `app`, in manifest order, then the Lighthouse stacks. */
export function buildFleet(app: Construct, spec: FleetSpec): CustomerStacks[] {
  addBootstrapStack(app, spec); // pal-bootstrap, only when the manifest has a partner: section (stacks/bootstrap-stack.ts)
  const stacks = spec.customers.map((customer) => {
    const built = addCustomerStacks(app, customer, spec.backend);
    addStaffAccess(built, customer); // staff (PIM) in the customer's identity stack (stacks/lighthouse-stacks.ts)
    return built;
  });
  if (spec.lighthouse) addLighthouseStacks(app, spec.lighthouse, spec.backend);
  return stacks;
}
