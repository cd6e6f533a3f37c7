/**
 * Judges one customer from what was read: link, principal, roles per manifest scope × role, the
 * verdict. Pure: no Azure, no clock (the time is passed in), so every verdict and finding is
 * tested directly (__tests__/status-evaluate.test.ts).
 */
import { RoleCatalog } from "../constructs/role-catalog";
import { defaultPrincipalDisplayName } from "../constructs/customer-principal";
import type { CustomerSpec } from "../stacks/fleet-spec";
import { StatusFinding, finding } from "./findings";
import { CustomerObservation, ObservedLink } from "./observed";

/** Azure bills a month as 730 hours (PAL-RULES.md §3: 8 h active = 8/730 of the month). */
export const HOURS_PER_MONTH = 730;
/** The look-back window for PIM activations. */
export const PIM_WINDOW_DAYS = 30;
/** A secret that ends within this many days is "expires soon" (PALS014). */
export const SECRET_WARNING_DAYS = 14;

export type Verdict = "earning" | "at-risk" | "not-earning";

/** One manifest scope × role. */
export interface RoleStatus {
  readonly scope: string;
  readonly role: string;
  readonly roleId?: string;
  /** Whether the role earns PEC per the Partner Center table; `null` when the table does not list it. */
  readonly pecEligible: boolean | null;
  /** `active`: a permanent or currently active assignment at or above the scope; `eligible`: PIM-eligible only; `missing`. */
  readonly assignment: "active" | "eligible" | "missing";
  /** For PIM-eligible roles: hours active in the last 30 days, and as a fraction of 730 h. */
  readonly activeHoursLast30Days?: number;
  readonly fractionOfMonth?: number;
}

/** The judged status of one customer. */
export interface CustomerStatus {
  readonly customer: string;
  readonly tenantId: string;
  readonly verdict: Verdict;
  readonly link: {
    readonly checked: boolean;
    readonly linked: boolean;
    readonly intendedPartnerId: string;
    readonly linkedPartnerId?: string;
    readonly state?: string;
    readonly identityMatches?: boolean;
    readonly updatedTime?: string;
  };
  readonly principal: {
    readonly exists: boolean;
    readonly objectId?: string;
    readonly appId?: string;
    readonly enabled?: boolean;
    readonly type?: string;
    /** The latest secret end date, when the principal has secrets. */
    readonly secretEndDate?: string;
    /** Whether a federated credential matches the manifest (federated customers only). */
    readonly federatedCredentialMatches?: boolean;
  };
  readonly roles: readonly RoleStatus[];
  readonly findings: readonly StatusFinding[];
  /** Why reading failed, when it did (PALS030). */
  readonly error?: string;
  /** People linked in the tenant (from the link-staff evidence file, `status --evidence`). */
  readonly staff?: StaffCoverage;
}

/** Staff coverage of one customer: who besides the principal is linked (staff/evidence.ts). */
export interface StaffCoverage {
  readonly linked: number;
  readonly withActivePecRole: number;
  readonly people: readonly { readonly person: string; readonly objectId: string; readonly linkedAt: string | null; readonly activePecRoles: number }[];
}

/** The display name the kit gives a customer's principal (constructs/customer-principal.ts). */
export function expectedDisplayName(customer: CustomerSpec): string {
  return customer.displayName ?? defaultPrincipalDisplayName(customer.partnerName ?? customer.partnerId, customer.name);
}

function norm(scope: string): string {
  return scope.toLowerCase().replace(/\/+$/, "");
}

/** Whether an assignment at `assigned` covers `scope` (at it or above it). */
function covers(assigned: string, scope: string): boolean {
  const a = norm(assigned);
  const s = norm(scope);
  return s === a || s.startsWith(`${a}/`);
}

/**
 * Hours covered by activation windows within [from, to]: overlapping windows (the same activation
 * seen as a schedule instance and as a request, or an extension) count once.
 */
export function activeHours(windows: readonly { start: string; end?: string }[], from: number, to: number): number {
  const clipped = windows
    .map((w) => [Math.max(Date.parse(w.start), from), Math.min(w.end ? Date.parse(w.end) : to, to)] as const)
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let current: [number, number] | undefined;
  for (const [s, e] of clipped) {
    if (current && s <= current[1]) current[1] = Math.max(current[1], e);
    else {
      if (current) total += current[1] - current[0];
      current = [s, e];
    }
  }
  if (current) total += current[1] - current[0];
  return total / 3_600_000;
}

function verdictOf(findings: readonly StatusFinding[]): Verdict {
  if (findings.some((f) => f.severity === "not-earning")) return "not-earning";
  if (findings.some((f) => f.severity === "at-risk")) return "at-risk";
  return "earning";
}

/** The status of a customer whose reads failed. */
export function failedStatus(customer: CustomerSpec, reason: string): CustomerStatus {
  const findings = [finding("PALS030", customer.name, `Reading Azure failed: ${reason}`)];
  return {
    customer: customer.name,
    tenantId: customer.tenantId,
    verdict: "at-risk",
    link: { checked: false, linked: false, intendedPartnerId: customer.partnerId },
    principal: { exists: false },
    roles: [],
    findings,
    error: reason,
  };
}

/** Judges one customer. */
export function evaluateCustomer(customer: CustomerSpec, seen: CustomerObservation, now: Date, catalog: RoleCatalog = RoleCatalog.default): CustomerStatus {
  const c = customer.name;
  const findings: StatusFinding[] = [];
  const p = seen.principal;

  // Principal.
  let secretEndDate: string | undefined;
  let ficMatches: boolean | undefined;
  if (!p) {
    findings.push(finding("PALS010", c, `No service principal ${customer.credential.type === "none" ? customer.credential.objectId : `named "${expectedDisplayName(customer)}"`} in tenant ${customer.tenantId}`));
  } else {
    if (p.namesakes?.length) {
      findings.push(finding("PALS016", c, `${p.namesakes.length + 1} service principals are named "${p.displayName}": checked ${p.objectId}, not ${p.namesakes.join(", ")}`));
    }
    if (!p.accountEnabled) findings.push(finding("PALS011", c, `Service principal ${p.objectId} is disabled (accountEnabled: false)`));
    if (p.servicePrincipalType !== "Application") findings.push(finding("PALS012", c, `Service principal ${p.objectId} is of type ${p.servicePrincipalType}, not Application`));
    if (p.secretEndDates.length > 0) {
      secretEndDate = [...p.secretEndDates].sort().at(-1);
      const end = Date.parse(secretEndDate!);
      if (end <= now.getTime()) findings.push(finding("PALS013", c, `Every client secret has expired (latest ended ${secretEndDate})`));
      else if (end - now.getTime() < SECRET_WARNING_DAYS * 86_400_000) {
        findings.push(finding("PALS014", c, `The client secret ends ${secretEndDate}, in ${Math.ceil((end - now.getTime()) / 86_400_000)} day(s)`));
      }
    } else if (customer.credential.type === "password" && p.servicePrincipalType === "Application") {
      findings.push(finding("PALS013", c, "The application has no client secret although the manifest says password"));
    }
    if (customer.credential.type === "federated") {
      const want = customer.credential;
      ficMatches = p.federatedCredentials.some((f) => f.issuer === want.issuer && f.subject === want.subject && f.audiences.includes(want.audience ?? "api://AzureADTokenExchange"));
      if (!ficMatches) findings.push(finding("PALS015", c, `No federated credential with issuer ${want.issuer} and subject ${want.subject}`));
    }
  }

  // Link.
  const link = seen.link;
  let linked: ObservedLink | undefined;
  if (link.outcome === "absent") findings.push(finding("PALS001", c, `The principal has no partner link (intended: ${customer.partnerId})`));
  else if (link.outcome === "no-credential") findings.push(finding("PALS005", c, link.reason));
  else if (link.outcome === "sign-in-failed") findings.push(finding("PALS006", c, link.reason));
  else {
    linked = link.link;
    if (linked.partnerId !== customer.partnerId) findings.push(finding("PALS002", c, `Linked to partner ID ${linked.partnerId}, the manifest says ${customer.partnerId}`));
    if (linked.state !== undefined && linked.state !== "Active") findings.push(finding("PALS003", c, `The link's state is ${linked.state}`));
  }
  const identityMatches =
    linked && p ? linked.objectId?.toLowerCase() === p.objectId.toLowerCase() && linked.tenantId?.toLowerCase() === customer.tenantId.toLowerCase() : undefined;
  if (identityMatches === false) {
    findings.push(finding("PALS004", c, `The link is for object ${linked!.objectId} in tenant ${linked!.tenantId}, the principal is ${p!.objectId} in ${customer.tenantId}`));
  }

  // Roles: every manifest scope × role.
  const from = now.getTime() - PIM_WINDOW_DAYS * 86_400_000;
  const roles: RoleStatus[] = [];
  const expected = new Set<string>();
  for (const scope of customer.scopes) {
    let scopeEarns = false;
    let scopePimHours: number | undefined;
    for (const roleName of customer.roles) {
      const role = catalog.find(roleName);
      const roleId = role?.id ?? roleName.toLowerCase();
      expected.add(`${norm(scope)}|${roleId}`);
      const here = seen.assignments.filter((a) => a.roleId === roleId && covers(a.scope, scope));
      const state: RoleStatus["assignment"] = here.some((a) => a.kind === "active") ? "active" : here.some((a) => a.kind === "eligible") ? "eligible" : "missing";
      let hours: number | undefined;
      if (state === "eligible") {
        hours = activeHours(seen.activations.filter((w) => w.roleId === roleId && covers(w.scope, scope)), from, now.getTime());
        hours = Math.round(hours * 10) / 10;
      }
      roles.push({ scope, role: role?.name ?? roleName, roleId, pecEligible: role?.pecEligible ?? null, assignment: state, ...(hours !== undefined ? { activeHoursLast30Days: hours, fractionOfMonth: Math.round((hours / HOURS_PER_MONTH) * 10000) / 10000 } : {}) });
      if (state === "active" && role?.pecEligible) scopeEarns = true;
      if (state === "missing") findings.push(finding("PALS020", c, `${role?.name ?? roleName} at ${scope}: no assignment`, { scope, role: role?.name ?? roleName }));
      if (state === "eligible" && role?.pecEligible) {
        scopePimHours = (scopePimHours ?? 0) + hours!;
        findings.push(
          finding("PALS021", c, `${role.name} at ${scope} is PIM-eligible only: active ${hours} h in the last ${PIM_WINDOW_DAYS} days (${((hours! / HOURS_PER_MONTH) * 100).toFixed(1)}% of ${HOURS_PER_MONTH} h)`, { scope, role: role.name }),
        );
      }
    }
    if (!scopeEarns) {
      findings.push(
        finding("PALS022", c, `${scope}: no active PEC-eligible role${scopePimHours !== undefined ? ` (PIM activations: ${scopePimHours} h in the last ${PIM_WINDOW_DAYS} days)` : ""}`, { scope }),
      );
    }
  }

  // Assignments the manifest does not know about (dedup per scope × role × kind).
  const extras = new Set<string>();
  for (const a of seen.assignments) {
    const key = `${norm(a.scope)}|${a.roleId}`;
    const coveredByManifest = customer.scopes.some((s) => norm(s) === norm(a.scope)) && expected.has(key);
    if (coveredByManifest || extras.has(`${key}|${a.kind}`)) continue;
    extras.add(`${key}|${a.kind}`);
    const role = catalog.find(a.roleId);
    const name = role?.name ?? seen.roleNames[a.roleId] ?? a.roleId;
    findings.push(finding("PALS023", c, `${a.kind === "eligible" ? "PIM-eligible " : ""}${name} at ${a.scope} is not in the manifest`, { scope: a.scope, role: name }));
    if (!role) findings.push(finding("PALS024", c, `${name} (${a.roleId}) at ${a.scope} is not a built-in role in the kit's catalog`, { scope: a.scope, role: name }));
  }

  return {
    customer: c,
    tenantId: customer.tenantId,
    verdict: verdictOf(findings),
    link: {
      checked: link.outcome === "linked" || link.outcome === "absent",
      linked: link.outcome === "linked",
      intendedPartnerId: customer.partnerId,
      ...(linked ? { linkedPartnerId: linked.partnerId, state: linked.state, updatedTime: linked.updatedTime } : {}),
      ...(identityMatches !== undefined ? { identityMatches } : {}),
    },
    principal: p
      ? {
          exists: true,
          objectId: p.objectId,
          appId: p.appId,
          enabled: p.accountEnabled,
          type: p.servicePrincipalType,
          ...(secretEndDate ? { secretEndDate } : {}),
          ...(ficMatches !== undefined ? { federatedCredentialMatches: ficMatches } : {}),
        }
      : { exists: false },
    roles,
    findings,
  };
}
