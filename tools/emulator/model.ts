/** The emulator's view of its state: lookups shared by the emulated Entra ID, ARM and Graph. */
import * as crypto from "crypto";
import { RoleCatalog } from "../../constructs/role-catalog";
import { EmulatedLink, EmulatedPrincipal, EmulatedRoleAssignment, EmulatedScheduleInstance, EmulatedTenant, EmulatedUser, EmulatorState } from "./state";
import { TokenClaims, TokenSigner } from "./tokens";

/** A deterministic GUID from text (the emulator's stand-in for server-assigned IDs). */
export function derivedGuid(text: string): string {
  const h = crypto.createHash("sha256").update(text).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A role in the emulator: GUID and name. */
export interface ResolvedRole {
  readonly id: string;
  readonly name: string;
  readonly builtIn: boolean;
}

/** A person's refresh token: who, and the tenants they performed MFA in (interactive sign-ins). */
export interface RefreshGrant {
  readonly signInName: string;
  readonly mfaTenants: Set<string>;
}

export class EmulatorModel {
  public readonly signer = new TokenSigner();
  /** Issued refresh tokens (people only). */
  public readonly refreshTokens = new Map<string, RefreshGrant>();
  /** Issued device codes: code → the person who completes the prompt and the tenant asked for. */
  public readonly deviceCodes = new Map<string, { readonly signInName: string; readonly tenantId: string }>();
  private readonly tenants = new Map<string, EmulatedTenant>();
  /** Every principal's link, by `<tenant>/<object>`: written by PUT/PATCH/DELETE of a link. */
  private readonly links = new Map<string, EmulatedLink>();

  constructor(public readonly state: EmulatorState, private readonly catalog: RoleCatalog = RoleCatalog.default) {
    for (const [id, tenant] of Object.entries(state.tenants)) {
      this.tenants.set(id.toLowerCase(), tenant);
      for (const p of [...(tenant.principals ?? []), ...(tenant.users ?? [])]) if (p.link) this.links.set(`${id}/${p.objectId}`.toLowerCase(), p.link);
    }
  }

  /** Every tenant ID (lower case). */
  public tenantIds(): string[] {
    return [...this.tenants.keys()];
  }

  /** The link of a principal in a tenant, if any. */
  public linkOf(tenantId: string, objectId: string): EmulatedLink | undefined {
    return this.links.get(`${tenantId}/${objectId}`.toLowerCase());
  }

  /** Writes (or with `undefined` deletes) a principal's link. */
  public setLink(tenantId: string, objectId: string, link: EmulatedLink | undefined): void {
    const key = `${tenantId}/${objectId}`.toLowerCase();
    if (link) this.links.set(key, link);
    else this.links.delete(key);
  }

  /** A person's account in a tenant, by sign-in name. */
  public userBySignInName(tenantId: string, signInName: string): EmulatedUser | undefined {
    return (this.tenant(tenantId).users ?? []).find((u) => u.signInName.toLowerCase() === signInName.toLowerCase());
  }

  public userByObjectId(tenantId: string, objectId: string): EmulatedUser | undefined {
    return (this.tenant(tenantId).users ?? []).find((u) => u.objectId.toLowerCase() === objectId.toLowerCase());
  }

  /** The tenant where the person is a member (their home); else the first they are in. */
  public homeTenantOf(signInName: string): string | undefined {
    const ids = this.tenantIds();
    return ids.find((t) => this.userBySignInName(t, signInName)?.kind === "member") ?? ids.find((t) => this.userBySignInName(t, signInName));
  }

  /** An access token for a person's account in a tenant. */
  public issueUserToken(tenantId: string, user: EmulatedUser, audience: string, clientId: string): string {
    const now = Math.floor(Date.now() / 1000);
    const tid = tenantId.toLowerCase();
    const home = user.kind === "foreign" ? user.homeTenantId : this.homeTenantOf(user.signInName);
    const claims: TokenClaims = {
      tid,
      oid: user.objectId.toLowerCase(),
      appid: clientId.toLowerCase(),
      aud: audience,
      iat: now,
      exp: now + 3600,
      iss: `https://sts.windows.net/${tid}/`,
      idtyp: "user",
      upn: user.signInName,
      acct: user.kind === "member" ? 0 : 1,
      ...(user.kind !== "member" && home ? { idp: `https://sts.windows.net/${home.toLowerCase()}/` } : {}),
    };
    return this.signer.sign(claims);
  }

  /** The groups a principal is in (people only; service principals here are in none). */
  public groupsOf(tenantId: string, objectId: string): string[] {
    return (this.userByObjectId(tenantId, objectId)?.memberOf ?? []).map((g) => g.toLowerCase());
  }

  public hasTenant(tenantId: string): boolean {
    return this.tenants.has(tenantId.toLowerCase());
  }

  public tenant(tenantId: string): EmulatedTenant {
    return this.tenants.get(tenantId.toLowerCase()) ?? {};
  }

  public principalByAppId(tenantId: string, appId: string): EmulatedPrincipal | undefined {
    return (this.tenant(tenantId).principals ?? []).find((p) => p.appId.toLowerCase() === appId.toLowerCase());
  }

  public principalByObjectId(tenantId: string, objectId: string): EmulatedPrincipal | undefined {
    return (this.tenant(tenantId).principals ?? []).find((p) => p.objectId.toLowerCase() === objectId.toLowerCase());
  }

  /** Whether an object (service principal, member or guest; not a foreign principal) exists in the tenant. */
  public hasObject(tenantId: string, objectId: string): boolean {
    const user = this.userByObjectId(tenantId, objectId);
    return this.principalByObjectId(tenantId, objectId) !== undefined || (user !== undefined && user.kind !== "foreign");
  }

  public applicationObjectId(p: EmulatedPrincipal): string {
    return (p.applicationObjectId ?? derivedGuid(`application/${p.appId}`)).toLowerCase();
  }

  public issueToken(tenantId: string, principal: EmulatedPrincipal, audience: string): string {
    const now = Math.floor(Date.now() / 1000);
    const claims: TokenClaims = { tid: tenantId.toLowerCase(), oid: principal.objectId.toLowerCase(), appid: principal.appId.toLowerCase(), aud: audience, iat: now, exp: now + 3600, iss: `https://sts.windows.net/${tenantId.toLowerCase()}/`, idtyp: "app" };
    return this.signer.sign(claims);
  }

  /** The caller of an ARM or Graph request, from its bearer token. */
  public caller(authorization: string | undefined): TokenClaims | undefined {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
    return m ? this.signer.verify(m[1]) : undefined;
  }

  /** A role by name or GUID: built-in from the kit's catalog, or a tenant's custom role. */
  public role(tenantId: string, nameOrId: string): ResolvedRole {
    const builtIn = this.catalog.find(nameOrId);
    if (builtIn) return { id: builtIn.id, name: builtIn.name, builtIn: true };
    const custom = (this.tenant(tenantId).roleDefinitions ?? []).find((d) => d.id.toLowerCase() === nameOrId.toLowerCase() || d.roleName.toLowerCase() === nameOrId.toLowerCase());
    if (custom) return { id: custom.id.toLowerCase(), name: custom.roleName, builtIn: false };
    if (/^[0-9a-f-]{36}$/i.test(nameOrId)) return { id: nameOrId.toLowerCase(), name: nameOrId, builtIn: false };
    throw new Error(`emulator state, tenant ${tenantId}: unknown role "${nameOrId}" (use a built-in role name, a GUID, or list it under roleDefinitions)`);
  }

  public assignments(tenantId: string): readonly EmulatedRoleAssignment[] {
    return this.tenant(tenantId).roleAssignments ?? [];
  }

  public scheduleInstances(tenantId: string): readonly EmulatedScheduleInstance[] {
    return this.tenant(tenantId).scheduleInstances ?? [];
  }
}

/** Whether `inner` is `outer` or below it (ARM scopes are paths; management groups hold subscriptions we cannot see here). */
export function scopeContains(outer: string, inner: string): boolean {
  const o = outer.toLowerCase().replace(/\/+$/, "");
  const i = inner.toLowerCase().replace(/\/+$/, "");
  return o === "" || i === o || i.startsWith(`${o}/`);
}
