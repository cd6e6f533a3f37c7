/**
 * Reads what Azure says about one customer (principal, link, roles) with the official SDKs. Never
 * writes. Failures of the link read become findings (the principal may not be able to sign in
 * here); failures of the plan identity's reads throw and the caller reports the customer as failed.
 */
import type { TokenCredential } from "@azure/identity";
import { RoleCatalog } from "../constructs/role-catalog";
import type { CustomerSpec } from "../stacks/fleet-spec";
import { ClientOptions, GraphReader, authorizationClient, managementPartnerClient } from "./azure-clients";
import { expectedDisplayName } from "./evaluate";
import { CustomerObservation, LinkRead, ObservedActivation, ObservedAssignment, ObservedPrincipal } from "./observed";
import { planCredential, principalCredential } from "./sign-in";

interface GraphServicePrincipal {
  id: string;
  appId: string;
  displayName: string;
  accountEnabled: boolean;
  servicePrincipalType: string;
}

/** The role definition GUID at the end of a role definition ID (lower case). */
export const roleGuid = (roleDefinitionId: string | undefined) => (roleDefinitionId ?? "").split("/").pop()!.toLowerCase();
/** A scope as the SDKs' `{scope}` argument: they put it after a slash themselves. */
export const scopeArg = (scope: string) => scope.replace(/^\/+/, "");

/** ISO 8601 durations as PIM writes them (`PT8H`, `PT30M`, `P1DT2H`), in milliseconds; `undefined` if not one. */
export function isoDurationMs(duration: string): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(duration);
  if (!m || duration === "P" || duration.endsWith("T")) return undefined;
  return ((Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 60_000 + Number(m[4] ?? 0) * 1000;
}

/** The window a granted self-activation request covers (start to its expiration), if it is one. */
function activationWindow(r: { requestType?: string; status?: string; scheduleInfo?: { startDateTime?: Date; expiration?: { type?: string; endDateTime?: Date; duration?: string } } }): { start: string; end?: string } | undefined {
  if (!["SelfActivate", "SelfExtend", "SelfRenew"].includes(r.requestType ?? "") || !["Provisioned", "Granted"].includes(r.status ?? "")) return undefined;
  const start = r.scheduleInfo?.startDateTime;
  if (!start) return undefined;
  const expiration = r.scheduleInfo?.expiration;
  const duration = expiration?.duration ? isoDurationMs(expiration.duration) : undefined;
  const end = expiration?.endDateTime ?? (duration !== undefined ? new Date(start.getTime() + duration) : undefined);
  return { start: start.toISOString(), ...(end ? { end: end.toISOString() } : {}) };
}

/** A short reason from an SDK error (AADSTS code, ARM error code), without tokens or secrets. */
export function errorReason(err: unknown): string {
  const e = err as { message?: string; code?: string; statusCode?: number; errorResponse?: { errorDescription?: string } };
  const text = e.errorResponse?.errorDescription ?? e.message ?? String(err);
  // MSAL's messages carry the AADSTS description between timestamps and correlation IDs.
  const aadsts = /AADSTS\d+:.*?(?= - Correlation ID| - Trace ID|\r?\n|$)/.exec(text);
  if (aadsts) return aadsts[0].trim().slice(0, 300);
  if (/\bnetwork_error\b/.test(text)) return "the sign-in authority could not be reached (MSAL network_error): check AZURE_AUTHORITY_HOST and the network";
  if (/endpoints_resolution_error/.test(text)) return "the sign-in authority's OpenID configuration could not be read (MSAL endpoints_resolution_error): check AZURE_AUTHORITY_HOST, the tenant ID and the network";
  const first = text.split("\n")[0].replace(/Trace ID:.*$/, "").trim();
  return `${e.statusCode ? `${e.statusCode} ` : ""}${e.code && !first.includes(e.code) ? `${e.code}: ` : ""}${first}`.slice(0, 300);
}

async function readPrincipal(customer: CustomerSpec, graph: GraphReader): Promise<ObservedPrincipal | undefined> {
  let sp: GraphServicePrincipal | undefined;
  let namesakes: string[] = [];
  if (customer.credential.type === "none") {
    sp = await graph.get<GraphServicePrincipal>(`/servicePrincipals/${encodeURIComponent(customer.credential.objectId)}`);
  } else {
    const name = expectedDisplayName(customer).replace(/'/g, "''");
    const list = await graph.get<{ value: GraphServicePrincipal[] }>(`/servicePrincipals?$filter=${encodeURIComponent(`displayName eq '${name}'`)}`);
    sp = list?.value[0];
    namesakes = (list?.value ?? []).slice(1).map((p) => p.id.toLowerCase());
  }
  if (!sp) return undefined;
  const appPath = `/applications(appId='${encodeURIComponent(sp.appId)}')`;
  const [app, fics] = sp.servicePrincipalType === "Application"
    ? await Promise.all([
        graph.get<{ passwordCredentials?: { endDateTime?: string }[] }>(appPath),
        graph.get<{ value: { issuer: string; subject: string; audiences: string[] }[] }>(`${appPath}/federatedIdentityCredentials`),
      ])
    : [undefined, undefined];
  return {
    objectId: sp.id.toLowerCase(),
    appId: sp.appId.toLowerCase(),
    displayName: sp.displayName,
    accountEnabled: sp.accountEnabled,
    servicePrincipalType: sp.servicePrincipalType,
    secretEndDates: (app?.passwordCredentials ?? []).map((c) => c.endDateTime).filter((d): d is string => !!d),
    federatedCredentials: (fics?.value ?? []).map((f) => ({ issuer: f.issuer, subject: f.subject, audiences: f.audiences ?? [] })),
    ...(namesakes.length > 0 ? { namesakes } : {}),
  };
}

async function readLink(customer: CustomerSpec, principal: ObservedPrincipal | undefined, env: NodeJS.ProcessEnv, options: ClientOptions): Promise<LinkRead> {
  if (!principal) return { outcome: "no-credential", reason: "the principal does not exist, so nothing can sign in as it to read the link" };
  const signIn = principalCredential(customer.name, customer.tenantId, principal.appId, env, options);
  if ("missing" in signIn) return { outcome: "no-credential", reason: signIn.missing };
  const client = managementPartnerClient(signIn.credential, options);
  try {
    // GET /providers/Microsoft.ManagementPartner/partners without an ID: the caller's link, one object.
    const link = await client.partners.get();
    return {
      outcome: "linked",
      link: {
        partnerId: link.partnerId ?? link.name ?? "",
        partnerName: link.partnerName,
        tenantId: link.tenantId,
        objectId: link.objectId,
        state: link.state,
        updatedTime: link.updatedTime?.toISOString(),
        version: link.version,
      },
    };
  } catch (err) {
    const e = err as { statusCode?: number; name?: string };
    if (e.statusCode === 404) return { outcome: "absent" };
    if (e.name === "AuthenticationError" || e.name === "AuthenticationRequiredError" || e.name === "CredentialUnavailableError" || e.statusCode === 401) {
      return { outcome: "sign-in-failed", reason: `signing in as ${customer.name}'s principal (${principal.appId}) failed: ${errorReason(err)}` };
    }
    throw err;
  }
}

async function readRoles(customer: CustomerSpec, objectId: string, plan: TokenCredential, options: ClientOptions, catalog: RoleCatalog) {
  const client = authorizationClient(plan, customer.subscriptionId, options);
  const assignments: ObservedAssignment[] = [];
  const activations: ObservedActivation[] = [];
  const roleNames: Record<string, string> = {};
  const filter = `principalId eq '${objectId}'`;
  await Promise.all(
    customer.scopes.map(async (scope) => {
      for await (const a of client.roleAssignments.listForScope(scopeArg(scope), { filter })) {
        assignments.push({ scope: a.scope ?? scope, roleId: roleGuid(a.roleDefinitionId), kind: "active" });
      }
      for await (const s of client.roleEligibilitySchedules.listForScope(scopeArg(scope), { filter })) {
        assignments.push({ scope: s.scope ?? scope, roleId: roleGuid(s.roleDefinitionId), kind: "eligible" });
      }
      for await (const i of client.roleAssignmentScheduleInstances.listForScope(scopeArg(scope), { filter })) {
        if (i.assignmentType === "Activated" && i.startDateTime) {
          activations.push({ scope: i.scope ?? scope, roleId: roleGuid(i.roleDefinitionId), start: i.startDateTime.toISOString(), ...(i.endDateTime ? { end: i.endDateTime.toISOString() } : {}) });
        }
      }
      // Activation requests: PIM's history of activations, also those no longer listed as instances.
      // Windows seen both ways are merged when the hours are counted (evaluate.ts), never added twice.
      for await (const r of client.roleAssignmentScheduleRequests.listForScope(scopeArg(scope), { filter })) {
        const window = activationWindow(r);
        if (window) activations.push({ scope: r.scope ?? scope, roleId: roleGuid(r.roleDefinitionId), ...window });
      }
    }),
  );
  // Listing at several scopes sees an assignment above them more than once.
  const unique = <T>(items: T[]) => [...new Map(items.map((x) => [JSON.stringify(x).toLowerCase(), x])).values()];
  const seen = unique(assignments);
  for (const roleId of new Set(seen.map((a) => a.roleId))) {
    if (catalog.find(roleId)) continue;
    const def = await client.roleDefinitions.get(scopeArg(customer.scopes[0]), roleId);
    if (def.roleName) roleNames[roleId] = def.roleName;
  }
  return { assignments: seen, activations: unique(activations), roleNames };
}

/** Reads one customer. Throws when the plan identity's reads fail. */
export async function readCustomer(customer: CustomerSpec, env: NodeJS.ProcessEnv, options: ClientOptions, catalog: RoleCatalog = RoleCatalog.default): Promise<CustomerObservation> {
  // One plan credential per customer tenant: one OIDC discovery, one token per audience (MSAL caches them).
  const plan = planCredential(customer.tenantId, env, options);
  const graph = new GraphReader(plan, options);
  const principal = await readPrincipal(customer, graph);
  const [link, roles] = await Promise.all([
    readLink(customer, principal, env, options),
    principal ? readRoles(customer, principal.objectId, plan, options, catalog) : Promise.resolve({ assignments: [], activations: [], roleNames: {} }),
  ]);
  return { ...(principal ? { principal } : {}), link, ...roles };
}
