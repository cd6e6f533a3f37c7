/**
 * The emulated Microsoft Graph v1.0: the reads the status command makes about a principal.
 * - `GET /v1.0/servicePrincipals/{id}` and `GET /v1.0/servicePrincipals?$filter=appId eq '…'` or
 *   `displayName eq '…'` (servicePrincipal resource: accountEnabled, servicePrincipalType, appId);
 * - `GET /v1.0/applications(appId='{appId}')` (application: passwordCredentials with endDateTime;
 *   `secretText` is never returned, as in Graph);
 * - `GET /v1.0/applications(appId='{appId}')/federatedIdentityCredentials`;
 * - `GET /v1.0/me` for a person (user: id, userPrincipalName, userType `Member`/`Guest`); a foreign
 *   (CSP/GDAP) principal has no user object in the tenant: 404; an app token: 400, as in Graph.
 * Errors use Graph's `{ error: { code, message } }` with `Request_ResourceNotFound`.
 * (Learn, Microsoft Graph v1.0 reference: servicePrincipal, application, federatedIdentityCredential.)
 * No Graph OpenAPI document is in ../shared/reference, so these shapes are checked by the status
 * tests' use of them only, not against a spec.
 */
import { EmulatorRequest, EmulatorResponse, json } from "./http";
import { EmulatorModel, derivedGuid } from "./model";
import { EmulatedPrincipal } from "./state";

const notFound = (what: string) => json(404, { error: { code: "Request_ResourceNotFound", message: `Resource '${what}' does not exist or one of its queried reference-property objects are not present.` } });

function servicePrincipal(tenantId: string, p: EmulatedPrincipal) {
  return {
    id: p.objectId.toLowerCase(),
    appId: p.appId.toLowerCase(),
    displayName: p.displayName ?? `app ${p.appId}`,
    accountEnabled: p.accountEnabled ?? true,
    servicePrincipalType: p.servicePrincipalType ?? "Application",
    appOwnerOrganizationId: tenantId.toLowerCase(),
  };
}

export function handleGraph(model: EmulatorModel, req: EmulatorRequest): EmulatorResponse {
  const caller = model.caller(req.headers.authorization);
  if (!caller) return json(401, { error: { code: "InvalidAuthenticationToken", message: "Access token is empty or invalid." } });
  if (req.method !== "GET") return json(405, { error: { code: "Request_BadRequest", message: "The emulator serves reads only; status never writes." } });
  const tenant = caller.tid;
  const path = decodeURIComponent(req.path);
  const principals = model.tenant(tenant).principals ?? [];

  if (/^\/v1\.0\/me$/i.test(path)) {
    if (caller.idtyp !== "user") return json(400, { error: { code: "BadRequest", message: "/me request is only valid with delegated authentication flow." } });
    const u = model.userByObjectId(tenant, caller.oid);
    if (!u || u.kind === "foreign") return notFound(caller.oid);
    return json(200, { id: u.objectId.toLowerCase(), userPrincipalName: u.kind === "guest" ? `${u.signInName.replace("@", "_")}#EXT#@${tenant.slice(0, 8)}.onmicrosoft.com` : u.signInName, displayName: u.displayName ?? u.signInName, mail: u.signInName, userType: u.kind === "guest" ? "Guest" : "Member" });
  }
  let m = /^\/v1\.0\/servicePrincipals\/([^/]+)$/i.exec(path);
  if (m) {
    const p = model.principalByObjectId(tenant, m[1]);
    return p ? json(200, servicePrincipal(tenant, p)) : notFound(m[1]);
  }
  if (/^\/v1\.0\/servicePrincipals$/i.test(path)) {
    const filter = req.query.get("$filter") ?? "";
    const f = /^(appId|displayName)\s+eq\s+'((?:[^']|'')*)'$/i.exec(filter.trim());
    if (!f) return json(400, { error: { code: "Request_UnsupportedQuery", message: `The emulator supports $filter=appId eq '…' or displayName eq '…', not "${filter}".` } });
    const value = f[2].replace(/''/g, "'");
    const key = f[1].toLowerCase() === "appid" ? "appId" : "displayName";
    const hits = principals.filter((p) => (key === "appId" ? p.appId.toLowerCase() === value.toLowerCase() : (p.displayName ?? "") === value));
    return json(200, { "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#servicePrincipals", value: hits.map((p) => servicePrincipal(tenant, p)) });
  }
  m = /^\/v1\.0\/applications\(appId='([^']+)'\)(\/federatedIdentityCredentials)?$/i.exec(path);
  if (m) {
    const p = model.principalByAppId(tenant, m[1]);
    if (!p || p.servicePrincipalType === "ManagedIdentity") return notFound(m[1]);
    if (m[2]) {
      return json(200, {
        value: (p.federatedIdentityCredentials ?? []).map((c, i) => ({
          id: derivedGuid(`fic/${p.appId}/${i}`),
          name: c.name ?? `fic-${i}`,
          issuer: c.issuer,
          subject: c.subject,
          audiences: c.audiences ?? ["api://AzureADTokenExchange"],
          description: null,
        })),
      });
    }
    return json(200, {
      id: model.applicationObjectId(p),
      appId: p.appId.toLowerCase(),
      displayName: p.displayName ?? `app ${p.appId}`,
      signInAudience: "AzureADMyOrg",
      passwordCredentials: (p.passwordCredentials ?? []).map((c, i) => ({
        keyId: c.keyId ?? derivedGuid(`secret/${p.appId}/${i}`),
        displayName: c.displayName ?? null,
        startDateTime: "2026-01-01T00:00:00Z",
        endDateTime: c.endDateTime,
        hint: c.secret.slice(0, 3),
        secretText: null,
        customKeyIdentifier: null,
      })),
    });
  }
  return json(404, { error: { code: "Request_BadRequest", message: `The emulator does not serve GET ${req.path}` } });
}
