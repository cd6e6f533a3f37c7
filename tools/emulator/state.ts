/**
 * The emulator's state file: what the emulated Entra ID, ARM and Microsoft Graph know.
 *
 * Shape (JSON; documented in README.md, "Is it working?" → "The emulator's state file"):
 * ```
 * { "tenants": { "<tenant-id>": { "principals": [...], "roleAssignments": [...],
 *                                 "scheduleInstances": [...], "roleDefinitions": [...] } },
 *   "failures": [...] }
 * ```
 * Everything is keyed by tenant, and every principal carries its own credentials and its own
 * link, because that is how Azure holds them: a Partner Admin Link belongs to one principal in one
 * tenant (PAL-RULES.md §1). People (members, guests, foreign principals) are a tenant's `users`,
 * one entry per tenant, with their own object ID and link there; `interactiveSignIn` says who
 * completes device-code prompts (staff linking, staff/).
 */
import * as fs from "fs";

/** A client secret on the principal's application. */
export interface EmulatedSecret {
  /** The secret value the token endpoint accepts (never returned by Graph, as in Entra ID). */
  readonly secret: string;
  /** When it stops working (ISO 8601). */
  readonly endDateTime: string;
  /** Graph `keyId`; derived when absent. */
  readonly keyId?: string;
  /** Graph `displayName`. */
  readonly displayName?: string;
}

/** A federated identity credential on the principal's application. */
export interface EmulatedFederatedCredential {
  /** Graph `name`. */
  readonly name?: string;
  /** The token issuer, e.g. https://token.actions.githubusercontent.com. */
  readonly issuer: string;
  /** The subject the incoming token must carry. */
  readonly subject: string;
  /** @default ["api://AzureADTokenExchange"] */
  readonly audiences?: readonly string[];
}

/** The principal's Partner Admin Link. */
export interface EmulatedLink {
  readonly partnerId: string;
  /** @default "Contoso MSP" style name "Partner <id>" */
  readonly partnerName?: string;
  /** @default "Active" */
  readonly state?: "Active" | "Deleted";
  /** @default "2026-01-01T00:00:00Z" */
  readonly updatedTime?: string;
  /** @default updatedTime */
  readonly createdTime?: string;
  /** @default 1 */
  readonly version?: number;
}

/** A service principal (and its application) in one tenant. */
export interface EmulatedPrincipal {
  /** `servicePrincipal` (the default). Reserved for more kinds (`user`, `guest`). */
  readonly kind?: "servicePrincipal";
  /** The service principal's object ID. */
  readonly objectId: string;
  /** The application (client) ID. */
  readonly appId: string;
  /** The application object's ID; derived when absent. */
  readonly applicationObjectId?: string;
  readonly displayName?: string;
  /** @default "Application" */
  readonly servicePrincipalType?: "Application" | "ManagedIdentity" | "Legacy" | "SocialIdp";
  /** @default true */
  readonly accountEnabled?: boolean;
  /** Client secrets. */
  readonly passwordCredentials?: readonly EmulatedSecret[];
  /** Federated identity credentials. */
  readonly federatedIdentityCredentials?: readonly EmulatedFederatedCredential[];
  /** Its Partner Admin Link, if any. */
  readonly link?: EmulatedLink;
}

/**
 * A person's account in one tenant: a member user, a B2B guest, or a foreign principal (a CSP
 * admin-on-behalf-of / GDAP technician, who signs in to the tenant but has no object in it).
 * One person in 30 tenants is 30 entries, one per tenant, with the same `signInName` and (for
 * guests) a different `objectId` in each, each with its own link (PAL-RULES.md §1).
 */
export interface EmulatedUser {
  /** `member` (the tenant's own user), `guest` (B2B), `foreign` (CSP AOBO/GDAP: no object here). */
  readonly kind: "member" | "guest" | "foreign";
  /** The object ID in this tenant (for `foreign`: the object ID in the partner's tenant). */
  readonly objectId: string;
  /** The account the person signs in with, e.g. alice@contoso-msp.com: the same person in every tenant. */
  readonly signInName: string;
  readonly displayName?: string;
  /** For `foreign`: the partner tenant the account lives in. */
  readonly homeTenantId?: string;
  /** Object IDs of the groups it is a member of (role assignments to them are inherited). */
  readonly memberOf?: readonly string[];
  /** Its Partner Admin Link, if any. */
  readonly link?: EmulatedLink;
}

/** A role assignment: active (`assigned`) or PIM-eligible (`eligible`). */
export interface EmulatedRoleAssignment {
  /** The scope: /subscriptions/…, …/resourceGroups/…, a resource ID or /providers/Microsoft.Management/managementGroups/…. */
  readonly scope: string;
  /** Built-in role name (as in constructs/data/pec-roles.json) or role definition GUID. */
  readonly role: string;
  readonly principalId: string;
  /** @default "assigned" */
  readonly type?: "assigned" | "eligible";
  /** @default "ServicePrincipal" */
  readonly principalType?: "ServicePrincipal" | "User" | "Group" | "ForeignGroup" | "Device";
  /** The assignment's GUID name; derived when absent. */
  readonly name?: string;
}

/** A PIM activation window of an eligible assignment (a `roleAssignmentScheduleInstance` of type Activated). */
export interface EmulatedScheduleInstance {
  readonly scope: string;
  readonly role: string;
  readonly principalId: string;
  /** ISO 8601. */
  readonly start: string;
  /** ISO 8601. */
  readonly end: string;
  /**
   * Listed only as an activation request, not as a schedule instance (an activation whose instance
   * Azure no longer lists). @default false
   */
  readonly requestOnly?: boolean;
}

/** A custom role definition (built-in ones come from the kit's role catalog). */
export interface EmulatedRoleDefinition {
  /** GUID. */
  readonly id: string;
  readonly roleName: string;
}

/** One tenant. */
export interface EmulatedTenant {
  /** The directory's name (`GET /tenants` displayName). @default "Tenant <id>" */
  readonly displayName?: string;
  /** The directory's default domain (`GET /tenants`). @default "<id prefix>.onmicrosoft.com" */
  readonly defaultDomain?: string;
  /**
   * Whether the tenant demands MFA performed in it: a token for it from a sign-in elsewhere
   * (refresh token) fails with AADSTS50076 until the person signs in to this tenant directly.
   * @default false
   */
  readonly requireMfa?: boolean;
  /** People's accounts (members, guests, foreign principals). */
  readonly users?: readonly EmulatedUser[];
  readonly principals?: readonly EmulatedPrincipal[];
  readonly roleAssignments?: readonly EmulatedRoleAssignment[];
  readonly scheduleInstances?: readonly EmulatedScheduleInstance[];
  readonly roleDefinitions?: readonly EmulatedRoleDefinition[];
}

/** A failure to inject: the first `times` requests that match get this response instead. */
export interface EmulatedFailure {
  /** Which service: `entra` (token endpoint), `arm`, `graph`. */
  readonly service: "entra" | "arm" | "graph";
  /** Only requests for this tenant (the token's `tid`, or the tenant in the token URL). */
  readonly tenantId?: string;
  /** Only requests whose path contains this text (case-insensitive). */
  readonly pathContains?: string;
  /** HTTP status, e.g. 429 or 500. */
  readonly status: number;
  /** Seconds, sent as `Retry-After` (and as `retry-after-ms` when below one second). */
  readonly retryAfter?: number;
  /** How many matching requests fail. @default every one */
  readonly times?: number;
  /** Error code in the body (ARM/Graph `error.code`; for Entra an `AADSTS…` code). */
  readonly code?: string;
  readonly message?: string;
}

/** The whole state file. */
export interface EmulatorState {
  readonly tenants: Readonly<Record<string, EmulatedTenant>>;
  readonly failures?: readonly EmulatedFailure[];
  /**
   * Who completes a device-code (or browser) sign-in prompt: the `signInName` of a person in
   * `users`. The emulator approves the code at once, as that person.
   */
  readonly interactiveSignIn?: { readonly signInName: string };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads and checks a state file; throws naming the file and every problem. */
export function loadEmulatorState(file: string): EmulatorState {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`emulator state ${file}: ${(err as Error).message}`, { cause: err });
  }
  return checkEmulatorState(raw, file);
}

/** Checks a state object's shape; throws naming every problem. */
export function checkEmulatorState(raw: unknown, source = "state"): EmulatorState {
  const problems: string[] = [];
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  if (!isObject(raw) || !isObject(raw.tenants)) {
    throw new Error(`emulator ${source}: expected an object with "tenants": { "<tenant-id>": {...} }`);
  }
  for (const [tenantId, tenant] of Object.entries(raw.tenants)) {
    const at = `tenants["${tenantId}"]`;
    if (!GUID.test(tenantId)) problems.push(`${at}: the key must be a tenant GUID`);
    if (!isObject(tenant)) {
      problems.push(`${at}: expected an object`);
      continue;
    }
    const principals = (tenant.principals ?? []) as unknown[];
    if (!Array.isArray(principals)) problems.push(`${at}.principals: expected a list`);
    else
      principals.forEach((p, i) => {
        if (!isObject(p) || typeof p.objectId !== "string" || !GUID.test(p.objectId) || typeof p.appId !== "string" || !GUID.test(p.appId)) {
          problems.push(`${at}.principals[${i}]: needs "objectId" and "appId" GUIDs`);
        }
      });
    const users = (tenant.users ?? []) as unknown[];
    if (!Array.isArray(users)) problems.push(`${at}.users: expected a list`);
    else
      users.forEach((u, i) => {
        if (!isObject(u) || !["member", "guest", "foreign"].includes(String(u.kind)) || typeof u.objectId !== "string" || !GUID.test(u.objectId) || typeof u.signInName !== "string") {
          problems.push(`${at}.users[${i}]: needs "kind" (member, guest or foreign), an "objectId" GUID and a "signInName"`);
        }
      });
    for (const list of ["roleAssignments", "scheduleInstances"] as const) {
      const items = (tenant[list] ?? []) as unknown[];
      if (!Array.isArray(items)) problems.push(`${at}.${list}: expected a list`);
      else
        items.forEach((a, i) => {
          if (!isObject(a) || typeof a.scope !== "string" || !a.scope.startsWith("/") || typeof a.role !== "string" || typeof a.principalId !== "string") {
            problems.push(`${at}.${list}[${i}]: needs "scope" (starting with /), "role" and "principalId"`);
          } else if (list === "scheduleInstances" && (Number.isNaN(Date.parse(String(a.start))) || Number.isNaN(Date.parse(String(a.end))))) {
            problems.push(`${at}.${list}[${i}]: needs ISO 8601 "start" and "end"`);
          }
        });
    }
  }
  ((raw.failures ?? []) as unknown[]).forEach((f, i) => {
    if (!isObject(f) || !["entra", "arm", "graph"].includes(String(f.service)) || typeof f.status !== "number") {
      problems.push(`failures[${i}]: needs "service" (entra, arm or graph) and a numeric "status"`);
    }
  });
  if (problems.length > 0) throw new Error(`emulator ${source}:\n  - ${problems.join("\n  - ")}`);
  return raw as unknown as EmulatorState;
}
