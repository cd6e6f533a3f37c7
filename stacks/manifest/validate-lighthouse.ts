/**
 * The manifest's Azure Lighthouse and PIM parts: the top-level `lighthouse:` block, customers with
 * `access: lighthouse`, and customer-side `staff:` entries. Every problem is reported with its
 * place, through the tools of the main validator (validate-manifest.ts), and checking carries on.
 * What an authorization may hold is decided by constructs/lighthouse-authorization.ts (the rules
 * PAL020-PAL026 reuse the same checks at synthesis); here those problems are located.
 */
import {
  LighthouseApprover,
  LighthouseAuthorization,
  LighthouseEligibleAuthorization,
  LighthousePrincipalType,
  activationProblems,
  portalElevationProblem,
  approverProblems,
  eligibleAuthorizationProblems,
  resolveAuthorization,
  resolveEligibleAuthorization,
  unsupportedRoleProblem,
  userAccessAdministratorProblems,
} from "../../constructs/lighthouse-authorization";
import { RULE_IDS } from "../../constructs/checks/rule-ids";
import { parseHours } from "../../constructs/internal/duration";
import { didYouMean } from "../../constructs/internal/suggest";
import { PimSchedule } from "../../constructs/pim-eligible-role-assignments";
import { RoleCatalog, SUPPORT_REQUEST_CONTRIBUTOR_ROLE_ID } from "../../constructs/role-catalog";
import { RoleScope } from "../../constructs/role-scope";
import type { Acknowledgement, CredentialSpec } from "../fleet-spec";
import { LighthouseCustomerSpec, LighthouseSpec, MANAGING_TENANT_NAME, StaffSpec } from "../lighthouse-spec";
import { ManifestPath } from "./manifest-error";
import { parseApproval } from "./approval";


/** The keys of the Lighthouse and PIM parts of the manifest. */
export const LIGHTHOUSE_MANIFEST_KEYS = {
  lighthouse: ["managingTenantId", "offerName", "description", "principal", "palRoles", "authorizations", "eligibleAuthorizations", "deleteLinkOnDestroy"],
  principal: ["credential", "displayName", "owners"],
  authorization: ["principalId", "displayName", "principalType", "role", "delegatedRoles"],
  eligibleAuthorization: ["principalId", "displayName", "principalType", "role", "maximumActivationDuration", "multiFactorAuth", "approvers"],
  approver: ["principalId", "displayName", "principalType"],
  lighthouseCustomer: ["name", "access", "tenantId", "subscriptionId", "scopes", "acknowledge", "approval"],
  staff: ["principalId", "displayName", "principalType", "permanentRoles", "eligibleRoles", "justification", "ticket", "schedule"],
  ticket: ["system", "number"],
  schedule: ["start", "duration", "end"],
} as const;

/** Keys of a customer-side customer that a Lighthouse customer does not have. */
const CUSTOMER_SIDE_KEYS: readonly string[] = ["credential", "roles", "owners", "displayName", "deleteLinkOnDestroy", "partnerId", "partnerName", "staff"];

/** The access models of a customer. */
export const ACCESS_MODELS = ["customer", "lighthouse"] as const;

type Mapping = Record<string, unknown>;

/** What the main validator lends: reporting and the shared value checks. */
export interface ManifestTools {
  report(path: ManifestPath, message: string, atKey?: boolean): void;
  problemCount(): number;
  mapping(value: unknown, path: ManifestPath, what: string): Mapping | undefined;
  unknownKeys(obj: Mapping, allowed: readonly string[], path: ManifestPath, where: string): void;
  string(obj: Mapping, key: string, path: ManifestPath, required: string | false): string | undefined;
  guid(obj: Mapping, key: string, path: ManifestPath, required: string | false, what: string): string | undefined;
  boolean(obj: Mapping, key: string, path: ManifestPath): boolean | undefined;
  list(obj: Mapping, key: string, path: ManifestPath): unknown[] | undefined;
  owners(obj: Mapping, path: ManifestPath): string[] | undefined;
  credential(raw: unknown, path: ManifestPath, customerName: string): CredentialSpec | undefined;
  acknowledgements(obj: Mapping, path: ManifestPath): Acknowledgement[] | undefined;
  /** An optional `displayName`, checked like a customer's. */
  displayName(obj: Mapping, path: ManifestPath): string | undefined;
  catalog(): RoleCatalog;
}

/** True when a raw customer asks for Lighthouse access (the only question the main loop asks). */
export function isLighthouseCustomer(raw: unknown): boolean {
  return raw !== null && typeof raw === "object" && !Array.isArray(raw) && (raw as Mapping).access === "lighthouse";
}

const PRINCIPAL_TYPES: Record<string, LighthousePrincipalType> = { group: "Group", user: "User", serviceprincipal: "ServicePrincipal" };

/** Validates the Lighthouse and PIM parts of one manifest. */
export class LighthouseManifest {
  /** The Lighthouse customers validated so far, in manifest order. */
  public readonly customers: LighthouseCustomerSpec[] = [];
  private block?: Omit<LighthouseSpec, "customers" | "partnerId" | "partnerName">;
  private blockInvalid = false;

  constructor(private readonly t: ManifestTools) {}

  /** Validates the top-level `lighthouse:` block (absent: nothing to do). */
  public top(raw: unknown, partnerName: string | undefined, partnerId: string | undefined, defaultCredential?: unknown): void {
    if (raw === undefined || raw === null) return;
    const path = ["lighthouse"];
    const obj = this.t.mapping(raw, path, "lighthouse");
    if (!obj) {
      this.blockInvalid = true;
      return;
    }
    const before = this.t.problemCount();
    this.t.unknownKeys(obj, LIGHTHOUSE_MANIFEST_KEYS.lighthouse, path, "lighthouse");
    const managingTenantId = this.t.guid(obj, "managingTenantId", path, "add the managing (partner) tenant's ID: where the PAL principal and your staff live", "managing tenant's Entra ID tenant ID");
    const offerName = this.t.string(obj, "offerName", path, false) ?? `${partnerName ?? partnerId ?? "Partner"} managed services`;
    const description = this.t.string(obj, "description", path, false);
    const deleteLinkOnDestroy = this.t.boolean(obj, "deleteLinkOnDestroy", path) ?? false;

    let credential: CredentialSpec | undefined;
    let displayName: string | undefined;
    let owners: string[] | undefined = [];
    const principalPath = [...path, "principal"];
    if (obj.principal === undefined && defaultCredential === undefined) {
      this.t.report(path, "principal is missing: describe the PAL principal created once in the managing tenant, e.g. principal: { credential: { type: federated, github: {...} } }");
    } else if (obj.principal === undefined) {
      credential = this.t.credential(defaultCredential, ["defaults", "credential"], MANAGING_TENANT_NAME);
    } else {
      const principal = this.t.mapping(obj.principal, principalPath, "lighthouse.principal");
      if (principal) {
        this.t.unknownKeys(principal, LIGHTHOUSE_MANIFEST_KEYS.principal, principalPath, "lighthouse.principal");
        displayName = this.t.displayName(principal, principalPath);
        owners = principal.owners === undefined ? [] : this.t.owners(principal, principalPath);
        if (principal.credential !== undefined) {
          credential = this.t.credential(principal.credential, [...principalPath, "credential"], MANAGING_TENANT_NAME);
        } else if (defaultCredential !== undefined) {
          // As for customers: defaults.credential, with {customer} = managing-tenant (its problems are reported there).
          credential = this.t.credential(defaultCredential, ["defaults", "credential"], MANAGING_TENANT_NAME);
        } else {
          this.t.report(principalPath, "credential is missing: the managing-tenant PAL principal needs the credential its link stage signs in with (type federated, password or none), here or in defaults.credential");
        }
      }
    }

    const palRoles = obj.palRoles === undefined ? [this.t.catalog().get(SUPPORT_REQUEST_CONTRIBUTOR_ROLE_ID).name] : this.roles(obj, path, "palRoles");
    if (palRoles) {
      const roles = palRoles.map((r) => this.t.catalog().get(r));
      if (!roles.some((r) => r.pecEligible === true)) {
        this.t.report([...path, "palRoles"], `${RULE_IDS.lighthouseNoPermanentPecRole}: palRoles (${palRoles.join(", ")}) hold no PEC-eligible role, so no delegation earns recognition; include Support Request Contributor`);
      }
      roles.forEach((role, i) => {
        const problem = unsupportedRoleProblem(role);
        if (problem) this.t.report([...path, "palRoles", i], `${RULE_IDS.lighthouseUnsupportedRole}: ${problem}`);
      });
    }
    const authorizations = this.authorizations(obj, path);
    const eligibleAuthorizations = this.eligibleAuthorizations(obj, path, authorizations);

    if (this.t.problemCount() > before || !managingTenantId || !credential || !palRoles || !owners || !authorizations || !eligibleAuthorizations) {
      this.blockInvalid = true;
      return;
    }
    this.block = {
      managingTenantId,
      offerName,
      ...(description ? { description } : {}),
      credential,
      ...(displayName ? { displayName } : {}),
      owners,
      palRoles,
      authorizations,
      eligibleAuthorizations,
      deleteLinkOnDestroy,
    };
  }

  private principalType(obj: Mapping, path: ManifestPath, allowed: readonly LighthousePrincipalType[]): LighthousePrincipalType | undefined {
    const value = obj.principalType;
    if (value === undefined) return "Group";
    const found = typeof value === "string" ? PRINCIPAL_TYPES[value.toLowerCase()] : undefined;
    if (!found || !allowed.includes(found)) {
      const names = allowed.map((a) => a.charAt(0).toLowerCase() + a.slice(1));
      this.t.report([...path, "principalType"], `principalType ${JSON.stringify(value)} is not one of ${names.join(", ")} (default group)`);
      return undefined;
    }
    return found;
  }

  /** A list of built-in roles under `key`: names or GUIDs, each once; returns the built-in names. */
  private roles(obj: Mapping, path: ManifestPath, key: string): string[] | undefined {
    const items = this.t.list(obj, key, path);
    if (!items) return undefined;
    if (items.length === 0 && key !== "eligibleRoles" && key !== "delegatedRoles") {
      this.t.report([...path, key], `${key} is empty: leave it out for the default, or list at least one built-in role`);
      return undefined;
    }
    const out: string[] = [];
    let ok = true;
    items.forEach((item, i) => {
      const role = typeof item === "string" ? this.t.catalog().find(item) : undefined;
      if (!role) {
        this.t.report([...path, key, i], typeof item === "string" ? this.t.catalog().describeUnknown(item) : `a role must be a built-in role name or GUID string`);
        return void (ok = false);
      }
      if (out.includes(role.name)) {
        this.t.report([...path, key, i], `role "${String(item)}" is listed twice; remove one`);
        return void (ok = false);
      }
      out.push(role.name);
    });
    return ok ? out : undefined;
  }

  private role(obj: Mapping, path: ManifestPath): string | undefined {
    const text = this.t.string(obj, "role", path, "name the built-in role, e.g. role: Contributor");
    if (text === undefined) return undefined;
    const role = this.t.catalog().find(text);
    if (!role) {
      this.t.report([...path, "role"], `${this.t.catalog().describeUnknown(text)}. Lighthouse accepts built-in roles only, no custom roles`);
      return undefined;
    }
    return role.name;
  }

  /** Each mapping of the optional list `obj[key]`, its keys checked, parsed by `parse` (given the problem count before the item); undefined when any item has a problem. */
  private mappings<T>(obj: Mapping, key: string, path: ManifestPath, keys: readonly string[], parse: (item: Mapping, at: ManifestPath, problemsBefore: number) => T | undefined): T[] | undefined {
    const items = this.t.list(obj, key, path);
    if (obj[key] !== undefined && !items) return undefined;
    const out: T[] = [];
    let ok = true;
    (items ?? []).forEach((item, i) => {
      const at = [...path, key, i];
      const m = this.t.mapping(item, at, `${key}[${i}]`);
      if (!m) return void (ok = false);
      const before = this.t.problemCount();
      this.t.unknownKeys(m, keys, at, `${key}[${i}]`);
      const parsed = parse(m, at, before);
      if (parsed === undefined || this.t.problemCount() > before) return void (ok = false);
      out.push(parsed);
    });
    return ok ? out : undefined;
  }

  private authorizations(obj: Mapping, path: ManifestPath): LighthouseAuthorization[] | undefined {
    return this.mappings(obj, "authorizations", path, LIGHTHOUSE_MANIFEST_KEYS.authorization, (a, at, before) => {
      const principalId = this.t.guid(a, "principalId", at, "give the object ID of the group, user or service principal in the managing tenant", "object ID of a principal in the managing tenant");
      const principalDisplayName = this.t.string(a, "displayName", at, false);
      const principalType = this.principalType(a, at, ["Group", "User", "ServicePrincipal"]);
      const role = this.role(a, at);
      const delegatedRoles = a.delegatedRoles === undefined ? [] : this.roles(a, at, "delegatedRoles");
      if (this.t.problemCount() > before || !principalId || !principalType || !role || !delegatedRoles) return undefined;
      const spec: LighthouseAuthorization = { principalId, ...(principalDisplayName ? { principalDisplayName } : {}), principalType, role, ...(delegatedRoles.length > 0 ? { delegatedRoles } : {}) };
      const resolved = resolveAuthorization(spec, this.t.catalog());
      const unsupported = unsupportedRoleProblem(resolved.role);
      if (unsupported) this.t.report([...at, "role"], `${RULE_IDS.lighthouseUnsupportedRole}: ${unsupported}`);
      for (const p of userAccessAdministratorProblems(resolved)) this.t.report(at, `${RULE_IDS.lighthouseUserAccessAdministrator}: ${p}`);
      return spec;
    });
  }

  private eligibleAuthorizations(obj: Mapping, path: ManifestPath, permanent: readonly LighthouseAuthorization[] | undefined): LighthouseEligibleAuthorization[] | undefined {
    return this.mappings(obj, "eligibleAuthorizations", path, LIGHTHOUSE_MANIFEST_KEYS.eligibleAuthorization, (e, at, before) => {
      const principalId = this.t.guid(e, "principalId", at, "give the object ID of the group or user in the managing tenant", "object ID of a group or user in the managing tenant");
      const principalDisplayName = this.t.string(e, "displayName", at, false);
      const principalType = this.principalType(e, at, ["Group", "User", "ServicePrincipal"]);
      const role = this.role(e, at);
      const maximumActivationDuration = this.t.string(e, "maximumActivationDuration", at, false);
      const mfa = this.t.string(e, "multiFactorAuth", at, false);
      if (mfa !== undefined && mfa !== "Azure" && mfa !== "None") {
        this.t.report([...at, "multiFactorAuth"], `${RULE_IDS.lighthouseActivation}: multiFactorAuth "${mfa}" is not Azure (require MFA, the default) or None.${didYouMean(mfa, ["Azure", "None"])}`);
      }
      const approvers = this.approvers(e, at);
      if (this.t.problemCount() > before || !principalId || !principalType || !role || !approvers) return undefined;
      const spec: LighthouseEligibleAuthorization = {
        principalId,
        ...(principalDisplayName ? { principalDisplayName } : {}),
        principalType,
        role,
        justInTime: {
          ...(maximumActivationDuration ? { maximumActivationDuration } : {}),
          ...(mfa ? { multiFactorAuthProvider: mfa as "Azure" | "None" } : {}),
          ...(approvers.length > 0 ? { approvers } : {}),
        },
      };
      const resolved = resolveEligibleAuthorization(spec, this.t.catalog());
      const unsupported = unsupportedRoleProblem(resolved.role);
      if (unsupported) this.t.report([...at, "role"], `${RULE_IDS.lighthouseUnsupportedRole}: ${unsupported}`);
      for (const p of eligibleAuthorizationProblems(resolved)) this.t.report(at, `${RULE_IDS.lighthouseEligibleAuthorization}: ${p}`);
      for (const p of approverProblems(resolved)) this.t.report([...at, "approvers"], `${RULE_IDS.lighthouseApprovers}: ${p}`);
      for (const p of activationProblems(resolved)) this.t.report([...at, "maximumActivationDuration"], `${RULE_IDS.lighthouseActivation}: ${p}`);
      const unreachable = permanent && resolved.principalType !== "ServicePrincipal" ? portalElevationProblem(resolved, permanent) : undefined;
      if (unreachable) this.t.report([...at, "principalId"], `${RULE_IDS.lighthouseActivation}: ${unreachable} (lighthouse.authorizations)`);
      return spec;
    });
  }

  private approvers(obj: Mapping, path: ManifestPath): LighthouseApprover[] | undefined {
    return this.mappings(obj, "approvers", path, LIGHTHOUSE_MANIFEST_KEYS.approver, (a, at) => {
      const principalId = this.t.guid(a, "principalId", at, "give the object ID of the approving group or user in the managing tenant", "object ID of an approver in the managing tenant");
      const principalDisplayName = this.t.string(a, "displayName", at, false);
      const principalType = this.principalType(a, at, ["Group", "User", "ServicePrincipal"]);
      if (!principalId || !principalType) return undefined;
      return { principalId, ...(principalDisplayName ? { principalDisplayName } : {}), principalType };
    });
  }

  /** Validates one `access: lighthouse` customer. */
  public customer(obj: Mapping, index: number, name: string | undefined): void {
    const path: ManifestPath = ["customers", index];
    const before = this.t.problemCount();
    for (const key of Object.keys(obj)) {
      if (!(LIGHTHOUSE_MANIFEST_KEYS.lighthouseCustomer as readonly string[]).includes(key) && !CUSTOMER_SIDE_KEYS.includes(key)) {
        const allowed = LIGHTHOUSE_MANIFEST_KEYS.lighthouseCustomer;
        this.t.report([...path, key], `unknown key "${key}" in customers[${index}].${didYouMean(key, allowed)} Keys of a Lighthouse customer: ${allowed.join(", ")}`, true);
      } else if (!(LIGHTHOUSE_MANIFEST_KEYS.lighthouseCustomer as readonly string[]).includes(key)) {
        const why =
          key === "partnerId"
            ? "with Lighthouse the partner ID is linked once, in the managing tenant (lighthouse block and top-level partnerId)"
            : key === "roles"
              ? "with Lighthouse the roles are lighthouse.authorizations and lighthouse.palRoles, the same for every delegated customer"
              : "a Lighthouse customer has no customer-side principal or link";
        this.t.report([...path, key], `${key} does not apply to access: lighthouse (${why}); remove it, or use access: customer. Keys of a Lighthouse customer: ${LIGHTHOUSE_MANIFEST_KEYS.lighthouseCustomer.join(", ")}`, true);
      }
    }
    this.reservedName(obj, path);
    const tenantId = this.t.guid(obj, "tenantId", path, "add the customer's Entra ID tenant (directory) ID", "customer's Entra ID tenant ID");
    const explicitSubscription = this.t.guid(obj, "subscriptionId", path, false, "subscription the azurerm provider works in");
    const scopes = this.scopes(obj, path);
    const acknowledgements = this.t.acknowledgements(obj, path);
    const approval = parseApproval(obj.approval, path, this.t);
    if (!this.block && !this.blockInvalid) {
      this.t.report([...path, "access"], "access: lighthouse needs the top-level lighthouse: block (managingTenantId, principal, authorizations); add it, or remove access: lighthouse for a customer-side principal");
    }
    const subscriptionId = explicitSubscription ?? scopes?.map((s) => s.subscriptionId).filter((s): s is string => !!s).sort()[0];
    if (this.t.problemCount() > before || !name || !tenantId || !scopes || !subscriptionId || !acknowledgements) return;
    this.customers.push({ name, tenantId, subscriptionId, scopes: scopes.map((s) => s.id), acknowledgements, ...(approval ? { approval } : {}) });
  }

  private scopes(obj: Mapping, path: ManifestPath): RoleScope[] | undefined {
    if (obj.scopes === undefined) {
      this.t.report(path, "scopes is missing: list the subscriptions (or resource groups) the customer delegates");
      return undefined;
    }
    const items = this.t.list(obj, "scopes", path);
    if (!items) return undefined;
    if (items.length === 0) {
      this.t.report([...path, "scopes"], "scopes is empty: list at least one subscription or resource group to delegate");
      return undefined;
    }
    const out: RoleScope[] = [];
    const seen = new Set<string>();
    let ok = true;
    items.forEach((item, i) => {
      const result = RoleScope.tryParse(item);
      const at = [...path, "scopes", i];
      if ("error" in result) {
        this.t.report(at, `scope ${typeof item === "string" ? `"${item}" ` : ""}is invalid: ${result.error}`);
        return void (ok = false);
      }
      const s = result.scope;
      if (s.kind === "managementGroup") {
        this.t.report(at, `${RULE_IDS.lighthouseManagementGroupScope}: scope "${s.id}" is a management group; Lighthouse onboards subscription by subscription: list the subscriptions below ${s.managementGroupId} instead`);
        return void (ok = false);
      }
      if (s.kind === "resource") {
        this.t.report(at, `scope "${s.id}" is a single resource; Lighthouse delegates subscriptions and resource groups only`);
        return void (ok = false);
      }
      if (seen.has(s.key)) {
        this.t.report(at, `scope "${s.id}" is listed twice; remove one`);
        return void (ok = false);
      }
      seen.add(s.key);
      out.push(s);
    });
    return ok ? out : undefined;
  }

  /** Validates the Lighthouse-related keys of a customer-side customer (`access`, `staff`); returns its staff. */
  public customerSide(obj: Mapping, path: ManifestPath): StaffSpec[] | undefined {
    this.reservedName(obj, path);
    if (obj.access !== undefined && obj.access !== "customer") {
      this.t.report([...path, "access"], `access ${JSON.stringify(obj.access)} is not one of ${ACCESS_MODELS.join(" (default: a customer-side principal and link), ")} (delegation to the managing tenant).${typeof obj.access === "string" ? didYouMean(obj.access, ACCESS_MODELS) : ""}`);
    }
    return this.staff(obj, path);
  }

  /** With a lighthouse: block, the managing tenant's stacks are `managing-tenant-*`: no customer may take that name. */
  private reservedName(obj: Mapping, path: ManifestPath): void {
    if ((this.block || this.blockInvalid) && obj.name === MANAGING_TENANT_NAME) {
      this.t.report([...path, "name"], `name "${MANAGING_TENANT_NAME}" is taken by the managing tenant's stacks (${MANAGING_TENANT_NAME}-identity, ${MANAGING_TENANT_NAME}-link) when there is a lighthouse: block; choose another name`);
    }
  }

  /** Validates a customer-side customer's `staff:` list. */
  public staff(obj: Mapping, path: ManifestPath): StaffSpec[] | undefined {
    if (obj.staff === undefined || obj.staff === null) return [];
    const items = this.t.list(obj, "staff", path);
    if (!items) return undefined;
    const out: StaffSpec[] = [];
    let ok = true;
    items.forEach((item, i) => {
      const at = [...path, "staff", i];
      const s = this.t.mapping(item, at, `staff[${i}]`);
      if (!s) return void (ok = false);
      const before = this.t.problemCount();
      this.t.unknownKeys(s, LIGHTHOUSE_MANIFEST_KEYS.staff, at, `staff[${i}]`);
      const principalId = this.t.guid(s, "principalId", at, "give the object ID of the staff group (or user) in the customer tenant", "object ID of a group or user in the customer tenant");
      const displayName = this.t.string(s, "displayName", at, false);
      const principalType = this.principalType(s, at, ["Group", "User"]) as "Group" | "User" | undefined;
      const permanentRoles = s.permanentRoles === undefined ? this.t.catalog().recommendedDefaults.map((r) => r.name) : this.roles(s, at, "permanentRoles");
      const eligibleRoles = s.eligibleRoles === undefined ? [] : this.roles(s, at, "eligibleRoles");
      const justification = this.t.string(s, "justification", at, false);
      let ticket: StaffSpec["ticket"];
      if (s.ticket !== undefined) {
        const tk = this.t.mapping(s.ticket, [...at, "ticket"], "ticket");
        if (tk) {
          this.t.unknownKeys(tk, LIGHTHOUSE_MANIFEST_KEYS.ticket, [...at, "ticket"], "ticket");
          const system = this.t.string(tk, "system", [...at, "ticket"], false);
          const number = this.t.string(tk, "number", [...at, "ticket"], false);
          ticket = { ...(system ? { system } : {}), ...(number ? { number } : {}) };
        }
      }
      const schedule = s.schedule === undefined ? undefined : this.schedule(s.schedule, [...at, "schedule"]);
      if (permanentRoles && eligibleRoles) {
        const overlap = eligibleRoles.filter((r) => permanentRoles.includes(r));
        if (overlap.length > 0) this.t.report([...at, "eligibleRoles"], `${overlap.join(", ")} is both permanent and eligible; keep it in one list`);
      }
      if (this.t.problemCount() > before || !principalId || !principalType || !permanentRoles || !eligibleRoles) return void (ok = false);
      out.push({
        principalId,
        principalType,
        ...(displayName ? { displayName } : {}),
        permanentRoles,
        eligibleRoles,
        ...(justification ? { justification } : {}),
        ...(ticket ? { ticket } : {}),
        ...(schedule ? { schedule } : {}),
      });
    });
    return ok ? out : undefined;
  }

  private schedule(raw: unknown, path: ManifestPath): PimSchedule | undefined {
    const obj = this.t.mapping(raw, path, "schedule");
    if (!obj) return undefined;
    this.t.unknownKeys(obj, LIGHTHOUSE_MANIFEST_KEYS.schedule, path, "schedule");
    const timestamp = (key: string) => {
      const text = this.t.string(obj, key, path, false);
      if (text === undefined) return undefined;
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text) || Number.isNaN(Date.parse(text))) {
        this.t.report([...path, key], `${key} "${text}" is not an RFC 3339 time such as 2027-01-01T00:00:00Z`);
        return undefined;
      }
      return text;
    };
    const start = timestamp("start");
    const end = timestamp("end");
    let durationHours: number | undefined;
    if (obj.duration !== undefined) {
      const hours = parseHours(obj.duration);
      if (typeof hours === "string") this.t.report([...path, "duration"], `duration is invalid: ${hours}`);
      else durationHours = hours;
    }
    if (end !== undefined && durationHours !== undefined) this.t.report(path, "give either duration or end, not both");
    return { ...(start ? { startDateTime: start } : {}), ...(end ? { endDateTime: end } : {}), ...(durationHours !== undefined ? { durationHours } : {}) };
  }

  /** The resolved Lighthouse part, after every customer was seen; reports a block nobody uses. */
  public result(partnerId: string | undefined, partnerName: string | undefined, lighthouseCustomersInManifest: number): { ok: boolean; spec?: LighthouseSpec } {
    if (this.blockInvalid) return { ok: false };
    if (!this.block) return { ok: true };
    if (lighthouseCustomersInManifest === 0) {
      this.t.report(["lighthouse"], "the lighthouse: block is set but no customer has access: lighthouse; its link would be recognised for nothing. Add access: lighthouse to the customers that delegate, or remove the block");
      return { ok: false };
    }
    if (!partnerId) return { ok: false }; // reported as partnerId missing
    return { ok: true, spec: { ...this.block, partnerId, ...(partnerName ? { partnerName } : {}), customers: this.customers } };
  }
}
