/**
 * The resolved Lighthouse and PIM parts of a fleet (see stacks/manifest/validate-lighthouse.ts for
 * the manifest side): the managing tenant with its one PAL principal and link, the customers that
 * delegate to it, and customer-side staff with permanent and PIM-eligible roles.
 */
import { LighthouseAuthorization, LighthouseEligibleAuthorization } from "../constructs/lighthouse-authorization";
import { PimSchedule } from "../constructs/pim-eligible-role-assignments";
import type { Acknowledgement, ApprovalSpec, CredentialSpec } from "./fleet-spec";

/** The customer name the managing tenant's stacks reserve (and `PAL_CUSTOMERS`, `npm run customers` and `npm run prerequisites` accept). */
export const MANAGING_TENANT_NAME = "managing-tenant";
/** The stack names of the managing tenant. */
export const MANAGING_TENANT_STACKS = { identity: "managing-tenant-identity", link: "managing-tenant-link" } as const;
/** The name of a Lighthouse customer's delegation stack. */
export function delegationStackName(customerName: string): string {
  return `${customerName}-delegation`;
}

/** A customer onboarded through Azure Lighthouse (`access: lighthouse`): no customer-side app, no per-customer link. */
export interface LighthouseCustomerSpec {
  /** Short name, unique in the fleet; the delegation stack is `<name>-delegation`. */
  readonly name: string;
  /** The customer's tenant ID (lower case). */
  readonly tenantId: string;
  /** The subscription the azurerm provider works in. */
  readonly subscriptionId: string;
  /** Delegated scopes: subscriptions and resource groups, normalised, in manifest order. */
  readonly scopes: readonly string[];
  /** Accepted policy findings. */
  readonly acknowledgements: readonly Acknowledgement[];
  /** The customer's recorded approval of the delegation and link; none when absent (rule PAL017). */
  readonly approval?: ApprovalSpec;
}

/** The managing (partner) tenant and what every delegation holds. */
export interface LighthouseSpec {
  /** The managing tenant ID (lower case). */
  readonly managingTenantId: string;
  /** The partner ID the managing tenant's PAL principal is linked to. */
  readonly partnerId: string;
  /** The partner's name, for display names. */
  readonly partnerName?: string;
  /** The offer name the customers see under Service providers. */
  readonly offerName: string;
  /** The offer description, when given. */
  readonly description?: string;
  /** The PAL principal's credential (created once in the managing tenant, or brought in with type none). */
  readonly credential: CredentialSpec;
  /** The PAL principal's display name, when overridden. */
  readonly displayName?: string;
  /** Extra owners (object IDs) of the PAL principal's application. */
  readonly owners: readonly string[];
  /** The PAL principal's permanent roles in every delegation. */
  readonly palRoles: readonly string[];
  /** Permanent staff authorizations. */
  readonly authorizations: readonly LighthouseAuthorization[];
  /** Just-in-time staff authorizations. */
  readonly eligibleAuthorizations: readonly LighthouseEligibleAuthorization[];
  /** Whether destroying the managing link stack deletes the link. */
  readonly deleteLinkOnDestroy: boolean;
  /** The customers that delegate, in manifest order. */
  readonly customers: readonly LighthouseCustomerSpec[];
}

/** One staff group (or user) with customer-side access, in the customer's tenant. */
export interface StaffSpec {
  /** Object ID of the group or user in the customer tenant (lower case). */
  readonly principalId: string;
  /** Group or User. */
  readonly principalType: "Group" | "User";
  /** A name for messages. */
  readonly displayName?: string;
  /** Permanent roles (default Reader + Support Request Contributor). */
  readonly permanentRoles: readonly string[];
  /** PIM-eligible roles. */
  readonly eligibleRoles: readonly string[];
  /** Justification of the eligible assignments. */
  readonly justification?: string;
  /** Ticket of the eligible assignments. */
  readonly ticket?: { readonly system?: string; readonly number?: string };
  /** Schedule of the eligible assignments. */
  readonly schedule?: PimSchedule;
}
