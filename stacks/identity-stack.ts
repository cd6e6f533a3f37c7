/**
 * `<customer>-identity`: everything that needs an administrator of the customer tenant - the
 * principal, its credential and its PEC role assignments. It runs with the customer-admin
 * identity of the pipeline (or the operator's login), never as the new principal.
 */
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { CustomerPrincipal, ICustomerPrincipal } from "../constructs/customer-principal";
import { ExistingPrincipalCheck } from "../constructs/existing-principal-check";
import { addCustomerAzurermProvider } from "./customer-azurerm-provider";
import { addExistingPrincipal } from "./existing-principal";
import { PecRoleAssignments } from "../constructs/pec-role-assignments";
import { CUSTOMER_CONTEXT_KEY } from "../constructs/checks/pal-checks";
import { configureBackend } from "./backend";
import { BackendSpec, CustomerSpec } from "./fleet-spec";

/** What the role-assignment names of a customer derive from (with scope and role): name, tenant and partner ID. */
export function roleAssignmentNameSeed(customer: Pick<CustomerSpec, "name" | "tenantId" | "partnerId">): string {
  return `customer/${customer.name}/tenant/${customer.tenantId.toLowerCase()}/partner/${customer.partnerId}`;
}

/** Props of {@link IdentityStack}. */
export interface IdentityStackProps {
  /** The customer, resolved. */
  readonly customer: CustomerSpec;
  /**
   * Where the stack keeps its state.
   * @default local state
   */
  readonly backend?: BackendSpec;
}

/** The identity half of a customer: principal, credential, role assignments. */
export class IdentityStack extends TerraformStack {
  /** The customer this stack serves. */
  public readonly customer: CustomerSpec;
  /** The principal that is linked (created here, or brought in with credential type `none`). */
  public readonly principal: ICustomerPrincipal;
  /** The PEC role assignments of the principal. */
  public readonly roleAssignments: PecRoleAssignments;
  /** For a bring-your-own principal (credential type `none`): the plan-time lookups that verify its IDs. */
  public readonly existingPrincipalCheck?: ExistingPrincipalCheck;

  constructor(scope: Construct, id: string, props: IdentityStackProps) {
    super(scope, id);
    // Every construct in this stack belongs to this customer (findings of the PAL checks say so).
    this.node.setContext(CUSTOMER_CONTEXT_KEY, props.customer.name);
    const customer = props.customer;
    this.customer = customer;
    configureBackend(this, props.backend ?? { type: "local" });

    addCustomerAzurermProvider(this, customer.tenantId, customer.subscriptionId);

    const credential = customer.credential;
    if (credential.type === "none") {
      // Read-only: the plan fails when the IDs are not one Application service principal.
      const existing = addExistingPrincipal(this, credential, customer.tenantId);
      this.principal = existing.principal;
      this.existingPrincipalCheck = existing.check;
    } else {
      new AzureadProvider(this, "azuread", { tenantId: customer.tenantId });
      this.principal = new CustomerPrincipal(this, "principal", {
        customerName: customer.name,
        tenantId: customer.tenantId,
        partnerId: customer.partnerId,
        partnerName: customer.partnerName,
        displayName: customer.displayName,
        owners: customer.owners,
        credential: credential.type === "password" ? { type: "password", lifetime: credential.lifetime } : credential,
      });
    }

    this.roleAssignments = new PecRoleAssignments(this, "roles", {
      principal: this.principal,
      scopes: customer.scopes,
      roles: customer.roles,
      // Two fleets or partners that both call a customer "contoso" on one subscription must not
      // derive the same names: the tenant and partner ID tell them apart. Assignments created under
      // the previous seed (`customer/<name>`) keep their names (ignore_changes, see PecRoleAssignments).
      nameSeed: roleAssignmentNameSeed(customer),
      // For a brought-in principal, assign only once its IDs are verified.
      ...(this.existingPrincipalCheck ? { dependsOn: [this.existingPrincipalCheck.byObjectId] } : {}),
    });

    new TerraformOutput(this, "client_id", {
      value: this.principal.clientId,
      description: "Application (client) ID of the PAL principal: the link stage signs in with it.",
    });
    new TerraformOutput(this, "object_id", {
      value: this.principal.objectId,
      description: "Object ID of the PAL service principal: the identity that holds the roles and the link.",
    });
  }
}
