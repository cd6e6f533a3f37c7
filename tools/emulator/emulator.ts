/**
 * The loopback emulator: Entra ID's token service, ARM and Microsoft Graph, each an HTTPS server
 * on 127.0.0.1 (its own port, as they are their own hosts in Azure), sharing one state, with a
 * certificate generated at start that callers trust explicitly (its PEM, or NODE_EXTRA_CA_CERTS).
 *
 * The Azure SDKs reach it through their own endpoint options: `authorityHost` (@azure/identity),
 * the ARM client's `endpoint`, the Graph base URL. Every answer is recorded in {@link Emulator.exchanges}
 * so tests can validate each one against the official OpenAPI specs.
 */
import * as fs from "fs";
import * as https from "https";
import type { AddressInfo } from "net";
import * as path from "path";
import { generateSelfSignedCertificate } from "../terraform-schema-provider/self-signed-cert";
import { handleArm } from "./arm";
import { handleEntra } from "./entra";
import { handleGraph } from "./graph";
import { EmulatorResponse, FailureInjector, RecordedExchange, json, readRequest, send } from "./http";
import { EmulatorModel } from "./model";
import { EmulatorState } from "./state";

/** Where the emulated services listen. */
export interface EmulatorEndpoints {
  /** The authority host for @azure/identity (`authorityHost`), e.g. https://127.0.0.1:40001. */
  readonly authorityHost: string;
  /** The ARM endpoint, e.g. https://127.0.0.1:40002. */
  readonly armEndpoint: string;
  /** The Graph endpoint (without /v1.0), e.g. https://127.0.0.1:40003. */
  readonly graphEndpoint: string;
}

/** Options of {@link Emulator.start}. */
export interface EmulatorOptions {
  /** Keep every exchange in {@link Emulator.exchanges}. @default true */
  readonly record?: boolean;
  /** Delay every ARM and Graph answer by this many milliseconds (latency for timing tests). @default 0 */
  readonly latencyMs?: number;
}

type Service = RecordedExchange["service"];

export class Emulator {
  /** Starts the three services on free loopback ports. */
  public static async start(state: EmulatorState, options: EmulatorOptions = {}): Promise<Emulator> {
    const emulator = new Emulator(state, options);
    await emulator.listen();
    return emulator;
  }

  /** The certificate every service presents (PEM): trust it, and only it, to talk to the emulator. */
  public readonly certificatePem: string;
  /** Every request answered, in order (when recording). */
  public readonly exchanges: RecordedExchange[] = [];
  /** How many requests each service answered. */
  public readonly requestCounts: Record<Service, number> = { entra: 0, arm: 0, graph: 0 };
  public readonly model: EmulatorModel;
  private readonly keyPem: string;
  private readonly failures: FailureInjector;
  private readonly servers = new Map<Service, https.Server>();
  private urls: Partial<Record<Service, string>> = {};

  private constructor(state: EmulatorState, private readonly options: EmulatorOptions) {
    const cert = generateSelfSignedCertificate();
    this.certificatePem = cert.certPem;
    this.keyPem = cert.keyPem;
    this.model = new EmulatorModel(state);
    this.failures = new FailureInjector(state.failures ?? []);
  }

  public get endpoints(): EmulatorEndpoints {
    return { authorityHost: this.urls.entra!, armEndpoint: this.urls.arm!, graphEndpoint: this.urls.graph! };
  }

  /**
   * The environment that points `npm run status` at this emulator. `certificateFile` is where the
   * certificate was written (NODE_EXTRA_CA_CERTS makes Node trust it for the whole process).
   */
  public environment(certificateFile: string): Record<string, string> {
    return {
      AZURE_AUTHORITY_HOST: this.endpoints.authorityHost,
      PAL_ARM_ENDPOINT: this.endpoints.armEndpoint,
      PAL_GRAPH_ENDPOINT: this.endpoints.graphEndpoint,
      NODE_EXTRA_CA_CERTS: certificateFile,
    };
  }

  /** Writes the certificate (PEM) to `dir` and returns the file. */
  public writeCertificate(dir: string): string {
    const file = path.join(dir, "pal-emulator-ca.pem");
    fs.writeFileSync(file, this.certificatePem);
    return file;
  }

  public async stop(): Promise<void> {
    await Promise.all(
      [...this.servers.values()].map(
        (s) =>
          new Promise<void>((resolve) => {
            s.close(() => resolve());
            s.closeAllConnections();
          }),
      ),
    );
  }

  private async listen(): Promise<void> {
    for (const service of ["entra", "arm", "graph"] as const) {
      const server = https.createServer({ cert: this.certificatePem, key: this.keyPem }, (req, res) => {
        this.answer(service, req, res).catch((err: Error) => send(res, json(500, { error: { code: "EmulatorError", message: err.message } })));
      });
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => resolve());
      });
      this.servers.set(service, server);
      this.urls[service] = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }
  }

  private async answer(service: Service, req: import("http").IncomingMessage, res: import("http").ServerResponse): Promise<void> {
    const request = await readRequest(req);
    this.requestCounts[service]++;
    const tenantId = service === "entra" ? request.path.split("/").filter(Boolean)[0]?.toLowerCase() : this.model.caller(request.headers.authorization)?.tid;
    let response: EmulatorResponse;
    try {
      response =
        this.failures.match(service, request.path, tenantId) ??
        (service === "entra" ? handleEntra(this.model, this.urls.entra!, request) : service === "arm" ? handleArm(this.model, request) : handleGraph(this.model, request));
    } catch (err) {
      response = json(500, { error: { code: "EmulatorError", message: (err as Error).message } });
    }
    if (service !== "entra" && this.options.latencyMs) await new Promise((r) => setTimeout(r, this.options.latencyMs));
    if (this.options.record !== false) {
      this.exchanges.push({ service, method: request.method, path: request.path, query: request.query.toString(), status: response.status, body: response.body, ...(tenantId ? { tenantId } : {}) });
    }
    send(res, response);
  }
}
