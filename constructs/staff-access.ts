/**
 * Customer-side access for one staff group (or user) of the partner, in the customer tenant:
 * permanent role assignments (Reader + Support Request Contributor by default) plus PIM-eligible
 * roles activated just in time.
 *
 * Rule encoded (PAL-RULES.md §3, Azure Citadel "PAL theory"): only active assignments count, so
 * keep a PEC-eligible role permanent and make only the powerful roles eligible. PAL029 reports
 * staff whose PEC-eligible roles are all eligible: they earn hours-active/730 of a month.
 */
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Construct } from "constructs";
import { describeGuidProblem } from "./internal/guid";
import { scopeRoleId, uuidV5 } from "./internal/deterministic-id";
import { roleDefinitionIdAt } from "./pec-role-assignments";
import { PimEligibleRoleAssignments, PimSchedule } from "./pim-eligible-role-assignments";
import { BuiltInRole, RoleCatalog } from "./role-catalog";
import { RoleScope } from "./role-scope";
import { Token } from "cdktf";

/** Props of {@link StaffAccess}. */
export interface StaffAccessProps {
  /** Object ID of the staff group (or user) in the customer tenant. */
  readonly principalId: string;
  /**
   * What the principal is.
   * @default "Group"
   */
  readonly principalType?: "Group" | "User";
  /** Where the roles apply. At least one. */
  readonly scopes: readonly (string | RoleScope)[];
  /**
   * Roles assigned permanently.
   * @default Reader + Support Request Contributor
   */
  readonly permanentRoles?: readonly (string | BuiltInRole)[];
  /**
   * Roles the staff may activate just in time (PIM eligible assignments).
   * @default none
   */
  readonly eligibleRoles?: readonly (string | BuiltInRole)[];
  /**
   * Justification recorded with the eligible assignments.
   * @default "Eligible through PAL Kit"
   */
  readonly justification?: string;
  /**
   * Ticket recorded with the eligible assignments.
   * @default none
   */
  readonly ticket?: { readonly system?: string; readonly number?: string };
  /**
   * Schedule of the eligible assignments.
   * @default starts at creation, lasts as long as the PIM policy allows
   */
  readonly schedule?: PimSchedule;
  /**
   * What the permanent assignment names derive from, with scope and role.
   * @default this construct's path
   */
  readonly nameSeed?: string;
  /**
   * The catalog role names are looked up in.
   * @default RoleCatalog.default
   */
  readonly catalog?: RoleCatalog;
}

/** Permanent and eligible roles of one staff principal in a customer tenant. */
export class StaffAccess extends Construct {
  /** The staff principal's object ID. */
  public readonly objectId: string;
  /** The scopes. */
  public readonly scopes: readonly RoleScope[];
  /** The permanent roles. */
  public readonly permanentRoles: readonly BuiltInRole[];
  /** The eligible roles. */
  public readonly eligibleRoles: readonly BuiltInRole[];
  /** The permanent `azurerm_role_assignment`s. */
  public readonly permanentAssignments: readonly RoleAssignment[];
  /** The eligible assignments, when any. */
  public readonly eligible?: PimEligibleRoleAssignments;

  constructor(scope: Construct, id: string, props: StaffAccessProps) {
    super(scope, id);
    const where = this.node.path;
    const catalog = props.catalog ?? RoleCatalog.default;
    if (!Token.isUnresolved(props.principalId)) {
      const problem = describeGuidProblem(props.principalId);
      if (problem) throw new Error(`${where}: principalId "${props.principalId}" ${problem}; give the object ID of the staff group in the customer tenant`);
    }
    this.objectId = props.principalId;
    if (props.scopes.length === 0) throw new Error(`${where}: no scopes given`);
    this.scopes = props.scopes.map((s) => RoleScope.of(s, this.node.path));
    this.permanentRoles = (props.permanentRoles ?? catalog.recommendedDefaults).map((r) => catalog.resolve(r));
    this.eligibleRoles = (props.eligibleRoles ?? []).map((r) => catalog.resolve(r));
    const seed = props.nameSeed ?? this.node.path;
    this.permanentAssignments = this.scopes.flatMap((s) =>
      this.permanentRoles.map(
        (role) =>
          new RoleAssignment(this, scopeRoleId(s, role), {
            name: uuidV5(`staff|${seed}|${s.key}|${role.id}`),
            scope: s.id,
            roleDefinitionId: roleDefinitionIdAt(s, role),
            principalId: props.principalId,
            principalType: props.principalType ?? "Group",
          }),
      ),
    );
    if (this.eligibleRoles.length > 0) {
      this.eligible = new PimEligibleRoleAssignments(this, "eligible", {
        principal: { objectId: props.principalId },
        scopes: this.scopes,
        roles: this.eligibleRoles,
        justification: props.justification,
        ticket: props.ticket,
        schedule: props.schedule,
        catalog,
      });
    }
  }
}
