/**
 * Validates HTTP responses against the official OpenAPI (Swagger 2.0) specs in
 * `../shared/reference/` — read there at test time, never copied — with Ajv, resolving the specs'
 * `$ref`s across files (common-types included). Used by the tests to prove that every emulator
 * answer is one Azure could give (__tests__/emulator-spec.test.ts), and that the specs' own
 * `x-ms-examples` pass the same checks.
 *
 * `strict` mode also rejects properties a schema does not declare (where the schema has
 * `properties`, no `allOf` and no `additionalProperties`), so the emulator cannot invent fields.
 * Formats (`uuid`, `date-time`, `int32`) are not checked; types, enums and `required` are; a
 * property that is not required may be null (see {@link allowNulls}).
 */
import Ajv, { ValidateFunction } from "ajv";
import * as fs from "fs";
import * as path from "path";
import { pathToFileURL } from "url";

/** The spec files of the operations the emulator serves, relative to shared/reference. */
export const EMULATED_SPEC_FILES = [
  "managementpartner/ManagementPartner.json",
  "azure-rest-api-specs/specification/authorization/resource-manager/Microsoft.Authorization/stable/2022-04-01/authorization-RoleAssignmentsCalls.json",
  "azure-rest-api-specs/specification/authorization/resource-manager/Microsoft.Authorization/stable/2022-04-01/authorization-RoleDefinitionsCalls.json",
  "azure-rest-api-specs/specification/authorization/resource-manager/Microsoft.Authorization/stable/2020-10-01/RoleEligibilitySchedule.json",
  "azure-rest-api-specs/specification/authorization/resource-manager/Microsoft.Authorization/stable/2020-10-01/RoleAssignmentScheduleInstance.json",
  "azure-rest-api-specs/specification/authorization/resource-manager/Microsoft.Authorization/stable/2020-10-01/RoleAssignmentScheduleRequest.json",
];

/** One operation of a spec. */
export interface SpecOperation {
  readonly file: string;
  readonly operationId: string;
  readonly method: string;
  readonly pathTemplate: string;
  readonly apiVersion: string;
  /** Example name → example file (absolute), as listed in `x-ms-examples`. */
  readonly examples: Readonly<Record<string, string>>;
  readonly pattern: RegExp;
  readonly responses: Readonly<Record<string, { schema?: unknown }>>;
}

type Json = Record<string, unknown>;

function rewriteRefs(node: unknown, fileUrl: string): unknown {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, fileUrl));
  if (typeof node !== "object" || node === null) return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    out[k] = k === "$ref" && typeof v === "string" ? new URL(v, fileUrl).href : rewriteRefs(v, fileUrl);
  }
  return out;
}

/**
 * A property that is not `required` may be `null` unless it says `x-nullable: false`: how the
 * specs' own tooling reads Swagger 2.0 (AutoRest and the Azure "oav" validator); the specs'
 * examples rely on it (e.g. `"approvalId": null`).
 */
function allowNulls(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(allowNulls);
  if (typeof node !== "object" || node === null) return node;
  const out: Json = {};
  // Maps of name → schema (properties, definitions, responses) are walked per entry, not as schemas.
  const mapOf = (v: unknown) => Object.fromEntries(Object.entries(v as Json).map(([n, sch]) => [n, allowNulls(sch)]));
  for (const [k, v] of Object.entries(node)) out[k] = (k === "properties" || k === "definitions") && typeof v === "object" && v !== null ? mapOf(v) : allowNulls(v);
  if (out.properties && typeof out.properties === "object") {
    const required = new Set((out.required as string[] | undefined) ?? []);
    out.properties = Object.fromEntries(
      Object.entries(out.properties as Json).map(([name, schema]) => [name, required.has(name) || (schema as Json)["x-nullable"] === false ? schema : { anyOf: [schema, { type: "null" }] }]),
    );
  }
  return out;
}

function closeObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (typeof node !== "object" || node === null) return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === "properties" || k === "definitions" ? Object.fromEntries(Object.entries(v as Json).map(([n, s]) => [n, closeObjects(s)])) : closeObjects(v);
  if (out.properties && !out.allOf && out.additionalProperties === undefined && !out["x-ms-discriminator-value"] && !out.discriminator) out.additionalProperties = false;
  return out;
}

/** A `$ref`'d parameter, in the same file or another one (e.g. common-types.json#/parameters/…). */
function resolveParameter(file: string, ref: string, local: Record<string, Json>, read: (file: string) => Json): Json {
  const [target, pointer] = ref.split("#");
  const name = decodeURIComponent(pointer.split("/").pop() ?? "");
  if (!target) return local[name] ?? {};
  const other = read(path.resolve(path.dirname(file), target));
  return ((other.parameters ?? {}) as Record<string, Json>)[name] ?? {};
}

export class OpenApiValidator {
  public readonly operations: SpecOperation[] = [];
  private readonly ajv: Ajv;
  private readonly loaded = new Set<string>();
  private readonly compiled = new Map<string, ValidateFunction>();
  /** Each spec file parsed once (a common-types file is `$ref`'d by many parameters). */
  private readonly parsed = new Map<string, Json>();

  /** Loads the spec files (relative to `referenceDir`) and every file their `$ref`s reach. */
  constructor(referenceDir: string, files: readonly string[] = EMULATED_SPEC_FILES, private readonly strict = false) {
    this.ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
    for (const file of files) this.loadSpec(path.join(referenceDir, file), true);
  }

  private read(file: string): Json {
    const key = path.resolve(file);
    let json = this.parsed.get(key);
    if (!json) this.parsed.set(key, (json = JSON.parse(fs.readFileSync(key, "utf8")) as Json));
    return json;
  }

  private loadSpec(file: string, withOperations: boolean): void {
    const url = pathToFileURL(file).href;
    if (this.loaded.has(url)) {
      if (!withOperations) return;
    } else {
      this.loaded.add(url);
      const raw = this.read(file);
      const refs = new Set<string>();
      JSON.stringify(raw, (k, v) => (k === "x-ms-examples" ? undefined : k === "$ref" && typeof v === "string" && !v.startsWith("#") ? (refs.add(v.split("#")[0]), v) : v));
      const definitions = (allowNulls({ definitions: rewriteRefs(raw.definitions ?? {}, url) }) as Json).definitions;
      this.ajv.addSchema({ $id: url, definitions: this.strict ? closeObjects(definitions) : definitions }, url);
      for (const ref of refs) this.loadSpec(path.resolve(path.dirname(file), ref), false);
      if (!withOperations) return;
      const apiVersion = String((raw.info as Json).version);
      const globalParams = (raw.parameters ?? {}) as Record<string, Json>;
      for (const [template, ops] of Object.entries(raw.paths as Record<string, Json>)) {
        for (const [method, op] of Object.entries(ops)) {
          if (method === "parameters") continue;
          const o = op as Json;
          const params = [...((ops.parameters as Json[]) ?? []), ...((o.parameters as Json[]) ?? [])].map((p) => (p.$ref ? resolveParameter(file, String(p.$ref), globalParams, (f) => this.read(f)) : p));
          const skip = new Set(params.filter((p) => p?.["x-ms-skip-url-encoding"]).map((p) => String(p.name)));
          const pattern = new RegExp(
            "^" + template.split(/(\{[^}]+\})/).map((part) => (/^\{.+\}$/.test(part) ? (skip.has(part.slice(1, -1)) ? "(.+)" : "([^/]+)") : part.replace(/[.*+?^$()|[\]\\]/g, "\\$&"))).join("") + "$",
            "i",
          );
          const examples = Object.fromEntries(Object.entries((o["x-ms-examples"] ?? {}) as Record<string, Json>).map(([n, e]) => [n, path.resolve(path.dirname(file), String(e.$ref))]));
          this.operations.push({ file, operationId: String(o.operationId), method: method.toUpperCase(), pathTemplate: template, apiVersion, examples, pattern, responses: Object.fromEntries(Object.entries(rewriteRefs(o.responses, url) as Json).map(([code, r]) => [code, allowNulls(r)])) as SpecOperation["responses"] });
        }
      }
    }
  }

  /** The operation a request is for: method, path and api-version; the most specific template wins. */
  public findOperation(method: string, requestPath: string, apiVersion: string | null): SpecOperation | undefined {
    const hits = this.operations.filter((o) => o.method === method.toUpperCase() && o.apiVersion === apiVersion && o.pattern.test(requestPath));
    const literal = (o: SpecOperation) => o.pathTemplate.replace(/\{[^}]+\}/g, "").length;
    return hits.sort((a, b) => literal(b) - literal(a))[0];
  }

  /** Problems of a response body for an operation and status ([] when valid). */
  public validateResponse(op: SpecOperation, status: number, body: unknown): string[] {
    const response = op.responses[String(status)] ?? (status >= 400 ? op.responses.default : undefined);
    if (!response) return [`${op.operationId}: the spec declares no ${status} response`];
    if (!response.schema) return body === undefined || body === "" ? [] : [`${op.operationId} ${status}: the spec declares no body`];
    const key = `${op.operationId}|${status}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(response.schema as object);
      this.compiled.set(key, validate);
    }
    // The null alternatives added by allowNulls only add noise to the real error of the first branch.
    const errors = (validate(body) ? [] : (validate.errors ?? [])).filter((e) => e.keyword !== "anyOf" && !(e.keyword === "type" && (e.params as { type?: string }).type === "null"));
    return errors.map((e) => `${op.operationId} ${status}: ${e.instancePath || "/"} ${e.message}${e.params && "additionalProperty" in e.params ? ` (${String(e.params.additionalProperty)})` : ""}`);
  }

  /**
   * Validates recorded ARM exchanges (method, path, query, status, body): the problems, and which
   * operations were seen with which statuses. An exchange no spec operation matches is a problem.
   */
  public validateExchanges(exchanges: readonly { method: string; path: string; query: string; status: number; body: unknown }[]): { problems: string[]; covered: Record<string, number[]> } {
    const problems: string[] = [];
    const covered = new Map<string, Set<number>>();
    for (const e of exchanges) {
      const op = this.findOperation(e.method, decodeURIComponent(e.path), new URLSearchParams(e.query).get("api-version"));
      if (!op) {
        problems.push(`${e.method} ${e.path}: no operation in the specs`);
        continue;
      }
      if (!covered.has(op.operationId)) covered.set(op.operationId, new Set());
      covered.get(op.operationId)!.add(e.status);
      problems.push(...this.validateResponse(op, e.status, e.body).map((p) => `${e.method} ${e.path}: ${p}`));
    }
    return { problems, covered: Object.fromEntries([...covered].map(([k, v]) => [k, [...v].sort()])) };
  }
}
