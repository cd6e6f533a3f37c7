/**
 * The Partner Admin Link itself: `PUT /providers/Microsoft.ManagementPartner/partners/{partnerId}`
 * (api-version 2018-02-01), sent by an azapi provider signed in as the principal being linked.
 *
 * Facts encoded (shared/reference/managementpartner/ManagementPartner.json and PAL-RULES.md §1-§2):
 * - only api-version 2018-02-01 exists; the resource is tenant-scoped;
 * - the PUT has no body: the tenant and object ID come from the caller's token, so the provider,
 *   not the request, decides who is linked;
 * - `azapi_resource` cannot manage it (its body is read-only, and it fails with "already exists"
 *   when the principal is linked), so the link is an `azapi_resource_action` with `method = "PUT"`,
 *   and unlinking on destroy is a second action with `method = "DELETE"` and `when = "destroy"`;
 * - a new client secret can take seconds to work: the PUT is retried on `AADSTS7000215`;
 * - the response's `properties.objectId` / `properties.tenantId` must be the intended principal's:
 *   a postcondition fails the apply otherwise, and (by default) a precondition refuses to send
 *   the PUT when the provider is signed in as anyone else;
 * - the link belongs to one principal: when the principal is replaced (a new object ID), the PUT is
 *   replaced too (`replace_triggered_by` a `terraform_data` holding the principal's IDs), so the new
 *   principal is linked instead of the postcondition failing on the old response.
 */
import { Fn, Op, TerraformResource, TerraformSelf, Token } from "cdktf";
import { Construct } from "constructs";
import { DataAzapiClientConfig } from "./azapi/data-azapi-client-config";
import { AzapiProvider } from "./azapi/provider";
import { ResourceAction } from "./azapi/resource-action";
import { ICustomerPrincipal } from "./customer-principal";
import { PartnerId } from "./partner-id";
import { PrincipalAzapiProvider } from "./principal-azapi-provider";
import { TerraformData } from "./internal/terraform-data";

/** The ARM resource type and the only API version of the link. */
export const MANAGEMENT_PARTNER_TYPE = "Microsoft.ManagementPartner/partners@2018-02-01";
/** The error Entra ID returns while a new client secret is not usable yet. */
export const SECRET_NOT_YET_VALID_ERROR = "AADSTS7000215";

/**
 * What the link exports from the PUT response (`properties` of the ManagementPartner resource, see
 * shared/reference/managementpartner/ManagementPartner.json), as `output.<key>` of the action.
 */
export const LINK_RESPONSE_EXPORTS = {
  object_id: "properties.objectId",
  tenant_id: "properties.tenantId",
  partner_id: "properties.partnerId",
  partner_name: "properties.partnerName",
  state: "properties.state",
} as const;

/** The ARM path of the link for a partner ID. */
export function managementPartnerPath(partnerId: string): string {
  return `/providers/Microsoft.ManagementPartner/partners/${partnerId}`;
}

/** Props of {@link ManagementPartnerLink}. */
export interface ManagementPartnerLinkProps {
  /** The principal that is linked: the provider must be signed in as it. */
  readonly principal: ICustomerPrincipal;
  /** The partner ID to link to: the Associated Partner ID (digits) of the partner location. */
  readonly partnerId: PartnerId | string;
  /**
   * The azapi provider that sends the PUT. It must be signed in as `principal`.
   * @default a {@link PrincipalAzapiProvider} for `principal`, created in this construct's stack
   */
  readonly provider?: AzapiProvider;
  /**
   * Whether `terraform destroy` deletes the link. Off by default: a deleted link stops the
   * partner's recognition, and a linked principal can always be deleted instead.
   * @default false
   */
  readonly deleteOnDestroy?: boolean;
  /**
   * Whether a precondition checks, before the PUT, that the provider is signed in as the principal
   * (object ID and tenant from `azapi_client_config`), so the wrong identity is never linked.
   * @default true
   */
  readonly verifySignIn?: boolean;
}

/** A Partner Admin Link made as a customer principal, verified after the fact. */
export class ManagementPartnerLink extends Construct {
  /** The partner ID linked. */
  public readonly partnerId: PartnerId;
  /** The principal linked. */
  public readonly principal: ICustomerPrincipal;
  /** The provider that sends the PUT. */
  public readonly provider: AzapiProvider;
  /** The PUT action. */
  public readonly link: ResourceAction;
  /** The DELETE-on-destroy action, when `deleteOnDestroy` is set. */
  public readonly unlink?: ResourceAction;
  /** The client configuration used to verify the sign-in, when `verifySignIn` is on. */
  public readonly signedIn?: DataAzapiClientConfig;
  /** The `terraform_data` holding the principal's object and tenant IDs: when they change, the PUT is sent again. */
  public readonly linkedPrincipal: TerraformResource;

  constructor(scope: Construct, id: string, props: ManagementPartnerLinkProps) {
    super(scope, id);
    this.partnerId = PartnerId.of(props.partnerId, this.node.path);
    this.principal = props.principal;
    this.provider = props.provider ?? new PrincipalAzapiProvider(this, "provider", { principal: props.principal });
    const resourceId = managementPartnerPath(this.partnerId.value);
    const intendedObjectId = props.principal.objectId;
    const intendedTenantId = props.principal.tenantId;

    const preconditions = [];
    if (props.verifySignIn ?? true) {
      this.signedIn = new DataAzapiClientConfig(this, "signed-in", { provider: this.provider });
      preconditions.push({
        condition: Op.and(
          Op.eq(Fn.lower(this.signedIn.objectId), Fn.lower(intendedObjectId)),
          Op.eq(Fn.lower(this.signedIn.tenantId), Fn.lower(intendedTenantId)),
        ),
        errorMessage:
          "The azapi provider that makes the Partner Admin Link is not signed in as the PAL principal of this customer, " +
          "so the PUT would link the wrong identity. Sign the link stage in as the customer principal (OIDC federated " +
          "credential or its client secret), never with Azure CLI or a managed identity. If its client secret was " +
          "created moments ago, it may not work yet (AADSTS7000215): wait a minute and run the link stage again.",
      });
    }

    const linkedPrincipal = new TerraformData(this, "principal", { input: { object_id: intendedObjectId, tenant_id: intendedTenantId } });
    this.linkedPrincipal = linkedPrincipal;

    this.link = new ResourceAction(this, "link", {
      provider: this.provider,
      type: MANAGEMENT_PARTNER_TYPE,
      resourceId,
      method: "PUT",
      // Map form (azapi 2.x): `output.<key>` is the response value at `<path>`. Keys are snake_case
      // because CDKTF writes references to `self` attributes in snake_case.
      responseExportValues: LINK_RESPONSE_EXPORTS,
      retry: { errorMessageRegex: [SECRET_NOT_YET_VALID_ERROR] },
      lifecycle: {
        // A bare reference: CDKTF 0.21 writes a dependable here as "${...}", which Terraform's JSON syntax rejects.
        replaceTriggeredBy: [linkedPrincipal.reference],
        ...(preconditions.length > 0 ? { precondition: preconditions } : {}),
        postcondition: [
          {
            condition: Op.and(
              Op.eq(Fn.lower(TerraformSelf.getString("output.object_id")), Fn.lower(intendedObjectId)),
              Op.eq(Fn.lower(TerraformSelf.getString("output.tenant_id")), Fn.lower(intendedTenantId)),
            ),
            errorMessage:
              "Azure linked the partner ID to a different principal or tenant than the PAL principal of this customer " +
              "(the link belongs to whoever calls the API). Remove that link, sign the link stage in as the customer " +
              "principal and apply again.",
          },
        ],
      },
    });

    if (props.deleteOnDestroy ?? false) {
      this.unlink = new ResourceAction(this, "unlink-on-destroy", {
        provider: this.provider,
        type: MANAGEMENT_PARTNER_TYPE,
        resourceId,
        method: "DELETE",
        when: "destroy",
        retry: { errorMessageRegex: [SECRET_NOT_YET_VALID_ERROR] },
        dependsOn: [this.link],
      });
    }
  }

  /** The object ID Azure linked (from the PUT response); the postcondition guarantees it is the principal's. */
  public get linkedObjectId(): string {
    return this.responseValue("object_id");
  }

  /** The tenant ID Azure linked (from the PUT response); the postcondition guarantees it is the principal's. */
  public get linkedTenantId(): string {
    return this.responseValue("tenant_id");
  }

  /** The partner ID Azure recorded (from the PUT response). */
  public get linkedPartnerId(): string {
    return this.responseValue("partner_id");
  }

  /** The partner name Azure resolved for the partner ID (from the PUT response). */
  public get partnerName(): string {
    return this.responseValue("partner_name");
  }

  /** The link state, `Active` when the link works (from the PUT response). */
  public get state(): string {
    return this.responseValue("state");
  }

  private responseValue(key: keyof typeof LINK_RESPONSE_EXPORTS): string {
    return Token.asString(this.link.interpolationForAttribute(`output.${key}`));
  }
}
