/**
 * PIM (Microsoft Entra Privileged Identity Management) eligible role assignments: one
 * `azurerm_pim_eligible_role_assignment` per (scope x role), for staff who activate a role just
 * in time, with a justification, a ticket and a schedule.
 *
 * Rule encoded (PAL-RULES.md §3): only **active** assignments count for recognition. An eligible
 * Contributor activated 8 hours in a month earns 8/730 of the month (Azure bills 730 hours a
 * month), so an eligible assignment never replaces a permanent PEC-eligible role of a linked
 * principal (PAL028) and staff whose PEC-eligible roles are all eligible earn a fraction (PAL029).
 * `role_definition_id` is subscription-qualified inside a subscription, as for role assignments.
 */
import { PimEligibleRoleAssignment } from "@cdktf/provider-azurerm/lib/pim-eligible-role-assignment";
import { Construct } from "constructs";
import { IAssignablePrincipal, roleDefinitionIdAt } from "./pec-role-assignments";
import { BuiltInRole, RoleCatalog } from "./role-catalog";
import { RoleScope } from "./role-scope";
import { scopeRoleId } from "./internal/deterministic-id";

/** How long an eligible assignment lasts (one of the three; none = the PIM policy's maximum). */
export interface PimSchedule {
  /**
   * When eligibility starts, RFC 3339.
   * @default when the assignment is created
   */
  readonly startDateTime?: string;
  /**
   * Eligibility lasts this many days.
   * @default the PIM policy's maximum (or permanent eligibility, when the policy allows it)
   */
  readonly durationDays?: number;
  /**
   * Eligibility lasts this many hours.
   * @default see durationDays
   */
  readonly durationHours?: number;
  /**
   * Eligibility ends at this time, RFC 3339.
   * @default see durationDays
   */
  readonly endDateTime?: string;
}

/** Props of {@link PimEligibleRoleAssignments}. */
export interface PimEligibleRoleAssignmentsProps {
  /** Who becomes eligible: a user or group of the tenant (object ID). */
  readonly principal: IAssignablePrincipal;
  /** Where: scope IDs or {@link RoleScope}s. At least one. */
  readonly scopes: readonly (string | RoleScope)[];
  /** The roles: built-in names, GUIDs or {@link BuiltInRole}s. At least one. */
  readonly roles: readonly (string | BuiltInRole)[];
  /**
   * The justification recorded with each assignment.
   * @default "Eligible through PAL Kit"
   */
  readonly justification?: string;
  /**
   * The change ticket recorded with each assignment.
   * @default none
   */
  readonly ticket?: { readonly system?: string; readonly number?: string };
  /**
   * The eligibility schedule.
   * @default starts at creation, lasts as long as the PIM policy allows
   */
  readonly schedule?: PimSchedule;
  /**
   * The catalog role names are looked up in.
   * @default RoleCatalog.default
   */
  readonly catalog?: RoleCatalog;
}

/** The justification recorded when none is given. */
export const DEFAULT_PIM_JUSTIFICATION = "Eligible through PAL Kit";

/** Eligible (just-in-time) role assignments of one principal. */
export class PimEligibleRoleAssignments extends Construct {
  /** The principal. */
  public readonly principal: IAssignablePrincipal;
  /** The scopes, normalised. */
  public readonly scopes: readonly RoleScope[];
  /** The roles, resolved. */
  public readonly roles: readonly BuiltInRole[];
  /** The resources, scope-major. */
  public readonly assignments: readonly PimEligibleRoleAssignment[];

  constructor(scope: Construct, id: string, props: PimEligibleRoleAssignmentsProps) {
    super(scope, id);
    const where = this.node.path;
    const catalog = props.catalog ?? RoleCatalog.default;
    if (props.scopes.length === 0) throw new Error(`${where}: no scopes given`);
    if (props.roles.length === 0) throw new Error(`${where}: no roles given`);
    this.principal = props.principal;
    this.scopes = props.scopes.map((s) => RoleScope.of(s, this.node.path));
    this.roles = props.roles.map((r) => catalog.resolve(r));
    const schedule = props.schedule;
    const expiration =
      schedule && (schedule.durationDays !== undefined || schedule.durationHours !== undefined || schedule.endDateTime !== undefined)
        ? {
            ...(schedule.durationDays !== undefined ? { durationDays: schedule.durationDays } : {}),
            ...(schedule.durationHours !== undefined ? { durationHours: schedule.durationHours } : {}),
            ...(schedule.endDateTime !== undefined ? { endDateTime: schedule.endDateTime } : {}),
          }
        : undefined;
    const made: PimEligibleRoleAssignment[] = [];
    for (const s of this.scopes) {
      for (const role of this.roles) {
        made.push(
          new PimEligibleRoleAssignment(this, scopeRoleId(s, role), {
            scope: s.id,
            roleDefinitionId: roleDefinitionIdAt(s, role),
            principalId: props.principal.objectId,
            justification: props.justification ?? DEFAULT_PIM_JUSTIFICATION,
            // The binding names the ticket's `system` attribute `systemAttribute` (a reserved word in jsii).
            ...(props.ticket
              ? { ticket: { ...(props.ticket.system !== undefined ? { systemAttribute: props.ticket.system } : {}), ...(props.ticket.number !== undefined ? { number: props.ticket.number } : {}) } }
              : {}),
            ...(schedule
              ? { schedule: { ...(schedule.startDateTime ? { startDateTime: schedule.startDateTime } : {}), ...(expiration ? { expiration } : {}) } }
              : {}),
          }),
        );
      }
    }
    this.assignments = made;
  }
}
