/**
 * The emulated Entra ID token service (Microsoft identity platform v2.0): OpenID Connect discovery,
 * instance discovery and the token endpoint, as MSAL Node (inside `@azure/identity`) calls them.
 *
 * Grants are handlers keyed by `grant_type` ({@link GRANT_HANDLERS}): `client_credentials` with a
 * client secret or a client assertion (a CI job's OIDC token, workload identity federation); for
 * people, the device authorization grant (RFC 8628: `device_authorization_endpoint`, then
 * `urn:ietf:params:oauth:grant-type:device_code`) and `refresh_token`, which MSAL uses to get a
 * token for another tenant without a new prompt. The emulator approves a device code at once, as
 * the state's `interactiveSignIn` person; an interactive sign-in in a tenant counts as MFA done
 * there, a refresh into another tenant does not (MFA is not shared across tenants: a tenant with
 * `requireMfa` answers AADSTS50076 until the person signs in to it directly).
 *
 * Error bodies follow the OAuth 2.0 error response with Entra's `AADSTS` codes
 * (Learn, "Microsoft Entra authentication and authorization error codes"):
 * AADSTS90002 tenant not found, AADSTS700016 application not found in the directory,
 * AADSTS7000112 application disabled, AADSTS7000215 invalid client secret,
 * AADSTS7000222 client secret expired, AADSTS70021 no matching federated identity record,
 * AADSTS50076 MFA required, AADSTS50020 user not in the tenant, AADSTS70000 invalid grant,
 * AADSTS70008 expired code.
 */
import { EmulatorRequest, EmulatorResponse, json } from "./http";
import { EmulatorModel, derivedGuid } from "./model";
import { decodeJwtClaims, unsignedJwt } from "./tokens";

/** The audience Entra ID expects in federated tokens (workload identity federation). */
const FEDERATION_AUDIENCE = "api://AzureADTokenExchange";
const CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/** An OAuth error response carrying an AADSTS code. */
export function aadstsError(status: number, error: string, code: number, description: string): EmulatorResponse {
  return json(status, {
    error,
    error_description: `AADSTS${code}: ${description}`,
    error_codes: [code],
    timestamp: new Date().toISOString().replace("T", " ").replace(/\..*$/, "Z"),
  });
}

/** One grant type of the token endpoint. */
export type GrantHandler = (model: EmulatorModel, tenantId: string, form: URLSearchParams, base: string) => EmulatorResponse;

/** client_credentials: a secret or a federated client assertion for an application in the tenant. */
const clientCredentials: GrantHandler = (model, tenantId, form) => {
  const clientId = (form.get("client_id") ?? "").toLowerCase();
  const principal = model.principalByAppId(tenantId, clientId);
  if (!principal) {
    return aadstsError(400, "unauthorized_client", 700016, `Application with identifier '${clientId}' was not found in the directory '${tenantId}'.`);
  }
  if (principal.accountEnabled === false) {
    return aadstsError(400, "unauthorized_client", 7000112, `Application '${clientId}' is disabled.`);
  }
  const secret = form.get("client_secret");
  const assertion = form.get("client_assertion");
  if (secret !== null) {
    const match = (principal.passwordCredentials ?? []).find((c) => c.secret === secret);
    if (!match) return aadstsError(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.");
    if (Date.parse(match.endDateTime) <= Date.now()) {
      return aadstsError(401, "invalid_client", 7000222, `The provided client secret keys for app '${clientId}' are expired.`);
    }
  } else if (assertion !== null) {
    if (form.get("client_assertion_type") !== CLIENT_ASSERTION_TYPE) {
      return aadstsError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'client_assertion_type'.");
    }
    const claims = decodeJwtClaims(assertion);
    if (!claims) return aadstsError(400, "invalid_client", 50027, "JWT token is invalid or malformed.");
    if (typeof claims.exp === "number" && claims.exp * 1000 <= Date.now()) {
      return aadstsError(400, "invalid_client", 700024, "Client assertion is not within its valid time range.");
    }
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    const fic = (principal.federatedIdentityCredentials ?? []).find(
      (c) => c.issuer === claims.iss && c.subject === claims.sub && audiences.some((a) => (c.audiences ?? [FEDERATION_AUDIENCE]).includes(String(a))),
    );
    if (!fic) {
      return aadstsError(
        400,
        "invalid_request",
        70021,
        `No matching federated identity record found for presented assertion. Assertion Issuer: '${String(claims.iss)}'. Assertion Subject: '${String(claims.sub)}'. Assertion Audience: '${audiences.join(",")}'.`,
      );
    }
  } else {
    return aadstsError(400, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  }
  const scope = form.get("scope") ?? "";
  const audience = scope.split(" ")[0].replace(/\/\.default$/, "");
  return json(200, { token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599, access_token: model.issueToken(tenantId, principal, audience) });
};

/** The token response for a person: access, refresh and ID tokens, and MSAL's `client_info`. */
function userTokenResponse(model: EmulatorModel, tenantId: string, signInName: string, mfaTenants: Set<string>, form: URLSearchParams, base: string): EmulatorResponse {
  const user = model.userBySignInName(tenantId, signInName);
  if (!user) {
    return aadstsError(400, "invalid_grant", 50020, `User account '${signInName}' from identity provider does not exist in tenant '${tenantId}' and cannot access the application in that tenant.`);
  }
  const tenant = model.tenant(tenantId);
  const scope = form.get("scope") ?? "";
  const resource = scope.split(" ").find((s) => s.endsWith("/.default")) ?? scope.split(" ")[0];
  if (tenant.requireMfa && !mfaTenants.has(tenantId)) {
    return json(400, {
      error: "invalid_grant",
      error_description: `AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '${resource.replace(/\/\.default$/, "")}'.`,
      error_codes: [50076],
      suberror: "basic_action",
      timestamp: new Date().toISOString().replace("T", " ").replace(/\..*$/, "Z"),
    });
  }
  const clientId = form.get("client_id") ?? "";
  const audience = resource.replace(/\/\.default$/, "");
  const refresh = `rt.${derivedGuid(`${signInName}/${Math.random()}`)}`;
  model.refreshTokens.set(refresh, { signInName, mfaTenants });
  const homeTenant = model.homeTenantOf(signInName) ?? tenantId;
  const homeUser = model.userBySignInName(homeTenant, signInName) ?? user;
  const now = Math.floor(Date.now() / 1000);
  const idToken = unsignedJwt({ ver: "2.0", iss: `${base}/${tenantId}/v2.0`, aud: clientId, iat: now, nbf: now, exp: now + 3600, tid: tenantId, oid: user.objectId.toLowerCase(), sub: derivedGuid(`sub/${tenantId}/${user.objectId}`), preferred_username: signInName, name: user.displayName ?? signInName });
  return json(200, {
    token_type: "Bearer",
    scope,
    expires_in: 3599,
    ext_expires_in: 3599,
    access_token: model.issueUserToken(tenantId, user, audience, clientId),
    refresh_token: refresh,
    id_token: idToken,
    client_info: Buffer.from(JSON.stringify({ uid: homeUser.objectId.toLowerCase(), utid: homeTenant })).toString("base64url"),
  });
}

/** Device code (RFC 8628 §3.4): the code the emulator approved at once, as `interactiveSignIn`. */
const deviceCode: GrantHandler = (model, tenantId, form, base) => {
  const code = model.deviceCodes.get(form.get("device_code") ?? "");
  if (!code) return aadstsError(400, "expired_token", 70008, "The provided authorization code or refresh token has expired due to inactivity.");
  model.deviceCodes.delete(form.get("device_code")!);
  return userTokenResponse(model, tenantId, code.signInName, new Set([tenantId]), form, base);
};

/** refresh_token: the same person in this (or another) tenant; MFA done elsewhere does not count here. */
const refreshToken: GrantHandler = (model, tenantId, form, base) => {
  const grant = model.refreshTokens.get(form.get("refresh_token") ?? "");
  if (!grant) return aadstsError(400, "invalid_grant", 70000, "Provided grant is invalid or malformed.");
  return userTokenResponse(model, tenantId, grant.signInName, grant.mfaTenants, form, base);
};

/** The grant types the token endpoint accepts. */
export const GRANT_HANDLERS: Readonly<Record<string, GrantHandler>> = {
  client_credentials: clientCredentials,
  "urn:ietf:params:oauth:grant-type:device_code": deviceCode,
  // MSAL sends the short form, which Entra ID also accepts.
  device_code: deviceCode,
  refresh_token: refreshToken,
};

/** Grants a person uses: `organizations` / `common` in their URL mean the person's home tenant. */
const PERSON_GRANTS = new Set(["urn:ietf:params:oauth:grant-type:device_code", "device_code", "refresh_token"]);

/** Routes a request to the token service. */
export function handleEntra(model: EmulatorModel, base: string, req: EmulatorRequest): EmulatorResponse {
  const segments = req.path.split("/").filter(Boolean);
  // Instance discovery: GET /common/discovery/instance (MSAL asks it unless instance discovery is disabled).
  if (req.method === "GET" && segments[1] === "discovery" && segments[2] === "instance") {
    const host = new URL(base).host;
    return json(200, {
      tenant_discovery_endpoint: `${base}/{tenant}/v2.0/.well-known/openid-configuration`,
      "api-version": "1.1",
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    });
  }
  const tenant = (segments[0] ?? "").toLowerCase();
  if (req.method === "GET" && segments.slice(1).join("/") === "v2.0/.well-known/openid-configuration") {
    if (!model.hasTenant(tenant) && tenant !== "organizations" && tenant !== "common") {
      return aadstsError(400, "invalid_tenant", 90002, `Tenant '${tenant}' not found.`);
    }
    return json(200, {
      issuer: `${base}/${tenant}/v2.0`,
      authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/authorize`,
      token_endpoint: `${base}/${tenant}/oauth2/v2.0/token`,
      device_authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/devicecode`,
      end_session_endpoint: `${base}/${tenant}/oauth2/v2.0/logout`,
      jwks_uri: `${base}/${tenant}/discovery/v2.0/keys`,
      token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
      response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
      scopes_supported: ["openid", "profile", "email", "offline_access"],
      subject_types_supported: ["pairwise"],
      id_token_signing_alg_values_supported: ["RS256"],
      tenant_region_scope: "EU",
    });
  }
  const anyOrganization = tenant === "organizations" || tenant === "common";
  if (req.method === "POST" && segments.slice(1).join("/") === "oauth2/v2.0/devicecode") {
    const person = model.state.interactiveSignIn?.signInName;
    const target = anyOrganization && person ? model.homeTenantOf(person) : tenant;
    if (!target || !model.hasTenant(target)) return aadstsError(400, "invalid_request", 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID.`);
    if (!person) return aadstsError(400, "invalid_request", 50059, "No one completes interactive sign-ins in this emulator: set \"interactiveSignIn\": { \"signInName\": … } in the state file.");
    const code = `dc.${derivedGuid(`${person}/${target}/${Math.random()}`)}`;
    const userCode = code.slice(3, 12).toUpperCase().replace(/-/g, "");
    model.deviceCodes.set(code, { signInName: person, tenantId: target });
    const verification = `${base}/devicelogin`;
    return json(200, { user_code: userCode, device_code: code, verification_uri: verification, expires_in: 900, interval: 5, message: `To sign in, use a web browser to open the page ${verification} and enter the code ${userCode} to authenticate.` });
  }
  if (req.method === "POST" && segments.slice(1).join("/") === "oauth2/v2.0/token") {
    const form = new URLSearchParams(req.body);
    const grant = form.get("grant_type") ?? "";
    let target = tenant;
    if (anyOrganization && PERSON_GRANTS.has(grant)) {
      const person = grant === "refresh_token" ? model.refreshTokens.get(form.get("refresh_token") ?? "")?.signInName : model.deviceCodes.get(form.get("device_code") ?? "")?.signInName;
      target = (person && model.homeTenantOf(person)) ?? tenant;
    }
    if (!model.hasTenant(target)) return aadstsError(400, "invalid_request", 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID.`);
    const handler = GRANT_HANDLERS[grant];
    if (!handler) return aadstsError(400, "unsupported_grant_type", 70003, `The app requested an unsupported grant type '${form.get("grant_type")}'.`);
    return handler(model, target, form, base);
  }
  return json(404, { error: "not_found", error_description: `The emulated token service has no ${req.method} ${req.path}` });
}
