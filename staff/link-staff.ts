/**
 * Links one person's account in each customer tenant to the partner ID, and says what it found.
 * Per tenant, with a token for that tenant from the person's one sign-in (sign-in.ts):
 * 1. who the caller is there (token claims, Graph `/me`): a member or guest can be linked; a
 *    foreign principal (CSP AOBO/GDAP), a managed identity or an application cannot;
 * 2. the caller's link (`GET /providers/Microsoft.ManagementPartner/partners`, the caller's own);
 * 3. its active and PIM-eligible role assignments at the customer's scopes, direct and through
 *    groups (`$filter=assignedTo('{objectId}')`), judged with the kit's PEC role catalog;
 * 4. `PUT` the link when absent; when linked to another partner ID, report it and `PATCH` only
 *    with `relink`. `dryRun` writes nothing.
 * The link API acts on the caller only (PAL-RULES.md §1), so this can never touch anyone else's link.
 */
import * as crypto from "crypto";
import { RoleCatalog } from "../constructs/role-catalog";
import { ClientOptions, GraphReader, armScope, authorizationClient, managementPartnerClient } from "../status/azure-clients";
import { errorReason, roleGuid, scopeArg } from "../status/read-customer";
import { mapBounded } from "../status/run-status";
import { EvidenceRole, STAFF_EVIDENCE_FORMAT, StaffEvidenceRecord } from "./evidence";
import { STAFF_OUTCOMES, STAFF_ROLE_WARNINGS, StaffOutcome, StaffRoleWarning } from "./outcomes";
import { SignedInPerson } from "./sign-in";

/** One tenant to link in. */
export interface StaffTarget {
  readonly tenantId: string;
  /** The manifest customer, or `null` (found with --all). */
  readonly customer: string | null;
  readonly partnerId: string;
  /** The customer's scopes from the manifest; `undefined` when unknown (roles not checked). */
  readonly scopes?: readonly string[];
  /** A subscription for the Authorization client (any of the customer's). */
  readonly subscriptionId?: string;
}

export interface LinkStaffOptions {
  readonly clients: ClientOptions;
  readonly person: SignedInPerson;
  /** Show what would happen; write nothing. @default false */
  readonly dryRun?: boolean;
  /** Re-point a link to another partner ID (PATCH). @default false */
  readonly relink?: boolean;
  /** Tenants handled at once. @default 8 */
  readonly concurrency?: number;
  readonly now?: () => Date;
  readonly catalog?: RoleCatalog;
}

interface TokenClaims {
  tid?: string;
  oid?: string;
  upn?: string;
  unique_name?: string;
  preferred_username?: string;
  idtyp?: string;
  idp?: string;
}

/** The claims of an access token, for routing only (ARM checks the signature, not us). */
function claimsOf(token: string): TokenClaims {
  try {
    return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as TokenClaims;
  } catch {
    return {};
  }
}

/** Which sign-in failure this is, from its AADSTS code. */
function signInOutcome(reason: string): StaffOutcome {
  if (/AADSTS50076|AADSTS50079|AADSTS50158|interaction_required/i.test(reason)) return "mfa-required";
  if (/AADSTS65001|AADSTS65004|AADSTS700016|AADSTS7000112|AADSTS530003|AADSTS53003/i.test(reason)) return "consent-required";
  if (/AADSTS50020|AADSTS90072|AADSTS500011|AADSTS90002/i.test(reason)) return "not-in-tenant";
  return "sign-in-failed";
}

interface RoleCheck {
  active: EvidenceRole[];
  eligibleOnly: EvidenceRole[];
  warnings: StaffRoleWarning[];
  detail?: string;
}


async function checkRoles(target: StaffTarget, objectId: string, options: LinkStaffOptions, credential: import("@azure/identity").TokenCredential): Promise<RoleCheck> {
  if (!target.scopes || target.scopes.length === 0 || !target.subscriptionId) return { active: [], eligibleOnly: [], warnings: ["roles-not-checked"] };
  const catalog = options.catalog ?? RoleCatalog.default;
  const client = authorizationClient(credential, target.subscriptionId, options.clients);
  // assignedTo(): the principal's assignments and those of the groups it is in (Authorization API $filter).
  const filter = `assignedTo('${objectId}')`;
  const active = new Map<string, EvidenceRole>();
  const eligible = new Map<string, EvidenceRole>();
  const pec = (roleId: string) => catalog.find(roleId)?.pecEligible === true;
  const entry = (roleId: string, scope: string, principalId: string | undefined): EvidenceRole => ({
    role: catalog.find(roleId)?.name ?? roleId,
    roleId,
    scope,
    via: !principalId || principalId.toLowerCase() === objectId.toLowerCase() ? "direct" : principalId.toLowerCase(),
  });
  try {
    for (const scope of target.scopes) {
      for await (const a of client.roleAssignments.listForScope(scopeArg(scope), { filter })) {
        const id = roleGuid(a.roleDefinitionId);
        if (pec(id)) active.set(`${a.scope}|${id}|${a.principalId}`.toLowerCase(), entry(id, a.scope ?? scope, a.principalId));
      }
      for await (const s of client.roleEligibilitySchedules.listForScope(scopeArg(scope), { filter })) {
        const id = roleGuid(s.roleDefinitionId);
        if (pec(id)) eligible.set(`${s.scope}|${id}|${s.principalId}`.toLowerCase(), entry(id, s.scope ?? scope, s.principalId));
      }
    }
  } catch (err) {
    return { active: [], eligibleOnly: [], warnings: ["roles-unreadable"], detail: errorReason(err) };
  }
  const activeRoles = [...active.values()];
  const activeIds = new Set(activeRoles.map((r) => r.roleId));
  const eligibleOnly = [...eligible.values()].filter((r) => !activeIds.has(r.roleId));
  const warnings: StaffRoleWarning[] = activeRoles.length > 0 ? [] : eligibleOnly.length > 0 ? ["only-pim-eligible"] : ["no-pec-role"];
  return { active: activeRoles, eligibleOnly, warnings };
}

/** Links the person in one tenant (or says why not). Never throws. */
export async function linkInTenant(target: StaffTarget, options: LinkStaffOptions, runId: string): Promise<StaffEvidenceRecord> {
  const now = options.now ?? (() => new Date());
  const base = { format: STAFF_EVIDENCE_FORMAT, runId, tenantId: target.tenantId.toLowerCase(), customer: target.customer, partnerId: target.partnerId, dryRun: options.dryRun === true } as const;
  let person = options.person.username ?? "unknown";
  const record = (outcome: StaffOutcome, rest: Partial<StaffEvidenceRecord> = {}): StaffEvidenceRecord => ({
    ...base,
    recordedAt: now().toISOString(),
    person,
    objectId: null,
    accountType: null,
    link: null,
    activePecRoles: null,
    eligibleOnlyPecRoles: null,
    warnings: [],
    ...rest,
    outcome,
    outcomeId: STAFF_OUTCOMES[outcome].id,
  });

  const credential = options.person.credentialFor(target.tenantId);
  let claims: TokenClaims;
  try {
    const token = await credential.getToken(armScope(options.clients), { tenantId: target.tenantId });
    if (!token) return record("sign-in-failed", { detail: "the sign-in returned no token" });
    claims = claimsOf(token.token);
  } catch (err) {
    const tokenError = options.person.lastTokenError(target.tenantId);
    const reason = tokenError ? errorReason({ message: tokenError }) : errorReason(err);
    return record(signInOutcome(reason), { detail: reason });
  }
  person = claims.upn ?? claims.preferred_username ?? claims.unique_name ?? person;
  const objectId = (claims.oid ?? "").toLowerCase();
  if (claims.tid && claims.tid.toLowerCase() !== target.tenantId.toLowerCase()) {
    return record("wrong-tenant-token", { objectId, detail: `asked for tenant ${target.tenantId}, got a token for ${claims.tid}` });
  }

  // Who is this? Graph answers for people (/me); applications and managed identities have no /me.
  const graph = new GraphReader(credential, options.clients);
  let accountType: string;
  try {
    if (claims.idtyp === "app") {
      const sp = await graph.get<{ servicePrincipalType?: string }>(`/servicePrincipals/${encodeURIComponent(objectId)}`);
      const type = sp?.servicePrincipalType === "ManagedIdentity" ? "managed-identity" : "service-principal";
      return record(type, { objectId, accountType: type });
    }
    const me = await graph.get<{ id: string; userType?: string }>("/me");
    if (!me) return record("foreign-principal", { objectId, accountType: "foreign", detail: `no user object ${objectId} in the tenant${claims.idp ? `; the account comes from ${claims.idp}` : ""}` });
    accountType = me.userType === "Guest" ? "guest" : "member";
  } catch (err) {
    return record("error", { objectId, detail: `reading who you are in the tenant (Graph /me) failed: ${errorReason(err)}` });
  }

  const roles = await checkRoles(target, objectId, options, credential);
  const withRoles = { objectId, accountType, activePecRoles: roles.warnings.includes("roles-not-checked") || roles.warnings.includes("roles-unreadable") ? null : roles.active, eligibleOnlyPecRoles: roles.warnings.includes("roles-not-checked") || roles.warnings.includes("roles-unreadable") ? null : roles.eligibleOnly, warnings: roles.warnings.map((w) => STAFF_ROLE_WARNINGS[w].id), ...(roles.detail ? { detail: roles.detail } : {}) };

  const client = managementPartnerClient(credential, options.clients);
  const linkOf = (l: { partnerId?: string; name?: string; version?: number; updatedTime?: Date }) => ({ partnerId: l.partnerId ?? l.name ?? "", version: l.version ?? null, updatedTime: l.updatedTime?.toISOString() ?? null });
  try {
    let current: ReturnType<typeof linkOf> | null = null;
    try {
      current = linkOf(await client.partners.get());
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 404) throw err;
    }
    if (current && current.partnerId === target.partnerId) return record("already-linked", { ...withRoles, link: current });
    if (current && !options.relink) return record("linked-elsewhere", { ...withRoles, link: current });
    if (options.dryRun) return record(current ? "would-relink" : "would-link", { ...withRoles, link: current });
    if (current) return record("relinked", { ...withRoles, link: linkOf(await client.partner.update(target.partnerId)) });
    try {
      return record("linked", { ...withRoles, link: linkOf(await client.partner.create(target.partnerId)) });
    } catch (err) {
      // Linked meanwhile (a second PUT answers PartnerIdAlreadyLinked): read again and report.
      if ((err as { code?: string }).code !== "PartnerIdAlreadyLinked") throw err;
      const now2 = linkOf(await client.partners.get());
      return record(now2.partnerId === target.partnerId ? "already-linked" : "linked-elsewhere", { ...withRoles, link: now2 });
    }
  } catch (err) {
    const e = err as { statusCode?: number; code?: string };
    if (e.code === "ForeignPrincipalNotSupported") return record("foreign-principal", { ...withRoles, accountType: "foreign", detail: errorReason(err) });
    return record("error", { ...withRoles, detail: errorReason(err) });
  }
}

/** Links the person in every target tenant, at most `concurrency` at a time; results in target order. */
export async function linkStaff(targets: readonly StaffTarget[], options: LinkStaffOptions): Promise<StaffEvidenceRecord[]> {
  const runId = crypto.randomUUID();
  return mapBounded(targets, options.concurrency ?? 8, (t) => linkInTenant(t, options, runId));
}
