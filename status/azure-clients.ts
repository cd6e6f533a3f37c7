/**
 * The official Azure SDK clients status reads with, all pointed at configurable endpoints (the
 * real clouds by default; the loopback emulator in tests): `@azure/arm-managementpartner` for the
 * link, `@azure/arm-authorization` for role assignments and PIM, and a `@azure/core-client`
 * pipeline for Microsoft Graph (bearer token, retries on 429/503 honouring Retry-After, TLS options).
 * Every client is read-only here: status never calls a method that writes.
 */
import { AuthorizationManagementClient } from "@azure/arm-authorization";
import { ACEProvisioningManagementPartnerAPI } from "@azure/arm-managementpartner";
import { SubscriptionClient } from "@azure/arm-resources-subscriptions";
import { ServiceClient } from "@azure/core-client";
import { RestError, bearerTokenAuthenticationPolicy, createPipelineRequest, PipelineRetryOptions, TlsSettings } from "@azure/core-rest-pipeline";
import type { TokenCredential } from "@azure/identity";

/** Where and how to reach Azure. */
export interface ClientOptions {
  /** Entra ID authority host. @default AZURE_AUTHORITY_HOST or https://login.microsoftonline.com */
  readonly authorityHost: string;
  /** ARM endpoint. @default PAL_ARM_ENDPOINT or https://management.azure.com */
  readonly armEndpoint: string;
  /** Microsoft Graph endpoint without the version. @default PAL_GRAPH_ENDPOINT or https://graph.microsoft.com */
  readonly graphEndpoint: string;
  /** TLS settings, e.g. `{ ca }` to trust only the emulator's certificate. @default the system's CAs */
  readonly tlsOptions?: TlsSettings;
  /** Retries of throttled (429, Retry-After) and failed requests. @default { maxRetries: 4 } */
  readonly retryOptions: PipelineRetryOptions;
}

/** Endpoints from the environment (the variables `npm run emulator` prints). */
export function clientOptionsFromEnv(env: NodeJS.ProcessEnv): ClientOptions {
  return {
    authorityHost: env.AZURE_AUTHORITY_HOST || "https://login.microsoftonline.com",
    armEndpoint: (env.PAL_ARM_ENDPOINT || "https://management.azure.com").replace(/\/+$/, ""),
    graphEndpoint: (env.PAL_GRAPH_ENDPOINT || "https://graph.microsoft.com").replace(/\/+$/, ""),
    retryOptions: { maxRetries: 4, retryDelayInMs: 500, maxRetryDelayInMs: 30_000 },
  };
}

function pipelineOptions(options: ClientOptions) {
  return { endpoint: options.armEndpoint, retryOptions: options.retryOptions, ...(options.tlsOptions ? { tlsOptions: options.tlsOptions } : {}), credentialScopes: [armScope(options)] };
}

/** The ARM token scope: management.azure.com for the public cloud, else the endpoint itself (an emulator, a sovereign cloud). */
export function armScope(options: ClientOptions): string {
  const audience = options.armEndpoint === "https://management.azure.com" ? "https://management.azure.com" : options.armEndpoint;
  return `${audience}/.default`;
}

export function managementPartnerClient(credential: TokenCredential, options: ClientOptions): ACEProvisioningManagementPartnerAPI {
  return new ACEProvisioningManagementPartnerAPI(credential, pipelineOptions(options));
}

/** Tenants_List and the other subscription-level reads, signed in as `credential`. */
export function subscriptionClient(credential: TokenCredential, options: ClientOptions): SubscriptionClient {
  return new SubscriptionClient(credential, pipelineOptions(options));
}

export function authorizationClient(credential: TokenCredential, subscriptionId: string, options: ClientOptions): AuthorizationManagementClient {
  return new AuthorizationManagementClient(credential, subscriptionId, pipelineOptions(options));
}

/** A minimal Microsoft Graph v1.0 reader on the core-client pipeline. */
export class GraphReader {
  private readonly client: ServiceClient;

  constructor(credential: TokenCredential, private readonly options: ClientOptions) {
    this.client = new ServiceClient({ retryOptions: options.retryOptions, ...(options.tlsOptions ? { tlsOptions: options.tlsOptions } : {}) });
    this.client.pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential, scopes: `${options.graphEndpoint}/.default` }));
  }

  /** GET a v1.0 path; `undefined` on 404. Throws a RestError for other failures. */
  public async get<T>(pathAndQuery: string): Promise<T | undefined> {
    const response = await this.client.sendRequest(createPipelineRequest({ url: `${this.options.graphEndpoint}/v1.0${pathAndQuery}`, method: "GET" }));
    if (response.status === 404) return undefined;
    if (response.status >= 400) {
      let message = response.bodyAsText ?? "";
      try {
        message = JSON.parse(message).error?.message ?? message;
      } catch {
        // not JSON: keep the text
      }
      throw new RestError(`Graph GET ${pathAndQuery.split("?")[0]}: ${response.status} ${message}`, { statusCode: response.status });
    }
    return JSON.parse(response.bodyAsText ?? "null") as T;
  }
}
