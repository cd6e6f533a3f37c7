/**
 * Signs a person in once and hands out a credential per tenant (README "Linking your team").
 * - `device-code` (default): `DeviceCodeCredential`, which prints a code to enter at
 *   https://microsoft.com/devicelogin — works over SSH and in containers;
 * - `browser`: `InteractiveBrowserCredential` (a local browser window).
 * The first sign-in goes to `organizations` (the person's home tenant), or to `signInTenant`
 * when given: signing in to a tenant directly is how its own MFA demand is met. Every later token
 * comes silently from that one sign-in's refresh token, at the tenant's own authority, through a
 * credential configured for the tenant (see shared-token-cache.ts for why), with automatic
 * re-prompting disabled: a tenant that wants more (MFA, consent) fails with a reason instead of
 * popping up prompts mid-run.
 */
import * as crypto from "crypto";
import { HttpClient, createDefaultHttpClient } from "@azure/core-rest-pipeline";
import { AuthenticationRecord, DeviceCodeCredential, DeviceCodeInfo, InteractiveBrowserCredential, TokenCredential } from "@azure/identity";
import { ClientOptions, armScope } from "../status/azure-clients";
import { credentialOptions } from "../status/sign-in";
import { clearSharedMemoryTokenCache, tenantCacheName, useSharedMemoryTokenCache } from "./shared-token-cache";

/**
 * The public client the sign-in uses: Azure CLI's well-known application ID, the one
 * `az login` uses, pre-authorised for ARM in tenants that have not blocked it.
 */
export const AZURE_CLI_CLIENT_ID = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";

/** How the person signs in. */
export interface PersonSignInOptions {
  readonly clients: ClientOptions;
  /** @default "device-code" */
  readonly method?: "device-code" | "browser";
  /** The tenant of the one interactive sign-in. @default "organizations" (the home tenant) */
  readonly signInTenant?: string;
  /** The public client application. @default {@link AZURE_CLI_CLIENT_ID} */
  readonly clientId?: string;
  /** Where the device-code prompt goes. @default stderr */
  readonly prompt?: (info: DeviceCodeInfo) => void;
  /**
   * A credential to use as is instead of an interactive sign-in, in every tenant (tests; or an
   * `az login` session through AzureCliCredential). @default an interactive sign-in
   */
  readonly credential?: (tenantId: string) => TokenCredential;
}

/** A signed-in person. */
export interface SignedInPerson {
  /** The account's sign-in name, when the sign-in returned one. */
  readonly username?: string;
  /** The tenant the person signed in to. */
  readonly homeTenantId?: string;
  /** A credential for one tenant, from the same sign-in. */
  credentialFor(tenantId: string): TokenCredential;
  /**
   * The token service's last error for a tenant (`AADSTS…: …`), if any. With automatic
   * re-prompting disabled, @azure/identity reports a failed silent request as
   * "Automatic authentication has been disabled" without the cause; the reason (MFA, consent, no
   * account) is in the token endpoint's `error_description`, kept here.
   */
  lastTokenError(tenantId: string): string | undefined;
  /** Forgets the run's tokens. */
  close(): void;
}

/** Signs the person in once (one prompt) and returns per-tenant credentials. */
export async function signInPerson(options: PersonSignInOptions): Promise<SignedInPerson> {
  if (options.credential) {
    const make = options.credential;
    return { credentialFor: (t) => make(t), lastTokenError: () => undefined, close: () => undefined };
  }
  useSharedMemoryTokenCache();
  const cacheName = `pal-link-staff-${crypto.randomUUID()}`;
  const common = {
    ...credentialOptions(options.clients),
    clientId: options.clientId ?? AZURE_CLI_CLIENT_ID,
    tokenCachePersistenceOptions: { enabled: true, name: cacheName },
  };
  const tenantId = options.signInTenant ?? "organizations";
  const prompt = options.prompt ?? ((info: DeviceCodeInfo) => process.stderr.write(`${info.message}\n`));
  const first =
    options.method === "browser"
      ? new InteractiveBrowserCredential({ ...common, tenantId, additionallyAllowedTenants: ["*"] })
      : new DeviceCodeCredential({ ...common, tenantId, additionallyAllowedTenants: ["*"], userPromptCallback: prompt });
  const record: AuthenticationRecord | undefined = await first.authenticate(`${armScope(options.clients)}`);
  if (!record) throw new Error("the sign-in returned no account");
  const perTenant = new Map<string, TokenCredential>();
  const tokenErrors = new Map<string, string>();
  return {
    username: record.username,
    homeTenantId: record.tenantId,
    credentialFor(tenant: string): TokenCredential {
      const key = tenant.toLowerCase();
      let credential = perTenant.get(key);
      if (!credential) {
        // The same account (home account ID, refresh token), asked for at this tenant's authority.
        const account: AuthenticationRecord = { ...record, tenantId: key };
        const settings = { ...common, tokenCachePersistenceOptions: { enabled: true, name: tenantCacheName(cacheName, key) }, tenantId: key, authenticationRecord: account, disableAutomaticAuthentication: true, httpClient: recordingTokenErrors(key, tokenErrors) };
        credential = options.method === "browser" ? new InteractiveBrowserCredential(settings) : new DeviceCodeCredential({ ...settings, userPromptCallback: prompt });
        perTenant.set(key, credential);
      }
      return credential;
    },
    lastTokenError: (tenant) => tokenErrors.get(tenant.toLowerCase()),
    close: () => clearSharedMemoryTokenCache(cacheName),
  };
}

/** The default HTTP client, keeping the `error_description` of a failed token request. */
function recordingTokenErrors(tenantId: string, errors: Map<string, string>): HttpClient {
  const inner = createDefaultHttpClient();
  return {
    async sendRequest(request) {
      const response = await inner.sendRequest(request);
      if (response.status >= 400 && /\/oauth2\/v2\.0\/token/.test(request.url)) {
        try {
          const body = JSON.parse(response.bodyAsText ?? "{}") as { error?: string; error_description?: string };
          errors.set(tenantId, (body.error_description ?? body.error ?? `HTTP ${response.status}`).split(/\r?\n/)[0]);
        } catch {
          errors.set(tenantId, `HTTP ${response.status} from the token endpoint`);
        }
      }
      return response;
    },
  };
}

