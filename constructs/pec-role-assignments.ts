/**
 * The role assignments that earn partner earned credit: one `azurerm_role_assignment` per
 * (scope x role) for the customer principal.
 *
 * Rules encoded (PAL-RULES.md §3): at least one PEC-eligible built-in role must be assigned, and
 * permanently (PIM-eligible assignments only count while active); default Reader + Support
 * Request Contributor (least privilege that still earns credit); `principal_type =
 * "ServicePrincipal"` avoids `PrincipalNotFound` right after the principal is created;
 * assignment names are GUIDs derived deterministically from the customer, scope and role.
 * `role_definition_id` is written the way Azure returns it (subscription-qualified inside a
 * subscription, unqualified at management-group scope), so plans show no perpetual diff
 * (terraform-provider-azurerm issue #8558).
 */
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { BuiltInRole, RoleCatalog } from "./role-catalog";
import { RoleScope } from "./role-scope";
import { scopeRoleId, uuidV5 } from "./internal/deterministic-id";

/** Anything with a service principal object ID: a {@link ICustomerPrincipal} or an object literal. */
export interface IAssignablePrincipal {
  /** The service principal's object ID. */
  readonly objectId: string;
}

/** Props of {@link PecRoleAssignments}. */
export interface PecRoleAssignmentsProps {
  /** The principal that gets the roles. */
  readonly principal: IAssignablePrincipal;
  /** Where the roles apply: scope IDs or {@link RoleScope}s of the four kinds. At least one. */
  readonly scopes: readonly (string | RoleScope)[];
  /**
   * The roles: built-in names, GUIDs or {@link BuiltInRole}s (a custom role is a BuiltInRole literal with `pecEligible: undefined`).
   * @default Reader + Support Request Contributor
   */
  readonly roles?: readonly (string | BuiltInRole)[];
  /**
   * What the assignment names derive from, with scope and role: include what tells two fleets or
   * partners apart (the identity stack uses customer name, tenant ID and partner ID). Changing it
   * never renames an existing assignment (`ignore_changes = [name]`: a rename would replace it,
   * and Azure refuses a second assignment of the same role, principal and scope, so recognition
   * would drop in between); only assignments created from then on take the new name.
   * @default this construct's path
   */
  readonly nameSeed?: string;
  /**
   * Resources the assignments must wait for, e.g. the resource group a scope names when the same
   * stack creates it (scopes are literal IDs, so Terraform cannot see that dependency itself).
   * @default none
   */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * The catalog role names are looked up in.
   * @default RoleCatalog.default
   */
  readonly catalog?: RoleCatalog;
}

/** One assignment the construct made, for checks and reports. */
export interface PecRoleAssignment {
  /** The scope. */
  readonly scope: RoleScope;
  /** The role. */
  readonly role: BuiltInRole;
  /** The deterministic assignment name (a GUID). */
  readonly name: string;
  /** The `azurerm_role_assignment`. */
  readonly resource: RoleAssignment;
}

/** The role definition ID of a built-in role as Azure reports it for an assignment at `scope`. */
export function roleDefinitionIdAt(scope: RoleScope, role: BuiltInRole): string {
  const base = `/providers/Microsoft.Authorization/roleDefinitions/${role.id}`;
  return scope.subscriptionId ? `/subscriptions/${scope.subscriptionId}${base}` : base;
}

/** PEC role assignments for one principal. */
export class PecRoleAssignments extends Construct {
  /** The scopes, normalised, in the order given. */
  public readonly scopes: readonly RoleScope[];
  /** The roles, resolved, in the order given. */
  public readonly roles: readonly BuiltInRole[];
  /** Every assignment, scope-major. */
  public readonly assignments: readonly PecRoleAssignment[];
  /** The principal that gets the roles. */
  public readonly principal: IAssignablePrincipal;

  constructor(scope: Construct, id: string, props: PecRoleAssignmentsProps) {
    super(scope, id);
    const where = this.node.path;
    const catalog = props.catalog ?? RoleCatalog.default;
    this.principal = props.principal;

    if (props.scopes.length === 0) throw new Error(`${where}: no scopes given; a principal without assigned scopes is recognised for nothing`);
    this.scopes = uniqueBy(
      props.scopes.map((s) => RoleScope.of(s, this.node.path)),
      (s) => s.key,
      (s) => `${where}: scope ${s.id} is listed twice`,
    );
    this.roles = uniqueBy(
      (props.roles ?? catalog.recommendedDefaults).map((r) => catalog.resolve(r)),
      (r) => r.id,
      (r) => `${where}: role "${r.name}" is listed twice`,
    );
    if (this.roles.length === 0) throw new Error(`${where}: no roles given; leave roles out to get Reader + Support Request Contributor`);

    const seed = props.nameSeed ?? this.node.path;
    const made: PecRoleAssignment[] = [];
    for (const s of this.scopes) {
      for (const role of this.roles) {
        // Name and construct ID depend only on (seed, scope, role): never on list positions.
        const name = uuidV5(`${seed}|${s.key}|${role.id}`);
        const resource = new RoleAssignment(this, scopeRoleId(s, role), {
          name,
          scope: s.id,
          roleDefinitionId: roleDefinitionIdAt(s, role),
          principalId: props.principal.objectId,
          principalType: "ServicePrincipal",
          skipServicePrincipalAadCheck: true,
          dependsOn: props.dependsOn,
          // Existing assignments keep the name they were created with (see nameSeed).
          lifecycle: { ignoreChanges: ["name"] },
        });
        made.push({ scope: s, role, name, resource });
      }
    }
    this.assignments = made;
  }
}

function uniqueBy<T>(items: T[], key: (item: T) => string, message: (item: T) => string): T[] {
  const seen = new Set<string>();
  for (const item of items) {
    const k = key(item);
    if (seen.has(k)) throw new Error(message(item));
    seen.add(k);
  }
  return items;
}
