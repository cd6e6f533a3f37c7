/**
 * The azurerm provider of a stack that works in a customer's subscription (role assignments,
 * Lighthouse delegations): signed in to the customer tenant, and never registering resource
 * providers, because the identity deploying it may hold only role-assignment rights.
 */
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { Construct } from "constructs";

/** Adds the `azurerm` provider for `subscriptionId` in `tenantId` to `stack`. */
export function addCustomerAzurermProvider(stack: Construct, tenantId: string, subscriptionId: string): AzurermProvider {
  return new AzurermProvider(stack, "azurerm", { features: [{}], tenantId, subscriptionId, resourceProviderRegistrations: "none" });
}
