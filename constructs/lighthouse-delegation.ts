/**
 * An Azure Lighthouse delegation of a customer's subscriptions and resource groups to the
 * managing (partner) tenant: one `azurerm_lighthouse_definition` (registrationDefinition) per
 * subscription and one `azurerm_lighthouse_assignment` (registrationAssignment) per delegated
 * scope, created **in the customer's tenant** by someone with Owner there.
 *
 * Rules encoded (PAL-RULES.md §5; Microsoft Learn "Link your partner ID to track your impact on
 * delegated resources", https://learn.microsoft.com/azure/lighthouse/how-to/partner-earned-credit):
 * - the principals of the authorizations live in the managing tenant and are linked once there;
 *   at least one PEC-eligible role of a linked principal must be a **permanent** authorization
 *   (an eligible, just-in-time one earns nothing while inactive). So the linked PAL principal
 *   (`palPrincipal`) is always added with permanent PEC-eligible roles, Support Request
 *   Contributor by default (rule PAL020 checks it);
 * - a definition lives in one subscription and is assigned there or to its resource groups;
 *   management groups are onboarded per subscription (Learn "Onboard a customer to Azure
 *   Lighthouse"): a management-group scope is recorded, gets no resources, and PAL026 reports it;
 * - `role_definition_id` is the bare role GUID; definition and assignment names are GUIDs,
 *   derived deterministically from `nameSeed` and the subscription or scope;
 * - azurerm moved `azurerm_lighthouse_assignment` to API 2022-10-01 (eligible authorizations end
 *   to end) in 3.98.0; the kit uses 4.55.
 * What each authorization may hold is checked in lighthouse-authorization.ts (rules PAL021-PAL025).
 */
import { LighthouseAssignment } from "@cdktf/provider-azurerm/lib/lighthouse-assignment";
import { LighthouseDefinition } from "@cdktf/provider-azurerm/lib/lighthouse-definition";
import { Token } from "cdktf";
import { Construct } from "constructs";
import {
  LighthouseAuthorization,
  LighthouseEligibleAuthorization,
  ResolvedAuthorization,
  ResolvedEligibleAuthorization,
  resolveAuthorization,
  resolveEligibleAuthorization,
} from "./lighthouse-authorization";
import { describeGuidProblem, normalizeGuid } from "./internal/guid";
import { shortHash, uuidV5 } from "./internal/deterministic-id";
import { BuiltInRole, RoleCatalog, SUPPORT_REQUEST_CONTRIBUTOR_ROLE_ID } from "./role-catalog";
import { RoleScope } from "./role-scope";

/** The managing-tenant principal that is linked to the partner ID (usually `ManagingTenantLink.principal`). */
export interface ILighthousePrincipal {
  /** Object ID of the service principal (enterprise application) in the managing tenant. */
  readonly objectId: string;
  /** The managing tenant. */
  readonly tenantId: string;
}

/** Props of {@link LighthouseDelegation}. */
export interface LighthouseDelegationProps {
  /** The managing (partner) tenant ID: where the authorized principals live. */
  readonly managingTenantId: string;
  /** The delegated scopes: subscriptions and resource groups of the customer. At least one. */
  readonly scopes: readonly (string | RoleScope)[];
  /** The offer's name, shown to the customer under Service providers (registrationDefinitionName). */
  readonly offerName: string;
  /**
   * The offer's description.
   * @default "<offerName>. The partner's Partner Admin Link principal holds <roles>, so the partner is recognised for its work here."
   */
  readonly description?: string;
  /**
   * The managing-tenant principal linked to the partner ID. It is added as a permanent
   * authorization with `palRoles`, so the delegation earns recognition.
   * @default none (then some authorization must be for a linked principal: PAL020)
   */
  readonly palPrincipal?: ILighthousePrincipal;
  /**
   * The permanent roles of `palPrincipal`: at least one must be PEC-eligible.
   * @default [Support Request Contributor]
   */
  readonly palRoles?: readonly (string | BuiltInRole)[];
  /**
   * The display name of `palPrincipal` in the customer's portal.
   * @default "Partner Admin Link"
   */
  readonly palPrincipalDisplayName?: string;
  /**
   * Permanent authorizations for staff (groups, users) of the managing tenant.
   * @default none
   */
  readonly authorizations?: readonly LighthouseAuthorization[];
  /**
   * Just-in-time (PIM) authorizations for staff.
   * @default none
   */
  readonly eligibleAuthorizations?: readonly LighthouseEligibleAuthorization[];
  /**
   * The customer's tenant ID, so the checks can tell when the same customer also has a customer-side principal (PAL027).
   * @default unknown (PAL027 then compares subscriptions only)
   */
  readonly customerTenantId?: string;
  /**
   * What definition and assignment names derive from. Keep it stable: changing it replaces them.
   * @default this construct's path
   */
  readonly nameSeed?: string;
  /**
   * The catalog role names are looked up in.
   * @default RoleCatalog.default
   */
  readonly catalog?: RoleCatalog;
}

/** The definition of one subscription. */
export interface LighthouseSubscriptionDelegation {
  /** The subscription. */
  readonly subscriptionId: string;
  /** The registration definition's GUID (`lighthouse_definition_id`). */
  readonly definitionId: string;
  /** The scopes assigned in it (the subscription, or resource groups). */
  readonly scopes: readonly RoleScope[];
  /** The assignment names (GUIDs), by scope ID. */
  readonly assignmentNames: Readonly<Record<string, string>>;
  /** The `azurerm_lighthouse_definition`. */
  readonly definition: LighthouseDefinition;
  /** The `azurerm_lighthouse_assignment`s, in scope order. */
  readonly assignments: readonly LighthouseAssignment[];
}

/** The default display name of the PAL principal in the customer's portal. */
export const DEFAULT_PAL_PRINCIPAL_DISPLAY_NAME = "Partner Admin Link";

/** A Lighthouse delegation of one customer's scopes, with the linked PAL principal in it. */
export class LighthouseDelegation extends Construct {
  /** The managing tenant, lower case. */
  public readonly managingTenantId: string;
  /** The offer name. */
  public readonly offerName: string;
  /** The offer description. */
  public readonly description: string;
  /** Every scope given, normalised, in order (management groups included: PAL026 reports them). */
  public readonly scopes: readonly RoleScope[];
  /** The customer's tenant, when given. */
  public readonly customerTenantId?: string;
  /** The linked PAL principal, when given. */
  public readonly palPrincipal?: ILighthousePrincipal;
  /** Every permanent authorization, the PAL principal's first. */
  public readonly authorizations: readonly ResolvedAuthorization[];
  /** Every eligible authorization. */
  public readonly eligibleAuthorizations: readonly ResolvedEligibleAuthorization[];
  /** One entry per delegated subscription, in order of first appearance. */
  public readonly subscriptions: readonly LighthouseSubscriptionDelegation[];

  constructor(scope: Construct, id: string, props: LighthouseDelegationProps) {
    super(scope, id);
    const where = this.node.path;
    const catalog = props.catalog ?? RoleCatalog.default;
    if (!Token.isUnresolved(props.managingTenantId)) {
      const problem = describeGuidProblem(props.managingTenantId);
      if (problem) throw new Error(`${where}: managingTenantId "${props.managingTenantId}" ${problem}`);
    }
    this.managingTenantId = Token.isUnresolved(props.managingTenantId) ? props.managingTenantId : normalizeGuid(props.managingTenantId);
    if (props.offerName.trim() === "") throw new Error(`${where}: offerName is empty; it is what the customer sees under Service providers`);
    this.offerName = props.offerName;

    if (props.scopes.length === 0) throw new Error(`${where}: no scopes given; list the customer's subscriptions or resource groups to delegate`);
    this.scopes = props.scopes.map((s) => RoleScope.of(s, this.node.path));
    const keys = new Set<string>();
    for (const s of this.scopes) {
      if (s.kind === "resource") throw new Error(`${where}: scope ${s.id} is a single resource; Lighthouse delegates subscriptions and resource groups only`);
      if (keys.has(s.key)) throw new Error(`${where}: scope ${s.id} is listed twice`);
      keys.add(s.key);
    }

    const palTenant = props.palPrincipal?.tenantId;
    if (palTenant !== undefined && !Token.isUnresolved(palTenant) && !Token.isUnresolved(this.managingTenantId) && normalizeGuid(palTenant) !== this.managingTenantId) {
      // An offer authorizes users, groups and service principals of the managing tenant (managedByTenantId) only (Learn, "Tenants, users, and roles in Azure Lighthouse").
      throw new Error(`${where}: palPrincipal lives in tenant ${palTenant}, not in the managing tenant ${this.managingTenantId}; use the managing tenant's PAL principal (managing-tenant-identity)`);
    }
    this.palPrincipal = props.palPrincipal;
    this.customerTenantId = props.customerTenantId && !Token.isUnresolved(props.customerTenantId) ? normalizeGuid(props.customerTenantId) : props.customerTenantId;
    const palRoles = (props.palRoles ?? [SUPPORT_REQUEST_CONTRIBUTOR_ROLE_ID]).map((r) => catalog.resolve(r));
    if (props.palPrincipal && palRoles.length === 0) throw new Error(`${where}: palRoles is empty; leave it out for Support Request Contributor`);
    const palAuthorizations: ResolvedAuthorization[] = props.palPrincipal
      ? palRoles.map((role) => ({
          principalId: props.palPrincipal!.objectId,
          principalDisplayName: props.palPrincipalDisplayName ?? DEFAULT_PAL_PRINCIPAL_DISPLAY_NAME,
          principalType: "ServicePrincipal" as const,
          role,
          delegatedRoles: [],
        }))
      : [];
    const staff = (props.authorizations ?? []).map((a) => resolveAuthorization(a, catalog));
    this.authorizations = [...palAuthorizations, ...staff];
    this.eligibleAuthorizations = (props.eligibleAuthorizations ?? []).map((a) => resolveEligibleAuthorization(a, catalog));
    if (this.authorizations.length === 0) {
      throw new Error(`${where}: a delegation needs at least one permanent authorization; give palPrincipal (the linked PAL principal) or authorizations`);
    }
    for (const a of [...this.authorizations, ...this.eligibleAuthorizations]) {
      if (Token.isUnresolved(a.principalId)) continue;
      const problem = describeGuidProblem(a.principalId);
      if (problem) throw new Error(`${where}: principalId "${a.principalId}" ${problem}; it is the object ID of a user, group or service principal in the managing tenant`);
    }
    const roleNames = palRoles.map((r) => r.name).join(" + ");
    this.description = props.description ?? `${props.offerName}. The partner's Partner Admin Link principal holds ${roleNames}, so the partner is recognised for its work here.`;

    // One definition per subscription, assigned to each delegated scope in it.
    const seed = props.nameSeed ?? this.node.path;
    const bySubscription = new Map<string, RoleScope[]>();
    for (const s of this.scopes) {
      if (!s.subscriptionId) continue; // management group: PAL026
      const list = bySubscription.get(s.subscriptionId) ?? [];
      list.push(s);
      bySubscription.set(s.subscriptionId, list);
    }
    const made: LighthouseSubscriptionDelegation[] = [];
    for (const [subscriptionId, scopes] of bySubscription) {
      const definitionId = lighthouseDefinitionId(seed, subscriptionId);
      const definition = new LighthouseDefinition(this, `definition-${shortHash(subscriptionId)}`, {
        name: this.offerName,
        description: this.description,
        scope: `/subscriptions/${subscriptionId}`,
        managingTenantId: this.managingTenantId,
        lighthouseDefinitionId: definitionId,
        authorization: this.authorizations.map((a) => ({
          principalId: a.principalId,
          roleDefinitionId: a.role.id,
          ...(a.principalDisplayName ? { principalDisplayName: a.principalDisplayName } : {}),
          ...(a.delegatedRoles.length > 0 ? { delegatedRoleDefinitionIds: a.delegatedRoles.map((r) => r.id) } : {}),
        })),
        ...(this.eligibleAuthorizations.length > 0
          ? {
              eligibleAuthorization: this.eligibleAuthorizations.map((e) => ({
                principalId: e.principalId,
                roleDefinitionId: e.role.id,
                ...(e.principalDisplayName ? { principalDisplayName: e.principalDisplayName } : {}),
                justInTimeAccessPolicy: {
                  maximumActivationDuration: e.maximumActivationDuration,
                  multiFactorAuthProvider: e.multiFactorAuthProvider,
                  ...(e.approvers.length > 0
                    ? { approver: e.approvers.map((p) => ({ principalId: p.principalId, ...(p.principalDisplayName ? { principalDisplayName: p.principalDisplayName } : {}) })) }
                    : {}),
                },
              })),
            }
          : {}),
      });
      const assignmentNames: Record<string, string> = {};
      const assignments = scopes.map((s) => {
        const name = lighthouseAssignmentName(definitionId, s);
        assignmentNames[s.id] = name;
        return new LighthouseAssignment(this, `assignment-${s.kind}-${shortHash(s.key)}`, {
          name,
          scope: s.id,
          lighthouseDefinitionId: definition.id,
        });
      });
      made.push({ subscriptionId, definitionId, scopes, assignmentNames, definition, assignments });
    }
    this.subscriptions = made;
  }

  /** The management-group scopes given, which Lighthouse cannot delegate as such (PAL026). */
  public get managementGroupScopes(): readonly RoleScope[] {
    return this.scopes.filter((s) => s.kind === "managementGroup");
  }
}

/** The registration definition GUID of a delegation in one subscription. */
export function lighthouseDefinitionId(seed: string, subscriptionId: string): string {
  return uuidV5(`lighthouse-definition|${seed}|${subscriptionId.toLowerCase()}`);
}

/** The registration assignment GUID of a definition at one scope. */
export function lighthouseAssignmentName(definitionId: string, scope: RoleScope): string {
  return uuidV5(`lighthouse-assignment|${definitionId}|${scope.key}`);
}
