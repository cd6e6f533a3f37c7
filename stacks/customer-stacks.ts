/**
 * The two stacks of one customer, wired together: `<customer>-identity` then `<customer>-link`.
 */
import { Construct } from "constructs";
import { Acknowledgements } from "../constructs/checks/acknowledgements";
import { BackendSpec, CustomerSpec } from "./fleet-spec";
import { IdentityStack } from "./identity-stack";
import { LinkStack } from "./link-stack";

/** The stacks of one customer. */
export interface CustomerStacks {
  /** `<customer>-identity`. */
  readonly identity: IdentityStack;
  /** `<customer>-link`, which depends on the identity stack. */
  readonly link: LinkStack;
}

/** The name of a customer's identity stack. */
export function identityStackName(customerName: string): string {
  return `${customerName}-identity`;
}

/** The name of a customer's link stack. */
export function linkStackName(customerName: string): string {
  return `${customerName}-link`;
}

/**
 * Adds a customer's two stacks to `app`. The link stack reads the principal's client ID, object ID
 * and (for a password credential) secret from the identity stack's state, and depends on it, so
 * `cdktf deploy <customer>-identity <customer>-link` applies them in order.
 */
export function addCustomerStacks(app: Construct, customer: CustomerSpec, backend: BackendSpec): CustomerStacks {
  const identity = new IdentityStack(app, identityStackName(customer.name), { customer, backend });
  const link = new LinkStack(app, linkStackName(customer.name), { customer, principal: identity.principal, backend });
  link.addDependency(identity);
  // The customer's acknowledgements of policy findings apply to both of its stacks.
  for (const { rule, reason } of customer.acknowledgements) {
    Acknowledgements.add(identity, rule, reason);
    Acknowledgements.add(link, rule, reason);
  }
  return { identity, link };
}
