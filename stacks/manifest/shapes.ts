/**
 * The manifest's typed shape layer: which JSON type each known field of each part has, checked
 * with zod before any rule looks at a value, so a wrong type (`github: { environment: 2024 }`)
 * is a located problem and never reaches code that expects a string.
 *
 * A key without a shape here is passed through unchanged to its own check: adding a key to
 * MANIFEST_KEYS stays a one-place change, and giving it a shape is one more line here.
 */
import { z } from "zod";
import { describeGuidProblem } from "../../constructs/internal/guid";
import { ManifestPath } from "./manifest-error";

/** The kinds of value a field can have; each has its own wording of "wrong type". */
type Kind = "string" | "guid" | "boolean" | "list" | "mapping" | "scalar";

const SCHEMAS: Record<Kind, z.ZodType> = {
  string: z.string(),
  guid: z.string(),
  boolean: z.boolean(),
  list: z.array(z.unknown()),
  mapping: z.record(z.string(), z.unknown()),
  scalar: z.union([z.string(), z.number(), z.boolean()]),
};

/** The known fields' kinds, per part of the manifest (the parts of MANIFEST_KEYS). */
export const FIELD_KINDS: Record<string, Record<string, Kind>> = {
  top: { partnerName: "string", backend: "mapping", defaults: "mapping", policy: "mapping" },
  defaults: { roles: "list", owners: "list", deleteLinkOnDestroy: "boolean" },
  customer: {
    name: "string",
    tenantId: "guid",
    subscriptionId: "guid",
    scopes: "list",
    roles: "list",
    partnerName: "string",
    owners: "list",
    displayName: "string",
    deleteLinkOnDestroy: "boolean",
    approval: "mapping",
  },
  credential: { type: "scalar", issuer: "string", subject: "string", audience: "string", github: "mapping", azureDevOps: "mapping", lifetime: "scalar", clientId: "guid", objectId: "guid", signIn: "scalar" },
  github: { repository: "string", environment: "string", ref: "string", pullRequest: "boolean" },
  azureDevOps: { organizationId: "guid", organization: "string", project: "string", serviceConnection: "string" },
  backend: { type: "scalar", resourceGroupName: "string", storageAccountName: "string", containerName: "string", keyPrefix: "string", subscriptionId: "guid", tenantId: "guid" },
  policy: { maxPasswordLifetime: "scalar", requireApproval: "boolean" },
  approval: { by: "string", date: "string", reference: "scalar" },
};

const PART_SCHEMAS = Object.fromEntries(
  Object.entries(FIELD_KINDS).map(([part, fields]) => [
    part,
    // null is "not given" in YAML (`key:` with nothing after it): the rules decide if that is allowed.
    z.looseObject(Object.fromEntries(Object.entries(fields).map(([key, kind]) => [key, SCHEMAS[kind].nullish()]))),
  ]),
) as Record<string, z.ZodType>;

/** One wrong type: where, and the message in the kit's words. */
export interface ShapeProblem {
  readonly path: ManifestPath;
  readonly message: string;
}

/** How a value is named in messages: `number 2024`, `the string "x"`, `a list`. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  return `${typeof value} ${JSON.stringify(value)}`;
}

function wrongType(key: string, kind: Kind, value: unknown): string {
  switch (kind) {
    case "guid":
      if (typeof value === "number") return `${key} must be a quoted GUID string, found the number ${value}`;
      if (value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 1 && describeGuidProblem(Object.keys(value)[0]) === undefined) {
        return `${key} {${Object.keys(value)[0]}} is in braces, which YAML reads as a mapping; write the GUID without { }`;
      }
      return `${key} must be a string, found ${describeValue(value)}`;
    case "string": {
      const quote = typeof value === "number" || typeof value === "boolean" ? `; put it in quotes: ${key}: "${value}"` : "";
      return `${key} must be a string, found ${describeValue(value)}${quote}`;
    }
    case "boolean":
      return `${key} must be true or false, found ${describeValue(value)}`;
    case "list":
      return `${key} must be a list, found ${describeValue(value)}${typeof value === "string" ? `; write it as [${JSON.stringify(value)}]` : ""}`;
    case "mapping":
      return `${key} must be a mapping of keys to values, found ${describeValue(value)}`;
    case "scalar":
      return `${key} must be a single value, found ${describeValue(value)}`;
  }
}

/** The wrong types among `obj`'s known fields for `part` (a key of {@link FIELD_KINDS}), at `path`. */
export function shapeProblems(part: string, obj: Record<string, unknown>, path: ManifestPath): ShapeProblem[] {
  const schema = PART_SCHEMAS[part];
  if (!schema) return [];
  const result = schema.safeParse(obj);
  if (result.success) return [];
  const seen = new Set<string>();
  const problems: ShapeProblem[] = [];
  for (const issue of result.error.issues) {
    const key = String(issue.path[0]);
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ path: [...path, key], message: wrongType(key, FIELD_KINDS[part][key], obj[key]) });
  }
  return problems;
}
