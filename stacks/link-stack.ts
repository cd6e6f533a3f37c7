/**
 * `<customer>-link`: the Partner Admin Link, sent by an azapi provider signed in **as the
 * customer principal** created by `<customer>-identity`.
 *
 * Why a separate stack (PAL-RULES.md §2): Terraform provider arguments must be known before
 * apply, and azapi turns an unknown `client_secret` into "" and falls back to the operator's
 * Azure CLI login. In one stack, the first plan would configure the linking provider before the
 * principal exists - and could link the operator. In its own stack, run after the identity stack,
 * the provider gets the principal's client ID (and secret) through a CDKTF cross-stack reference
 * (`terraform_remote_state`), known at plan time.
 */
import { TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { ICustomerPrincipal } from "../constructs/customer-principal";
import { ManagementPartnerLink } from "../constructs/management-partner-link";
import { PrincipalAzapiProvider } from "../constructs/principal-azapi-provider";
import { CUSTOMER_CONTEXT_KEY } from "../constructs/checks/pal-checks";
import { configureBackend } from "./backend";
import { BackendSpec, CustomerSpec } from "./fleet-spec";

/** Props of {@link LinkStack}. */
export interface LinkStackProps {
  /** The customer, resolved. */
  readonly customer: CustomerSpec;
  /** The principal to link, usually `IdentityStack.principal`. */
  readonly principal: ICustomerPrincipal;
  /**
   * Where the stack keeps its state.
   * @default local state
   */
  readonly backend?: BackendSpec;
}

/** The link half of a customer. */
export class LinkStack extends TerraformStack {
  /** The customer this stack serves. */
  public readonly customer: CustomerSpec;
  /** The link. */
  public readonly link: ManagementPartnerLink;

  constructor(scope: Construct, id: string, props: LinkStackProps) {
    super(scope, id);
    // Every construct in this stack belongs to this customer (findings of the PAL checks say so).
    this.node.setContext(CUSTOMER_CONTEXT_KEY, props.customer.name);
    this.customer = props.customer;
    configureBackend(this, props.backend ?? { type: "local" });

    const provider = new PrincipalAzapiProvider(this, "azapi", { principal: props.principal });
    this.link = new ManagementPartnerLink(this, "partner-link", {
      principal: props.principal,
      partnerId: props.customer.partnerId,
      provider,
      deleteOnDestroy: props.customer.deleteLinkOnDestroy,
      relink: props.customer.relink ?? false,
    });

    const outputs: Record<string, [string, string]> = {
      object_id: [this.link.linkedObjectId, "Object ID Azure linked: the PAL principal's (checked by a postcondition)."],
      tenant_id: [this.link.linkedTenantId, "Tenant ID Azure linked: the customer's (checked by a postcondition)."],
      partner_id: [this.link.linkedPartnerId, "Partner ID Azure recorded for the link."],
      partner_name: [this.link.partnerName, "Partner name Azure resolved for the partner ID."],
      state: [this.link.state, "Link state; Active when the link works."],
    };
    for (const [name, [value, description]] of Object.entries(outputs)) {
      new TerraformOutput(this, name, { value, description });
    }
  }
}
