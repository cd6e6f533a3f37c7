/**
 * Azure built-in roles by name and GUID, with their partner earned credit (PEC) eligibility.
 *
 * Data: `constructs/data/pec-roles.json`, a copy of `shared/reference/pec-roles.json` (Partner
 * Center "Roles and permissions required to receive partner earned credit", GUIDs verified
 * against Microsoft's built-in roles documentation; see the file's `_provenance`).
 * Rule encoded (PAL-RULES.md §3): recognition needs at least one PEC-eligible role; Reader is
 * not eligible; Support Request Contributor is, and is the least privileged eligible role.
 */
import { isGuid } from "./internal/guid";
import { didYouMean } from "./internal/suggest";
import data from "./data/pec-roles.json";

/** One built-in role as the catalog knows it. */
export interface BuiltInRole {
  /** The built-in role name as Azure spells it, e.g. "Support Request Contributor". */
  readonly name: string;
  /** The role definition GUID, lower case, e.g. "cfd33db0-3dd1-45e3-aa9d-cdbdf3b6f24e". */
  readonly id: string;
  /**
   * Whether assignments of this role earn partner earned credit: `true` / `false` as in the
   * Partner Center table, `undefined` when the table does not list the role (eligibility unknown).
   */
  readonly pecEligible: boolean | undefined;
  /** The name the PEC table uses when it differs from the built-in name. */
  readonly pecTableName?: string;
  /** Whether Azure Lighthouse accepts the role in an authorization, as computed in the source data. */
  readonly lighthouseAssignable?: string;
}

/** Reader: sees everything, earns nothing on its own (not PEC-eligible). */
export const READER_ROLE_ID = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
/** Support Request Contributor: opens support tickets; the least privileged PEC-eligible role. */
export const SUPPORT_REQUEST_CONTRIBUTOR_ROLE_ID = "cfd33db0-3dd1-45e3-aa9d-cdbdf3b6f24e";

/** A lookup of built-in roles by name (case-insensitive) or GUID. */
export class RoleCatalog {
  /** The catalog shipped with the kit. */
  public static get default(): RoleCatalog {
    if (!RoleCatalog.shipped) {
      RoleCatalog.shipped = new RoleCatalog(
        data.roles.map((r) => ({
          name: r.name,
          id: r.id.toLowerCase(),
          pecEligible: r.pecEligible === null ? undefined : r.pecEligible,
          ...("pecTableName" in r && r.pecTableName ? { pecTableName: r.pecTableName } : {}),
          ...(r.lighthouseAssignable ? { lighthouseAssignable: r.lighthouseAssignable } : {}),
        })),
      );
    }
    return RoleCatalog.shipped;
  }

  private static shipped: RoleCatalog | undefined;

  /** Every role in the catalog, in the order of the source table. */
  public readonly roles: readonly BuiltInRole[];
  private readonly byId = new Map<string, BuiltInRole>();
  private readonly byName = new Map<string, BuiltInRole>();

  constructor(roles: readonly BuiltInRole[]) {
    this.roles = roles;
    for (const role of roles) {
      if (this.byId.has(role.id)) throw new Error(`RoleCatalog: role GUID ${role.id} is listed twice`);
      this.byId.set(role.id, role);
      for (const name of [role.name, role.pecTableName]) {
        if (name) this.byName.set(name.toLowerCase(), role);
      }
    }
  }

  /** The role with this built-in name (any case), PEC-table name or GUID; `undefined` if unknown. */
  public find(nameOrId: string): BuiltInRole | undefined {
    const key = nameOrId.trim().toLowerCase();
    return isGuid(key) ? this.byId.get(key) : this.byName.get(key);
  }

  /**
   * The role with this name or GUID. Throws an error naming the closest known roles when the
   * name is unknown, and saying the GUID is not a built-in role the kit knows when it is a GUID.
   */
  public get(nameOrId: string): BuiltInRole {
    const role = this.find(nameOrId);
    if (role) return role;
    throw new Error(this.describeUnknown(nameOrId));
  }

  /** A role given by name or GUID ({@link get}), or already resolved. */
  public resolve(role: string | BuiltInRole): BuiltInRole {
    return typeof role === "string" ? this.get(role) : role;
  }

  /** The message {@link get} throws for an unknown role: what was asked for and what is close. */
  public describeUnknown(nameOrId: string): string {
    if (isGuid(nameOrId.trim())) {
      return (
        `role GUID ${nameOrId} is not a built-in role in the kit's catalog (constructs/data/pec-roles.json). ` +
        "Use a built-in role name or GUID from that file; its PEC eligibility must be known to count toward recognition"
      );
    }
    return `unknown role "${nameOrId}".${didYouMean(nameOrId, this.roles.map((r) => r.name))} Role names are Azure built-in role names, e.g. "Support Request Contributor"`;
  }

  /** The roles a new customer gets when nothing else is said: Reader + Support Request Contributor. */
  public get recommendedDefaults(): readonly BuiltInRole[] {
    return data.recommendedDefaults.map((name) => this.get(name));
  }
}
