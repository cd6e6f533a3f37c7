/**
 * A principal the manifest brings (`credential: { type: none }`), in the stack that would
 * otherwise create one: imported by its IDs and checked at plan through a read-only azuread
 * provider (constructs/existing-principal-check.ts), so the plan fails unless the IDs are one
 * Application service principal. Shared by a customer's identity stack and the Lighthouse
 * managing tenant's.
 */
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { Construct } from "constructs";
import { CustomerPrincipal, ICustomerPrincipal } from "../constructs/customer-principal";
import { ExistingPrincipalCheck } from "../constructs/existing-principal-check";
import { CredentialSpec } from "./fleet-spec";

/** What {@link addExistingPrincipal} added. */
export interface ExistingPrincipal {
  /** The imported principal. */
  readonly principal: ICustomerPrincipal;
  /** Its plan-time check. */
  readonly check: ExistingPrincipalCheck;
}

/** Imports the existing principal of `credential` in `tenantId` into `stack`, with its plan-time check. */
export function addExistingPrincipal(stack: Construct, credential: Extract<CredentialSpec, { type: "none" }>, tenantId: string): ExistingPrincipal {
  const principal = CustomerPrincipal.fromExisting(stack, "principal", {
    clientId: credential.clientId,
    objectId: credential.objectId,
    tenantId,
    signIn: { method: credential.signIn },
  });
  new AzureadProvider(stack, "azuread", { tenantId });
  const check = new ExistingPrincipalCheck(stack, "principal-check", { clientId: credential.clientId, objectId: credential.objectId });
  return { principal, check };
}
