/**
 * The Partner Admin Link itself: `/providers/Microsoft.ManagementPartner/partners/{partnerId}`
 * (api-version 2018-02-01), read back at every plan and then created (`PUT`), re-pointed
 * (`PATCH`) or left alone, by an azapi provider signed in as the principal being linked.
 *
 * Facts encoded (shared/reference/managementpartner/ManagementPartner.json and PAL-RULES.md §1-§2):
 * - only api-version 2018-02-01 exists; the resource is tenant-scoped;
 * - the PUT has no body: the tenant and object ID come from the caller's token, so the provider,
 *   not the request, decides who is linked;
 * - `azapi_resource` cannot manage it (its body is read-only, and it fails with "already exists"
 *   when the principal is linked), so the link is an `azapi_resource_action`, and unlinking on
 *   destroy is a second action with `method = "DELETE"` and `when = "destroy"`;
 * - a new client secret can take seconds to work: the PUT is retried on `AADSTS7000215`;
 * - the response's `properties.objectId` / `properties.tenantId` must be the intended principal's
 *   (and `partnerId` / `state` the intended link's): postconditions fail the apply otherwise, and
 *   (by default) a precondition refuses to send anything when the provider is signed in as anyone else;
 * - the link belongs to one principal: when the principal is replaced (a new object ID), the PUT is
 *   replaced too (`replace_triggered_by` a `terraform_data` holding the principal's IDs), so the new
 *   principal is linked instead of the postcondition failing on the old response.
 *
 * Read back, then act. At every plan, signed in as the principal, two reads that never
 * fail on "not found" (`data "azapi_resource"` with `ignore_not_found`, azapi >= 2.12.0:
 * shared/reference/azapi-2.12.0/internal_services_azapi_resource_data_source.go, `Read` sets
 * `exists = false` on a 404):
 * - `GET /providers/Microsoft.ManagementPartner/partners/{partnerId}` (`Partner_Get`);
 * - `GET /providers/Microsoft.ManagementPartner/partners` (`Partners_Get`: the caller's link,
 *   whatever its partner ID), addressed as azapi's provider-type form `type = "Microsoft.ManagementPartner@2018-02-01"`,
 *   `parent_id = "/"`, `name = "Microsoft.ManagementPartner/partners"`, which azapi builds into
 *   `/providers/<name>` (Azure/terraform-provider-azapi internal/services/parse/resource.go, case 0).
 * Their answer is one status: `absent`, `deleted` (state `Deleted`), `linked` (this partner ID,
 * `Active`) or `other` (another partner ID, `Active`). Then exactly one of:
 * - absent / deleted → the action sends `PUT` (create);
 * - linked → nothing: an unchanged customer plans no change. A stack created for a principal that
 *   is already linked records the link with a `GET` (never a second `PUT`, which a 2025 report
 *   says fails with `PartnerIdAlreadyLinked`, Azure/bicep-types-az #2544);
 * - other → the plan fails naming both IDs, unless `relink: true`: then the action sends `PATCH`
 *   (`Partner_Update`, what `az managementpartner update` sends to re-point a link).
 * An `azapi_resource_action` sends its request only when it is created or replaced (its `Read`
 * never calls Azure: internal_services_azapi_resource_action_resource.go), so repair is driven by
 * replacement: a `terraform_data` whose input is unknown at plan whenever the status is not
 * `linked` (and settles to the same constant at apply) is in `replace_triggered_by`; the action's
 * `method` is chosen from the status and `ignore_changes`, so only a replacement takes a new one.
 * A `check` block warns at every plan while the link is not as intended (a scheduled plan is a
 * drift alarm), and one postcondition per field (object ID, tenant ID, partner ID, state) says
 * which one Azure answered differently.
 */
import { Fn, IResolvable, Op, TerraformLocal, TerraformResource, TerraformSelf, Token } from "cdktf";
import { Construct } from "constructs";
import { DataAzapiClientConfig } from "./azapi/data-azapi-client-config";
import { DataAzapiResource } from "./azapi/data-azapi-resource";
import { AzapiProvider } from "./azapi/provider";
import { ResourceAction } from "./azapi/resource-action";
import { ICustomerPrincipal } from "./customer-principal";
import { PartnerId } from "./partner-id";
import { PrincipalAzapiProvider } from "./principal-azapi-provider";
import { TerraformData } from "./internal/terraform-data";
import { TerraformCheck, TerraformRemoved } from "./internal/terraform-blocks";

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

/**
 * The no-ID read `GET /providers/Microsoft.ManagementPartner/partners` (the caller's link, one
 * object) in azapi's provider-type form: `name` under `parent_id = "/"` of type `Microsoft.ManagementPartner`.
 */
export const CALLER_LINK_READ = { type: "Microsoft.ManagementPartner@2018-02-01", parentId: "/", name: "Microsoft.ManagementPartner/partners" } as const;

/** What the read-back found, as the link's status (see {@link ManagementPartnerLink}). */
export type LinkStatus = "absent" | "deleted" | "linked" | "other";

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
  /**
   * Whether a principal linked to **another** partner ID is re-pointed to this one (`PATCH`). Off,
   * the plan fails and names both IDs: re-pointing takes recognition away from the other partner.
   * @default false
   */
  readonly relink?: boolean;
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
  /** The read-back of the link for this partner ID (`GET .../partners/{partnerId}`, never failing on 404). */
  public readonly readBack: DataAzapiResource;
  /** The read-back of the caller's link, whatever its partner ID (`GET .../partners`, never failing on 404). */
  public readonly callerLink: DataAzapiResource;
  /** The `terraform_data` whose planned change re-sends the link while the read-back is not `linked`. */
  public readonly repair: TerraformResource;
  /** The `check` block warning, at every plan, while the link is not as intended. */
  public readonly driftCheck: TerraformCheck;
  /** Whether a link to another partner ID is re-pointed. */
  public readonly relink: boolean;
  /** The link's status as Terraform computes it from the read-back: `absent`, `deleted`, `linked` or `other`. */
  public readonly status: string;

  constructor(scope: Construct, id: string, props: ManagementPartnerLinkProps) {
    super(scope, id);
    this.partnerId = PartnerId.of(props.partnerId, this.node.path);
    this.principal = props.principal;
    this.relink = props.relink ?? false;
    this.provider = props.provider ?? new PrincipalAzapiProvider(this, "provider", { principal: props.principal });
    const resourceId = managementPartnerPath(this.partnerId.value);
    const intendedObjectId = props.principal.objectId;
    const intendedTenantId = props.principal.tenantId;
    const wanted = this.partnerId.value;

    // Read back, as the principal: both reads answer `exists = false` instead of failing on a 404.
    this.readBack = new DataAzapiResource(this, "read-back", {
      provider: this.provider,
      type: MANAGEMENT_PARTNER_TYPE,
      resourceId,
      ignoreNotFound: true,
      responseExportValues: LINK_RESPONSE_EXPORTS,
      retry: { errorMessageRegex: [SECRET_NOT_YET_VALID_ERROR] },
    });
    this.callerLink = new DataAzapiResource(this, "caller-link", {
      provider: this.provider,
      ...CALLER_LINK_READ,
      ignoreNotFound: true,
      responseExportValues: LINK_RESPONSE_EXPORTS,
      retry: { errorMessageRegex: [SECRET_NOT_YET_VALID_ERROR] },
    });
    // The caller's link when the no-ID read found one, else what the by-ID read found. Locals, so
    // every expression that uses them stays readable (and correctly parenthesised) in the output.
    const found = (key: keyof typeof LINK_RESPONSE_EXPORTS): string =>
      new TerraformLocal(
        this,
        `found-${key.replace("_", "-")}`,
        Fn.conditional(
          this.callerLink.exists,
          Fn.try([this.callerLink.interpolationForAttribute(`output.${key}`), ""]),
          Fn.try([this.readBack.interpolationForAttribute(`output.${key}`), ""]),
        ),
      ).asString;
    const foundPartnerId = found("partner_id");
    const foundState = found("state");
    const anyLink = Op.or(this.callerLink.exists, this.readBack.exists);
    this.status = new TerraformLocal(
      this,
      "status",
      Fn.conditional(
        Op.not(anyLink),
        "absent",
        Fn.conditional(
          Op.neq(Fn.lower(foundState), "active"),
          "deleted",
          Fn.conditional(Op.eq(Fn.lower(foundPartnerId), Fn.lower(wanted)), "linked", "other"),
        ),
      ),
    ).asString;
    const isStatus = (status: LinkStatus): IResolvable => Op.eq(this.status, status) as IResolvable;

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
    if (!this.relink) {
      preconditions.push({
        condition: Op.not(isStatus("other")),
        errorMessage:
          `This principal is linked to partner ID ${foundPartnerId}, not to ${wanted}. ` +
          `The kit does not re-point a link silently: that moves the recognition of this customer's Azure consumption ` +
          `to partner ID ${wanted}. If that is intended (a partner-ID change, or a link someone else made), set ` +
          `relink: true for this customer (or in defaults) and plan again; the kit then sends PATCH. Otherwise remove ` +
          `that link, or use another principal.`,
      });
    }

    const linkedPrincipal = new TerraformData(this, "principal", { input: { object_id: intendedObjectId, tenant_id: intendedTenantId } });
    this.linkedPrincipal = linkedPrincipal;
    // Unknown at plan while the status is not `linked` (`timestamp()` is unknown until apply), the
    // constant "steady" once applied: the plan that finds the link missing shows this change, which
    // replaces the action (re-sending it); the plan after the repair sees "steady" again, no change.
    const repair = new TerraformData(this, "repair", {
      input: { link: Token.asString(Fn.conditional(isStatus("linked"), "steady", Fn.conditional(Op.eq(Fn.timestamp(), "known-at-apply"), "repair", "steady"))) },
    });
    this.repair = repair;

    const responseField = (key: keyof typeof LINK_RESPONSE_EXPORTS) => TerraformSelf.getString(`output.${key}`);
    const mismatch = (what: string, key: keyof typeof LINK_RESPONSE_EXPORTS, intended: string, fix: string) => ({
      condition: Op.eq(Fn.lower(responseField(key)), Fn.lower(intended)),
      errorMessage: `Partner Admin Link check failed: ${what} differs. Azure answered ${responseField(key)}, the kit intended ${intended}. ${fix}`,
    });
    const signInFix =
      "The link belongs to whoever calls the API: remove that link, sign the link stage in as the customer principal and apply again.";

    this.link = new ResourceAction(this, "link", {
      provider: this.provider,
      type: MANAGEMENT_PARTNER_TYPE,
      resourceId,
      // What the read-back calls for when this action is created or replaced; `ignore_changes`
      // keeps an existing action from being updated in place (which would send the request again).
      method: Token.asString(Fn.conditional(isStatus("other"), "PATCH", Fn.conditional(isStatus("linked"), "GET", "PUT"))),
      // Map form (azapi 2.x): `output.<key>` is the response value at `<path>`. Keys are snake_case
      // because CDKTF writes references to `self` attributes in snake_case.
      responseExportValues: LINK_RESPONSE_EXPORTS,
      retry: { errorMessageRegex: [SECRET_NOT_YET_VALID_ERROR] },
      lifecycle: {
        ignoreChanges: ["method"],
        // Bare references: CDKTF 0.21 writes a dependable here as "${...}", which Terraform's JSON syntax rejects.
        replaceTriggeredBy: [linkedPrincipal.reference, repair.reference],
        ...(preconditions.length > 0 ? { precondition: preconditions } : {}),
        postcondition: [
          mismatch("the object ID", "object_id", intendedObjectId, signInFix),
          mismatch("the tenant ID", "tenant_id", intendedTenantId, signInFix),
          mismatch(
            "the partner ID",
            "partner_id",
            wanted,
            "Azure kept another partner ID (a PUT on an existing link): set relink: true to re-point it with PATCH, or check the partner ID.",
          ),
          mismatch("the state", "state", "Active", "The link is not active: plan again; the kit re-creates a deleted link."),
        ],
      },
    });

    this.driftCheck = new TerraformCheck(this, "drift", [
      {
        condition: isStatus("linked"),
        errorMessage:
          `Partner Admin Link drift: the principal's link is ${this.status} (partner ID ${foundPartnerId}, state ${foundState}), ` +
          `intended: partner ID ${wanted}, Active. The next apply re-creates it (absent/deleted) or, with relink: true, re-points it (other).`,
      },
    ]);

    if (props.deleteOnDestroy ?? false) {
      this.unlink = new ResourceAction(this, "unlink-on-destroy", {
        provider: this.provider,
        type: MANAGEMENT_PARTNER_TYPE,
        resourceId,
        method: "DELETE",
        when: "destroy",
        // A link already gone (deleted by hand) must not fail the destroy.
        ignoreNotFound: true,
        retry: { errorMessageRegex: [SECRET_NOT_YET_VALID_ERROR] },
        dependsOn: [this.link],
      });
    } else {
      // Turning deleteOnDestroy off must not run the destroy-time DELETE of the action it removes:
      // Terraform forgets it instead. Same construct path, so the same address as the action had.
      new TerraformRemoved(this, "unlink-on-destroy", "azapi_resource_action");
    }
  }

  /** The object ID Azure linked (from the response of the PUT, PATCH or GET that ran); a postcondition guarantees it is the principal's. */
  public get linkedObjectId(): string {
    return this.responseValue("object_id");
  }

  /** The tenant ID Azure linked (from the response of the PUT, PATCH or GET that ran); a postcondition guarantees it is the principal's. */
  public get linkedTenantId(): string {
    return this.responseValue("tenant_id");
  }

  /** The partner ID Azure recorded (from the response); a postcondition guarantees it is the intended one. */
  public get linkedPartnerId(): string {
    return this.responseValue("partner_id");
  }

  /** The partner name Azure resolved for the partner ID (from the response). */
  public get partnerName(): string {
    return this.responseValue("partner_name");
  }

  /** The link state, `Active` when the link works (from the response; a postcondition guarantees it). */
  public get state(): string {
    return this.responseValue("state");
  }

  private responseValue(key: keyof typeof LINK_RESPONSE_EXPORTS): string {
    return Token.asString(this.link.interpolationForAttribute(`output.${key}`));
  }
}
