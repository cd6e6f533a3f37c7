/**
 * The emulated Entra ID token service (Microsoft identity platform v2.0): OpenID Connect discovery,
 * instance discovery and the token endpoint, as MSAL Node (inside `@azure/identity`) calls them.
 *
 * Grants are handlers keyed by `grant_type` ({@link GRANT_HANDLERS}); today `client_credentials`
 * with a client secret or a client assertion (a CI job's OIDC token, workload identity federation).
 * A device-code grant is one more handler plus `device_authorization_endpoint`.
 *
 * Error bodies follow the OAuth 2.0 error response with Entra's `AADSTS` codes
 * (Learn, "Microsoft Entra authentication and authorization error codes"):
 * AADSTS90002 tenant not found, AADSTS700016 application not found in the directory,
 * AADSTS7000112 application disabled, AADSTS7000215 invalid client secret,
 * AADSTS7000222 client secret expired, AADSTS70021 no matching federated identity record.
 */
import { EmulatorRequest, EmulatorResponse, json } from "./http";
import { EmulatorModel } from "./model";
import { decodeJwtClaims } from "./tokens";

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
export type GrantHandler = (model: EmulatorModel, tenantId: string, form: URLSearchParams) => EmulatorResponse;

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

/** The grant types the token endpoint accepts. */
export const GRANT_HANDLERS: Readonly<Record<string, GrantHandler>> = {
  client_credentials: clientCredentials,
};

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
  if (req.method === "POST" && segments.slice(1).join("/") === "oauth2/v2.0/token") {
    if (!model.hasTenant(tenant)) return aadstsError(400, "invalid_request", 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID.`);
    const form = new URLSearchParams(req.body);
    const handler = GRANT_HANDLERS[form.get("grant_type") ?? ""];
    if (!handler) return aadstsError(400, "unsupported_grant_type", 70003, `The app requested an unsupported grant type '${form.get("grant_type")}'.`);
    return handler(model, tenant, form);
  }
  return json(404, { error: "not_found", error_description: `The emulated token service has no ${req.method} ${req.path}` });
}
