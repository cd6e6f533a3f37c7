/**
 * The Partner Admin Link of an Azure Lighthouse partner: made **once, in the managing (partner)
 * tenant**, for the principal that every customer's delegation authorizes, never per customer.
 *
 * Rule encoded (PAL-RULES.md §5; Microsoft Learn "Link your partner ID to track your impact on
 * delegated resources", https://learn.microsoft.com/azure/lighthouse/how-to/partner-earned-credit):
 * with Lighthouse the authorized principals live in the managing tenant, and linking one of them
 * there attributes every delegated scope where it holds a permanent PEC-eligible authorization.
 * The link itself is the kit's {@link ManagementPartnerLink}, sent by a
 * {@link PrincipalAzapiProvider} signed in as that principal (so the same sign-in rules, PAL006,
 * and the same verification apply); only the tenant differs.
 */
import { Construct } from "constructs";
import { ICustomerPrincipal } from "./customer-principal";
import { ILighthousePrincipal } from "./lighthouse-delegation";
import { ManagementPartnerLink } from "./management-partner-link";
import { PartnerId } from "./partner-id";
import { PrincipalAzapiProvider } from "./principal-azapi-provider";

/** Props of {@link ManagingTenantLink}. */
export interface ManagingTenantLinkProps {
  /** The PAL principal in the managing tenant (a {@link CustomerPrincipal} created with the managing tenant's ID, or one brought in). */
  readonly principal: ICustomerPrincipal;
  /** The Associated Partner ID (digits) to link to. */
  readonly partnerId: PartnerId | string;
  /**
   * Whether `terraform destroy` deletes the link (recognition of every delegated customer stops).
   * @default false
   */
  readonly deleteOnDestroy?: boolean;
}

/** The one link of a Lighthouse partner, in its managing tenant. */
export class ManagingTenantLink extends Construct implements ILighthousePrincipal {
  /** The linked principal. */
  public readonly principal: ICustomerPrincipal;
  /** The provider that signs in as it. */
  public readonly provider: PrincipalAzapiProvider;
  /** The link. */
  public readonly link: ManagementPartnerLink;

  constructor(scope: Construct, id: string, props: ManagingTenantLinkProps) {
    super(scope, id);
    this.principal = props.principal;
    this.provider = new PrincipalAzapiProvider(this, "azapi", { principal: props.principal });
    this.link = new ManagementPartnerLink(this, "partner-link", {
      principal: props.principal,
      partnerId: props.partnerId,
      provider: this.provider,
      deleteOnDestroy: props.deleteOnDestroy ?? false,
    });
  }

  /** The linked principal's object ID, for {@link LighthouseDelegationProps.palPrincipal}. */
  public get objectId(): string {
    return this.principal.objectId;
  }

  /** The managing tenant. */
  public get tenantId(): string {
    return this.principal.tenantId;
  }
}
