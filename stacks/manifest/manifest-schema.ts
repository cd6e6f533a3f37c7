/**
 * The whole manifest as one zod schema, built from the same sources the validator checks with:
 * the key lists (MANIFEST_KEYS, LIGHTHOUSE_MANIFEST_KEYS, PARTNER_KEYS) and the value kinds of the
 * shape layer (shapes.ts FIELD_KINDS). `npm run generate:schema` turns it into the JSON Schema
 * editors read (schemas/pal-config.schema.json, via `# yaml-language-server: $schema=...`), and a
 * test fails when the committed file is stale.
 *
 * Every key of every key list must get a schema here: one that has neither a kind in FIELD_KINDS
 * nor a structure below makes building this module throw, so a new manifest key cannot be left
 * out of the JSON Schema.
 *
 * The JSON Schema says what an editor can check (keys, types, ID forms); the validator remains
 * the authority (cross-field rules, role names, sign-in forms, policy rules).
 */
import { z } from "zod";
import { ACCESS_MODELS, LIGHTHOUSE_MANIFEST_KEYS } from "./validate-lighthouse";
import { MANIFEST_KEYS } from "./validate-manifest";
import { PARTNER_KEYS } from "./partner-section";
import { FIELD_KINDS } from "./shapes";

/** A GUID as Azure writes it (any case), without braces or spaces (constructs/internal/guid.ts). */
const guid = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/)
  .describe("a GUID, e.g. 11111111-1111-1111-1111-111111111111");
const text = z.string();
const scalar = z.union([z.string(), z.number(), z.boolean()]);
const strings = z.array(z.string());

const KIND_SCHEMAS: Record<string, z.ZodType> = { string: text, guid, boolean: z.boolean(), list: strings, mapping: z.record(z.string(), z.unknown()), scalar };

/** One line of help per key, shown by editors. */
const DESCRIPTIONS: Record<string, string> = {
  partnerId:
    "Your Associated Partner ID: a partner location (PLA) ID, digits only, quoted. Partner Center > Account settings > Organization profile > Legal info > Partner > Business locations. Not the PGA ID shown under Identifiers, not a GUID.",
  partnerName: "Your company's name, shown in the principals' display names.",
  customers: "The customer tenants, one entry each.",
  name: "Short name of lower-case letters, digits and dashes; stack names derive from it.",
  tenantId: "The customer's Entra ID tenant (directory) ID.",
  subscriptionId: "The subscription the azurerm provider works in (default: the first subscription among the scopes).",
  scopes: "Scope IDs: /subscriptions/<id>, .../resourceGroups/<name>, a resource ID, or /providers/Microsoft.Management/managementGroups/<id>.",
  roles: "Built-in role names or GUIDs; at least one must be PEC-eligible (default: Reader and Support Request Contributor).",
  credential: "How the customer principal signs in: type federated (github / azureDevOps / issuer+subject), password (lifetime) or none (an existing principal: clientId, objectId, signIn).",
  acknowledge: "Accepted policy findings: rule ID to reason (constructs/checks/RULES.md).",
  access: "customer (default: a customer-side principal and link) or lighthouse (delegation to the managing tenant).",
  approval: "The customer's recorded approval of the link: by, date (YYYY-MM-DD), reference (rule PAL017).",
  by: "Who approved for the customer, e.g. Jane Doe (CIO, Contoso).",
  date: "The day of the approval, YYYY-MM-DD.",
  reference: "Where the approval is kept: ticket, contract clause, e-mail.",
  requireApproval: "Make a customer without approval: an error (PAL017) instead of a warning.",
  maxPasswordLifetime: "The longest a client secret may live, e.g. 720h (PAL004).",
  deleteLinkOnDestroy: "Whether destroying the link stack deletes the link.",
  relink: "Allow re-pointing a principal linked to another partner ID (PAL011).",
  staff: "Staff groups or users in the customer tenant with permanent and PIM-eligible roles.",
  lighthouse: "The managing tenant that access: lighthouse customers delegate to.",
  partner: "The partner tenant side: the pal-bootstrap stack (state storage, CI identities).",
  // Keys whose meaning depends on where they are: "<part>.<key>" wins over "<key>".
  "backend.subscriptionId": "The storage account's subscription, when not the runner's default.",
  "backend.tenantId": "The storage account's tenant, when not the runner's default.",
  "partner.tenantId": "Your (partner) tenant ID.",
  "partner.subscriptionId": "The subscription of the state storage account.",
  "defaults.credential": "The credential of every customer that has none of its own.",
};

type Part = Record<string, z.ZodType>;

/** A closed object of `keys`: each from `structure`, else from the kind in `kinds`; a key with neither throws. */
function part(where: string, keys: readonly string[], kinds: Record<string, string> = {}, structure: Part = {}, required: readonly string[] = []): z.ZodType {
  const shape: Part = {};
  for (const key of keys) {
    let schema = structure[key] ?? (kinds[key] ? KIND_SCHEMAS[kinds[key]] : undefined);
    if (!schema) throw new Error(`manifest-schema.ts: no schema for ${where}.${key}; give it a kind in shapes.ts FIELD_KINDS or a structure here`);
    const description = DESCRIPTIONS[`${where}.${key}`] ?? DESCRIPTIONS[key];
    if (description) schema = schema.describe(description);
    shape[key] = required.includes(key) ? schema : schema.optional();
  }
  return z.strictObject(shape);
}

const github = part("github", MANIFEST_KEYS.github, FIELD_KINDS.github);
const azureDevOps = part("azureDevOps", MANIFEST_KEYS.azureDevOps, FIELD_KINDS.azureDevOps, { serviceConnectionId: guid });
const credential = part("credential", MANIFEST_KEYS.credential, FIELD_KINDS.credential, { github, azureDevOps });
const approval = part("approval", MANIFEST_KEYS.approval, FIELD_KINDS.approval, {}, ["by", "date"]);
const acknowledge = z.record(z.string().regex(/^PAL\d{3}$/), z.string());
const staff = z.array(
  part(
    "staff",
    LIGHTHOUSE_MANIFEST_KEYS.staff,
    { principalId: "guid", displayName: "string", principalType: "string", permanentRoles: "list", eligibleRoles: "list", justification: "string" },
    {
      ticket: part("ticket", LIGHTHOUSE_MANIFEST_KEYS.ticket, { system: "string", number: "scalar" }),
      schedule: part("schedule", LIGHTHOUSE_MANIFEST_KEYS.schedule, { start: "string", duration: "string", end: "string" }),
    },
    ["principalId"],
  ),
);
const partnerId = z.string();

const customer = part("customer", MANIFEST_KEYS.customer, FIELD_KINDS.customer, { partnerId, credential, relink: z.boolean(), acknowledge, access: z.enum(ACCESS_MODELS), staff, approval }, [
  "name",
  "tenantId",
  "scopes",
]);
const defaults = part("defaults", MANIFEST_KEYS.defaults, FIELD_KINDS.defaults, { credential, relink: z.boolean() });
const backend = part("backend", MANIFEST_KEYS.backend, FIELD_KINDS.backend);
const policy = part("policy", MANIFEST_KEYS.policy, FIELD_KINDS.policy);
const partner = part(
  "partner",
  PARTNER_KEYS.partner,
  { tenantId: "guid", subscriptionId: "guid", location: "string" },
  {
    ci: part(
      "partner.ci",
      PARTNER_KEYS.ci,
      {},
      {
        github: part("partner.ci.github", PARTNER_KEYS.github, { repository: "string" }),
        azureDevOps: part("partner.ci.azureDevOps", PARTNER_KEYS.azureDevOps, { organizationId: "guid", automationConnectionId: "guid", planConnectionId: "guid" }),
      },
    ),
  },
);
const principalKinds = { principalId: "guid", displayName: "string", principalType: "string", role: "string", delegatedRoles: "list", maximumActivationDuration: "string", multiFactorAuth: "string" };
const approver = part("approver", LIGHTHOUSE_MANIFEST_KEYS.approver, principalKinds, {}, ["principalId"]);
const lighthouse = part(
  "lighthouse",
  LIGHTHOUSE_MANIFEST_KEYS.lighthouse,
  { managingTenantId: "guid", offerName: "string", description: "string", palRoles: "list", deleteLinkOnDestroy: "boolean" },
  {
    principal: part("lighthouse.principal", LIGHTHOUSE_MANIFEST_KEYS.principal, { displayName: "string", owners: "list" }, { credential }),
    authorizations: z.array(part("authorization", LIGHTHOUSE_MANIFEST_KEYS.authorization, principalKinds, {}, ["principalId", "role"])),
    eligibleAuthorizations: z.array(part("eligibleAuthorization", LIGHTHOUSE_MANIFEST_KEYS.eligibleAuthorization, principalKinds, { approvers: z.array(approver) }, ["principalId", "role"])),
  },
);

/** The manifest (pal.config.yaml) as a zod schema: keys, types and ID forms. */
export const MANIFEST_SCHEMA = part("top", MANIFEST_KEYS.top, FIELD_KINDS.top, { partnerId, customers: z.array(customer), defaults, backend, policy, partner, lighthouse }, ["customers"]);

/** Where the JSON Schema is committed, relative to the package root. */
export const MANIFEST_JSON_SCHEMA_PATH = "schemas/pal-config.schema.json";

/** The JSON Schema (draft-07, which yaml-language-server and VS Code read) of the manifest. */
export function manifestJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(MANIFEST_SCHEMA, { target: "draft-7" }) as Record<string, unknown>;
  return {
    $schema: generated.$schema,
    title: "PAL Kit manifest (pal.config.yaml)",
    description:
      "Generated from stacks/manifest/manifest-schema.ts by npm run generate:schema; do not edit. The kit's validator (npm run validate) is the authority: it also checks what a schema cannot (role names, sign-in forms, policy rules).",
    ...Object.fromEntries(Object.entries(generated).filter(([k]) => k !== "$schema")),
  };
}
