/**
 * Who status signs in as (README.md, "Is it working?" → "Sign-in model"):
 * - **Reads of the principal and its roles** use the *plan identity* in each customer's tenant:
 *   `AZURE_CLIENT_ID` with `AZURE_FEDERATED_TOKEN_FILE` (OIDC, ClientAssertionCredential) or
 *   `AZURE_CLIENT_SECRET` (ClientSecretCredential) — the multi-tenant automation app the plan jobs
 *   use, with Reader at the scopes and Graph Application.Read.All — else `DefaultAzureCredential`
 *   (a person at a terminal after `az login`).
 * - **The link read** runs as each customer's PAL principal, because only the linked identity can
 *   read its own link (PAL-RULES.md §1): with the OIDC token in `PAL_OIDC_TOKEN_FILE_<CUSTOMER>` or
 *   `PAL_OIDC_TOKEN_FILE` (a CI job in the customer's environment, whose subject the principal's
 *   federated credential trusts), or the secret in `PAL_CLIENT_SECRET_<CUSTOMER>`.
 *   `<CUSTOMER>` is the customer's name in upper case with `-` as `_`.
 */
import * as fs from "fs";
import { ClientAssertionCredential, ClientSecretCredential, DefaultAzureCredential, TokenCredential } from "@azure/identity";
import type { ClientOptions } from "./azure-clients";

/**
 * Options every credential gets. Instance discovery (MSAL asking login.microsoftonline.com which
 * authority hosts are genuine) is skipped for an authority host other than Microsoft's public cloud
 * ones, as @azure/identity documents for private clouds (`disableInstanceDiscovery`): the emulator
 * then answers OIDC discovery itself and nothing leaves the machine.
 */
export function credentialOptions(options: ClientOptions) {
  const publicCloud = /^https:\/\/login\.(microsoftonline\.com|microsoftonline\.us|chinacloudapi\.cn|partner\.microsoftonline\.cn)\/?$/i.test(options.authorityHost);
  return {
    authorityHost: options.authorityHost,
    disableInstanceDiscovery: !publicCloud,
    retryOptions: options.retryOptions,
    ...(options.tlsOptions ? { tlsOptions: options.tlsOptions } : {}),
  };
}

/** The environment variable suffix for a customer: `contoso-eu` → `CONTOSO_EU`. */
export function customerEnvSuffix(customer: string): string {
  return customer.toUpperCase().replace(/[^A-Z0-9]/g, "_");
}

/** The plan identity in a customer's tenant. */
export function planCredential(tenantId: string, env: NodeJS.ProcessEnv, options: ClientOptions): TokenCredential {
  const common = credentialOptions(options);
  const clientId = env.AZURE_CLIENT_ID;
  if (clientId && env.AZURE_FEDERATED_TOKEN_FILE) {
    const file = env.AZURE_FEDERATED_TOKEN_FILE;
    return new ClientAssertionCredential(tenantId, clientId, async () => fs.readFileSync(file, "utf8").trim(), common);
  }
  if (clientId && env.AZURE_CLIENT_SECRET) return new ClientSecretCredential(tenantId, clientId, env.AZURE_CLIENT_SECRET, common);
  return new DefaultAzureCredential({ tenantId, ...common });
}

/** The customer's principal, or why it cannot sign in here. */
export function principalCredential(
  customer: string,
  tenantId: string,
  clientId: string,
  env: NodeJS.ProcessEnv,
  options: ClientOptions,
): { credential: TokenCredential } | { missing: string } {
  const suffix = customerEnvSuffix(customer);
  const common = credentialOptions(options);
  const secret = env[`PAL_CLIENT_SECRET_${suffix}`];
  if (secret) return { credential: new ClientSecretCredential(tenantId, clientId, secret, common) };
  const tokenFile = env[`PAL_OIDC_TOKEN_FILE_${suffix}`] || env.PAL_OIDC_TOKEN_FILE;
  if (tokenFile) return { credential: new ClientAssertionCredential(tenantId, clientId, async () => fs.readFileSync(tokenFile, "utf8").trim(), common) };
  return { missing: `no credential for ${customer}'s principal: set PAL_OIDC_TOKEN_FILE_${suffix} (or PAL_OIDC_TOKEN_FILE) or PAL_CLIENT_SECRET_${suffix}` };
}
