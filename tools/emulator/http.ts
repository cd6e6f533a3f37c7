/** The small HTTP vocabulary the emulated services share: requests, JSON responses, injected failures. */
import type { IncomingMessage, ServerResponse } from "http";
import { EmulatedFailure } from "./state";

/** A parsed request as the service handlers see it. */
export interface EmulatorRequest {
  readonly method: string;
  /** Path without the query, as sent (not decoded). */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
}

/** A handler's answer. */
export interface EmulatorResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What the emulator answered, for tests that validate every response against the specs. */
export interface RecordedExchange {
  readonly service: "entra" | "arm" | "graph";
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly status: number;
  readonly body: unknown;
  /** The tenant the request was for (token `tid` or token URL). */
  readonly tenantId?: string;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): EmulatorResponse {
  return { status, body, headers };
}

/** The ARM error body (common-types ErrorResponse: `{ error: { code, message } }`). */
export function armError(status: number, code: string, message: string, headers: Record<string, string> = {}): EmulatorResponse {
  return json(status, { error: { code, message } }, headers);
}

/** Reads a request body (the emulated APIs only take small form or JSON bodies). */
export async function readRequest(req: IncomingMessage): Promise<EmulatorRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const url = new URL(req.url ?? "/", "https://emulator.invalid");
  return { method: (req.method ?? "GET").toUpperCase(), path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
}

export function send(res: ServerResponse, response: EmulatorResponse): void {
  const text = response.body === undefined ? "" : JSON.stringify(response.body);
  res.writeHead(response.status, { ...(text ? { "content-type": "application/json; charset=utf-8" } : {}), ...(response.headers ?? {}) });
  res.end(text);
}

/** Counts matches of the injected failures and answers for the first `times` of each. */
export class FailureInjector {
  private readonly used: number[];

  constructor(private readonly failures: readonly EmulatedFailure[]) {
    this.used = failures.map(() => 0);
  }

  /** The injected response for this request, if a failure matches and still has uses left. */
  public match(service: EmulatedFailure["service"], path: string, tenantId: string | undefined): EmulatorResponse | undefined {
    for (let i = 0; i < this.failures.length; i++) {
      const f = this.failures[i];
      if (f.service !== service) continue;
      if (f.tenantId && f.tenantId.toLowerCase() !== tenantId?.toLowerCase()) continue;
      if (f.pathContains && !path.toLowerCase().includes(f.pathContains.toLowerCase())) continue;
      if (f.times !== undefined && this.used[i] >= f.times) continue;
      this.used[i]++;
      const headers: Record<string, string> = {};
      if (f.retryAfter !== undefined) {
        headers["retry-after"] = String(Math.ceil(f.retryAfter));
        // core-rest-pipeline's throttling policy reads retry-after-ms first (milliseconds).
        headers["retry-after-ms"] = String(Math.round(f.retryAfter * 1000));
      }
      if (service === "entra") {
        const code = f.code ?? "AADSTS50196";
        return json(f.status, { error: f.status === 429 ? "temporarily_unavailable" : "invalid_request", error_description: `${code}: ${f.message ?? "injected failure"}`, error_codes: [Number(code.replace(/\D/g, "")) || 0] }, headers);
      }
      const code = f.code ?? (f.status === 429 ? "TooManyRequests" : "InternalServerError");
      return armError(f.status, code, f.message ?? "injected failure", headers);
    }
    return undefined;
  }
}
