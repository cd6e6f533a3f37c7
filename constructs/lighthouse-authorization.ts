/**
 * Azure Lighthouse authorizations: who in the managing (partner) tenant gets which built-in role
 * on a delegated subscription or resource group, permanently (`authorizations`) or just in time
 * (`eligibleAuthorizations`, PIM). This file owns every check of an authorization's value; the
 * {@link LighthouseDelegation} construct, the manifest and the policy rules PAL021-PAL025 reuse it.
 *
 * Facts encoded (PAL-RULES.md §5; ManagedServices 2022-10-01, shared/reference/azure-rest-api-specs/
 * specification/managedservices/.../stable/2022-10-01/managedservices.json, definitions
 * `Authorization`, `EligibleAuthorization`, `JustInTimeAccessPolicy`, `EligibleApprover`):
 * - Microsoft Learn "Tenants, users, and roles in Azure Lighthouse"
 *   (https://learn.microsoft.com/azure/lighthouse/concepts/tenants-users-roles): Owner is not
 *   supported; no roles with DataActions or with `Microsoft.Authorization` write/delete; no custom
 *   roles; User Access Administrator only to assign roles to managed identities, and then with
 *   `delegatedRoleDefinitionIds`. The catalog's `lighthouseAssignable` column records this per role.
 * - Microsoft Learn "Create eligible authorizations"
 *   (https://learn.microsoft.com/azure/lighthouse/how-to/create-eligible-authorizations): not for
 *   service principals, not with User Access Administrator, maximum activation 30 minutes to
 *   8 hours (ISO 8601, default PT8H), MFA provider `Azure` or `None`, up to ten approvers, who are
 *   users or groups of the managing tenant; to elevate in the Azure portal the principal needs a
 *   permanent (Reader-type) authorization on the same delegation.
 */
import { Token } from "cdktf";
import { BuiltInRole, RoleCatalog } from "./role-catalog";

/** User Access Administrator: in Lighthouse only to assign roles to managed identities. */
export const USER_ACCESS_ADMINISTRATOR_ROLE_ID = "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9";
/** The most approvers an eligible authorization may name. */
export const MAX_LIGHTHOUSE_APPROVERS = 10;
/** The shortest and longest maximum activation an eligible authorization may set, in minutes. */
export const LIGHTHOUSE_ACTIVATION_MINUTES = { min: 30, max: 8 * 60 } as const;
/** The multi-factor authentication providers the API accepts. */
export const LIGHTHOUSE_MFA_PROVIDERS = ["Azure", "None"] as const;

/** What kind of managing-tenant principal an authorization is for (the API does not record it; the kit needs it for the rules). */
export type LighthousePrincipalType = "Group" | "User" | "ServicePrincipal";

/** A permanent authorization. */
export interface LighthouseAuthorization {
  /** Object ID of the user, group or service principal (enterprise application) in the managing tenant. */
  readonly principalId: string;
  /**
   * The name shown to the customer in the portal.
   * @default none
   */
  readonly principalDisplayName?: string;
  /**
   * What the principal is.
   * @default "Group"
   */
  readonly principalType?: LighthousePrincipalType;
  /** The built-in role: name, GUID or {@link BuiltInRole}. */
  readonly role: string | BuiltInRole;
  /**
   * For User Access Administrator only: the roles it may assign to managed identities (names or GUIDs).
   * @default none
   */
  readonly delegatedRoles?: readonly (string | BuiltInRole)[];
}

/** One approver of just-in-time activations. */
export interface LighthouseApprover {
  /** Object ID of the approving user or group in the managing tenant. */
  readonly principalId: string;
  /**
   * The name shown in the portal.
   * @default none
   */
  readonly principalDisplayName?: string;
  /**
   * What the approver is.
   * @default "Group"
   */
  readonly principalType?: LighthousePrincipalType;
}

/** The just-in-time policy of an eligible authorization. */
export interface JustInTimePolicy {
  /**
   * The longest an activation lasts, ISO 8601 (e.g. "PT8H", "PT30M").
   * @default "PT8H"
   */
  readonly maximumActivationDuration?: string;
  /**
   * The MFA provider: "Azure" (require MFA) or "None".
   * @default "Azure"
   */
  readonly multiFactorAuthProvider?: (typeof LIGHTHOUSE_MFA_PROVIDERS)[number];
  /**
   * Who approves activations.
   * @default none (activation needs no approval)
   */
  readonly approvers?: readonly LighthouseApprover[];
}

/** An eligible (just-in-time, PIM) authorization. */
export interface LighthouseEligibleAuthorization extends Omit<LighthouseAuthorization, "delegatedRoles"> {
  /**
   * The just-in-time policy.
   * @default PT8H, MFA "Azure", no approvers
   */
  readonly justInTime?: JustInTimePolicy;
}

/** An authorization with its role(s) resolved. */
export interface ResolvedAuthorization {
  readonly principalId: string;
  readonly principalDisplayName?: string;
  readonly principalType: LighthousePrincipalType;
  readonly role: BuiltInRole;
  readonly delegatedRoles: readonly BuiltInRole[];
}

/** An eligible authorization with its role and policy resolved. */
export interface ResolvedEligibleAuthorization {
  readonly principalId: string;
  readonly principalDisplayName?: string;
  readonly principalType: LighthousePrincipalType;
  readonly role: BuiltInRole;
  readonly maximumActivationDuration: string;
  readonly multiFactorAuthProvider: (typeof LIGHTHOUSE_MFA_PROVIDERS)[number];
  readonly approvers: readonly (LighthouseApprover & { readonly principalType: LighthousePrincipalType })[];
}

/** Resolves role names against `catalog` and applies defaults. Throws on an unknown role (custom roles are not supported by Lighthouse). */
export function resolveAuthorization(a: LighthouseAuthorization, catalog = RoleCatalog.default): ResolvedAuthorization {
  return {
    principalId: a.principalId,
    ...(a.principalDisplayName ? { principalDisplayName: a.principalDisplayName } : {}),
    principalType: a.principalType ?? "Group",
    role: catalog.resolve(a.role),
    delegatedRoles: (a.delegatedRoles ?? []).map((r) => catalog.resolve(r)),
  };
}

/** Like {@link resolveAuthorization}, for an eligible authorization. */
export function resolveEligibleAuthorization(a: LighthouseEligibleAuthorization, catalog = RoleCatalog.default): ResolvedEligibleAuthorization {
  const jit = a.justInTime ?? {};
  return {
    principalId: a.principalId,
    ...(a.principalDisplayName ? { principalDisplayName: a.principalDisplayName } : {}),
    principalType: a.principalType ?? "Group",
    role: catalog.resolve(a.role),
    maximumActivationDuration: jit.maximumActivationDuration ?? "PT8H",
    multiFactorAuthProvider: jit.multiFactorAuthProvider ?? "Azure",
    approvers: (jit.approvers ?? []).map((p) => ({ ...p, principalType: p.principalType ?? "Group" })),
  };
}

/** True when Lighthouse refuses the role in any authorization (Owner, DataActions, Microsoft.Authorization write/delete). */
export function lighthouseUnsupportedReason(role: BuiltInRole): string | undefined {
  const verdict = role.lighthouseAssignable;
  return verdict !== undefined && verdict.startsWith("no") ? verdict.replace(/^no \((.*)\)$/, "$1") : undefined;
}

/** PAL021: a role Lighthouse does not accept. */
export function unsupportedRoleProblem(role: BuiltInRole): string | undefined {
  const reason = lighthouseUnsupportedReason(role);
  if (!reason) return undefined;
  return (
    `role "${role.name}" cannot be delegated with Azure Lighthouse (${reason}), so Azure rejects the whole delegation. ` +
    "Use the least privileged supported role that does the work, e.g. Contributor or Support Request Contributor"
  );
}

/** PAL022: User Access Administrator without delegated roles, or delegating roles Lighthouse cannot assign. */
export function userAccessAdministratorProblems(a: ResolvedAuthorization): string[] {
  const isUaa = a.role.id === USER_ACCESS_ADMINISTRATOR_ROLE_ID;
  if (!isUaa) {
    return a.delegatedRoles.length > 0 ? [`delegatedRoles only apply to User Access Administrator, not to "${a.role.name}"; remove them`] : [];
  }
  const out: string[] = [];
  if (a.delegatedRoles.length === 0) {
    out.push(
      "User Access Administrator in a Lighthouse authorization needs delegatedRoles (delegatedRoleDefinitionIds): the roles it may assign, " +
        "and only to managed identities in the customer tenant (e.g. for policy remediation). Azure rejects it without them",
    );
  }
  for (const r of a.delegatedRoles) {
    if (r.id === USER_ACCESS_ADMINISTRATOR_ROLE_ID || lighthouseUnsupportedReason(r)) {
      out.push(`delegated role "${r.name}" cannot be assigned through Lighthouse: list only roles Lighthouse supports, other than User Access Administrator`);
    }
  }
  return out;
}

/** PAL023: an eligible authorization for a service principal, or of User Access Administrator. */
export function eligibleAuthorizationProblems(e: ResolvedEligibleAuthorization): string[] {
  const out: string[] = [];
  if (e.principalType === "ServicePrincipal") {
    out.push("an eligible (just-in-time) authorization cannot be for a service principal: PIM activation needs a user. Give the service principal a permanent authorization, or make this one for a group of users");
  }
  if (e.role.id === USER_ACCESS_ADMINISTRATOR_ROLE_ID) {
    out.push("User Access Administrator cannot be an eligible authorization; give it permanently with delegatedRoles, or choose another role");
  }
  return out;
}

/** PAL024: more than ten approvers, or approvers that are service principals. */
export function approverProblems(e: ResolvedEligibleAuthorization): string[] {
  const out: string[] = [];
  if (e.approvers.length > MAX_LIGHTHOUSE_APPROVERS) {
    out.push(`${e.approvers.length} approvers are listed; an eligible authorization may name at most ${MAX_LIGHTHOUSE_APPROVERS} (use a group of approvers instead of many users)`);
  }
  for (const p of e.approvers) {
    if (p.principalType === "ServicePrincipal") {
      out.push(`approver ${p.principalId} is a service principal; approvers must be users or groups in the managing tenant`);
    }
  }
  return out;
}

/** The minutes of an ISO 8601 duration of days, hours and minutes (e.g. PT8H, PT1H30M, P1D), or the problem. */
export function parseIsoDurationMinutes(text: string): number | string {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(text);
  if (!m || text === "P" || text.endsWith("T") || (m[1] === undefined && m[2] === undefined && m[3] === undefined)) {
    return `"${text}" is not an ISO 8601 duration such as "PT8H", "PT4H" or "PT30M"`;
  }
  return Number(m[1] ?? 0) * 24 * 60 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

/** PAL025: the maximum activation outside 30 minutes-8 hours, or a malformed duration or MFA provider. */
export function activationProblems(e: ResolvedEligibleAuthorization): string[] {
  const out: string[] = [];
  const duration = e.maximumActivationDuration;
  if (!Token.isUnresolved(duration)) {
    const minutes = parseIsoDurationMinutes(duration);
    if (typeof minutes === "string") out.push(`maximumActivationDuration ${minutes}`);
    else if (minutes < LIGHTHOUSE_ACTIVATION_MINUTES.min || minutes > LIGHTHOUSE_ACTIVATION_MINUTES.max) {
      out.push(`maximumActivationDuration ${duration} is outside what Lighthouse allows: from PT30M (30 minutes) to PT8H (8 hours)`);
    }
  }
  if (!(LIGHTHOUSE_MFA_PROVIDERS as readonly string[]).includes(e.multiFactorAuthProvider)) {
    out.push(`multiFactorAuthProvider "${e.multiFactorAuthProvider}" is not one of ${LIGHTHOUSE_MFA_PROVIDERS.join(", ")}`);
  }
  return out;
}

/** PAL025: an eligible authorization whose principal has no permanent authorization in the same delegation, so it cannot reach the delegation in the portal to elevate. */
export function portalElevationProblem(e: ResolvedEligibleAuthorization, permanent: readonly { principalId: string }[]): string | undefined {
  if (permanent.some((a) => a.principalId === e.principalId)) return undefined;
  return (
    `${e.principalDisplayName ?? e.principalId} has no permanent authorization in this delegation, so it cannot see the delegated scopes in the Azure portal to activate ${e.role.name}. ` +
    "Give the same principal a permanent Reader authorization"
  );
}
