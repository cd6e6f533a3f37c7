/**
 * Turns a parsed manifest into a {@link FleetSpec}, or into the complete list of what is wrong
 * with it. Nothing here throws on bad input: every check records a problem and carries on, so one
 * run reports every mistake.
 */
import { DEFAULT_PASSWORD_LIFETIME } from "../../constructs/password-credential";
import {
  AZURE_DEVOPS_ISSUER_PREFIX,
  FEDERATED_CREDENTIAL_AUDIENCE,
  FederatedCredential,
  GITHUB_ACTIONS_ISSUER,
  azureDevOpsProblem,
  azureDevOpsVstokenProblem,
  githubActionsProblem,
  githubActionsSubject,
} from "../../constructs/federated-credential";
import { ALL_RULE_IDS } from "../../constructs/checks/rule-ids";
import { MIN_REASON_LENGTH, acknowledgementProblem } from "../../constructs/checks/acknowledgements";
import { describeGuidProblem, normalizeGuid } from "../../constructs/internal/guid";
import { parseHours } from "../../constructs/internal/duration";
import { didYouMean } from "../../constructs/internal/suggest";
import { PartnerId } from "../../constructs/partner-id";
import { validatePartnerSection } from "./partner-section";
import { RoleCatalog } from "../../constructs/role-catalog";
import { RoleScope } from "../../constructs/role-scope";
import { Acknowledgement, BackendSpec, CredentialSpec, CustomerSpec, FleetSpec, PolicySpec } from "../fleet-spec";
import { ManifestPath, ManifestProblem } from "./manifest-error";
import { LighthouseManifest, isLighthouseCustomer } from "./validate-lighthouse";
import { displayNameProblem, textProblem } from "../../constructs/values/free-text";
import { defaultPrincipalDisplayName } from "../../constructs/customer-principal";
import { shapeProblems } from "./shapes";
import { APPROVAL_KEYS, parseApproval } from "./approval";
import { customerNameProblem } from "../../constructs/values/customer-name";
import { githubRepositoryProblem } from "../../constructs/values/github-repository";
import { containerNameProblem, resourceGroupNameProblem, stateKeyPrefixProblem, storageAccountNameProblem } from "../../constructs/values/azure-names";

/** The keys each part of the manifest accepts. */
export const MANIFEST_KEYS = {
  top: ["partnerId", "partnerName", "backend", "defaults", "policy", "customers", "partner", "lighthouse"],
  defaults: ["roles", "credential", "owners", "deleteLinkOnDestroy", "relink"],
  customer: [
    "name",
    "tenantId",
    "subscriptionId",
    "scopes",
    "roles",
    "partnerId",
    "partnerName",
    "credential",
    "owners",
    "displayName",
    "deleteLinkOnDestroy",
    "relink",
    "acknowledge",
    "access",
    "staff",
    "approval",
  ],
  credential: ["type", "issuer", "subject", "audience", "github", "azureDevOps", "lifetime", "clientId", "objectId", "signIn"],
  github: ["repository", "environment", "ref", "pullRequest"],
  azureDevOps: ["organizationId", "serviceConnectionId", "organization", "project", "serviceConnection"],
  backend: ["type", "resourceGroupName", "storageAccountName", "containerName", "keyPrefix", "subscriptionId", "tenantId"],
  policy: ["maxPasswordLifetime", "requireApproval"],
  approval: APPROVAL_KEYS,
} as const;

/** Which credential keys belong to which credential type. */
const CREDENTIAL_KEYS_BY_TYPE: Record<CredentialSpec["type"], readonly string[]> = {
  federated: ["type", "issuer", "subject", "audience", "github", "azureDevOps"],
  password: ["type", "lifetime"],
  none: ["type", "clientId", "objectId", "signIn"],
};

/** Words people use for the credential types. */
const CREDENTIAL_TYPE_SYNONYMS: Record<string, string> = {
  secret: "password",
  "client-secret": "password",
  client_secret: "password",
  clientsecret: "password",
  oidc: "federated",
  "workload-identity": "federated",
  federation: "federated",
  existing: "none",
  byo: "none",
};

/** The placeholder replaced by the customer's name in credential values. */
export const CUSTOMER_PLACEHOLDER = "{customer}";


/** Where a problem is reported. */
type Locate = (path: ManifestPath, atKey?: boolean) => { line: number; column: number } | undefined;

type Mapping = Record<string, unknown>;

/** What {@link validateManifest} returns: a spec when there are no problems. */
export type ValidationResult = { spec: FleetSpec; problems: [] } | { spec?: undefined; problems: ManifestProblem[] };

/**
 * Validates a parsed manifest (`raw`, from YAML or JSON) from `file`. `locate` maps a path to a
 * source position, for messages; it may return undefined.
 */
export function validateManifest(raw: unknown, file: string, locate: Locate = () => undefined, catalog = RoleCatalog.default): ValidationResult {
  const v = new Validator(locate, catalog);
  const spec = v.fleet(raw, file);
  const problems = v.sortedProblems();
  return problems.length === 0 && spec ? { spec, problems: [] } : { problems };
}

class Validator {
  private readonly problems: ManifestProblem[] = [];
  private readonly seen = new Set<string>();
  private customer?: { index: number; name?: string };
  /** The Lighthouse and PIM parts (validate-lighthouse.ts), with this validator's tools. */
  private readonly lighthouse = new LighthouseManifest({
    report: (p, m, k) => this.report(p, m, k),
    problemCount: () => this.problems.length,
    mapping: (v, p, w) => this.mapping(v, p, w),
    unknownKeys: (o, a, p, w) => this.unknownKeys(o, a, p, w),
    string: (o, k, p, r) => this.string(o, k, p, r),
    guid: (o, k, p, r, w) => this.guid(o, k, p, r, w),
    boolean: (o, k, p) => this.boolean(o, k, p),
    list: (o, k, p) => this.list(o, k, p),
    owners: (o, p) => this.owners(o, p),
    credential: (r, p, n) => this.credential(r, p, n),
    acknowledgements: (o, p) => this.acknowledgements(o, p),
    displayName: (o, p) => this.displayName(o, p),
    catalog: () => this.catalog,
  });

  constructor(
    private readonly locate: Locate,
    private readonly catalog: RoleCatalog,
  ) {}

  public sortedProblems(): ManifestProblem[] {
    return [...this.problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  }

  /** Fields whose type was wrong: that is their one problem (see shapes.ts), nothing else is said about them. */
  private readonly wrongType = new Set<string>();

  private report(path: ManifestPath, message: string, atKey = false, shape = false): void {
    const key = `${path.join("/")}|${message}`;
    if (this.seen.has(key)) return; // the defaults are checked once per customer that uses them
    if (!shape && this.wrongType.has(path.join("/"))) return;
    this.seen.add(key);
    if (shape) this.wrongType.add(path.join("/"));
    const position = this.locate(path, atKey) ?? this.locateNearest(path);
    const inCustomer = path[0] === "customers" && typeof path[1] === "number";
    this.problems.push({
      path,
      message,
      ...(position ?? {}),
      ...(inCustomer && this.customer ? { customer: { ...this.customer } } : {}),
    });
  }

  private locateNearest(path: ManifestPath): { line: number; column: number } | undefined {
    for (let i = path.length - 1; i >= 0; i--) {
      const found = this.locate(path.slice(0, i));
      if (found) return found;
    }
    return undefined;
  }

  // ---------------------------------------------------------------- shapes

  private mapping(value: unknown, path: ManifestPath, what: string): Mapping | undefined {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) return value as Mapping;
    this.report(path, `${what} must be a mapping of keys to values, found ${describe(value)}`);
    return undefined;
  }

  /**
   * Reports unknown keys, and known keys of the wrong type (the shape layer, shapes.ts). Returns
   * false when a known key has the wrong type: the caller then stops before reading the values.
   */
  private unknownKeys(obj: Mapping, allowed: readonly string[], path: ManifestPath, where: string): boolean {
    const part = (Object.keys(MANIFEST_KEYS) as (keyof typeof MANIFEST_KEYS)[]).find((k) => MANIFEST_KEYS[k] === allowed);
    const wrong = part ? shapeProblems(part, obj, path) : [];
    for (const p of wrong) this.report(p.path, p.message, false, true);
    for (const key of Object.keys(obj)) {
      if (key === "<<") {
        this.report([...path, key], `YAML merge keys (<<) are not supported in ${where}; put shared values under defaults:, or write the keys out`, true);
      } else if (!allowed.includes(key)) {
        this.report([...path, key], `unknown key "${key}" in ${where}.${didYouMean(key, allowed)} Allowed keys: ${allowed.join(", ")}`, true);
      }
    }
    return wrong.length === 0;
  }

  private string(obj: Mapping, key: string, path: ManifestPath, required: string | false): string | undefined {
    const value = obj[key];
    if (value === undefined || value === null) {
      if (required) this.report(path, `${key} is missing: ${required}`);
      return undefined;
    }
    if (typeof value !== "string") {
      const quote = typeof value === "number" || typeof value === "boolean" ? `; put it in quotes: ${key}: "${value}"` : "";
      this.report([...path, key], `${key} must be a string, found ${describe(value)}${quote}`);
      return undefined;
    }
    if (value.trim() === "") {
      this.report([...path, key], `${key} is empty${required ? `: ${required}` : ""}`);
      return undefined;
    }
    return value;
  }

  private guid(obj: Mapping, key: string, path: ManifestPath, required: string | false, what: string): string | undefined {
    const value = obj[key];
    if (typeof value === "number") {
      this.report([...path, key], `${key} must be a quoted GUID string, found the number ${value}`);
      return undefined;
    }
    if (isMapping(value) && Object.keys(value).length === 1 && describeGuidProblem(Object.keys(value)[0]) === undefined) {
      this.report([...path, key], `${key} {${Object.keys(value)[0]}} is in braces, which YAML reads as a mapping; write the GUID without { }`);
      return undefined;
    }
    const text = this.string(obj, key, path, required);
    if (text === undefined) return undefined;
    const problem = describeGuidProblem(text);
    if (problem) {
      this.report([...path, key], `${key} "${text}" ${problem}. It must be the ${what}`);
      return undefined;
    }
    return normalizeGuid(text);
  }

  private boolean(obj: Mapping, key: string, path: ManifestPath): boolean | undefined {
    const value = obj[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === "boolean") return value;
    this.report([...path, key], `${key} must be true or false, found ${describe(value)}`);
    return undefined;
  }

  private list(obj: Mapping, key: string, path: ManifestPath): unknown[] | undefined {
    const value = obj[key];
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value)) return value;
    this.report([...path, key], `${key} must be a list, found ${describe(value)}${typeof value === "string" ? `; write it as [${JSON.stringify(value)}]` : ""}`);
    return undefined;
  }

  // ---------------------------------------------------------------- the fleet

  public fleet(raw: unknown, file: string): FleetSpec | undefined {
    if (raw === undefined || raw === null) {
      this.report([], "the manifest is empty. Start from examples/fleet/pal.config.yaml: partnerId and at least one customer are needed");
      return undefined;
    }
    if (!isMapping(raw)) {
      this.report([], `the manifest must be a mapping of keys to values, found ${describe(raw)}; it starts with partnerId: and customers: (see examples/fleet/pal.config.yaml)`);
      return undefined;
    }
    const top = raw;
    if (Array.isArray(top.customers)) this.rawCustomers = top.customers;
    this.unprintableText(top, []);
    this.unknownKeys(top, MANIFEST_KEYS.top, [], "the manifest's top level");

    const partnerId = top.partnerId === undefined ? undefined : this.partnerId(top.partnerId, ["partnerId"]);
    const partnerName = this.string(top, "partnerName", [], false);
    const backend = this.backend(top.backend);
    const policy = this.policy(top.policy);
    const defaults = this.defaults(top.defaults);
    const partner = validatePartnerSection(top.partner, (path, message) => this.report(path, message)); // stacks/manifest/partner-section.ts
    this.lighthouse.top(top.lighthouse, partnerName, partnerId, isMapping(top.defaults) ? top.defaults.credential : undefined);

    const rawCustomers = top.customers;
    if (top.partnerId === undefined && !(Array.isArray(rawCustomers) && rawCustomers.some((c) => isMapping(c) && c.partnerId !== undefined))) {
      this.report([], 'partnerId is missing: add partnerId: "<your Associated Partner ID>" at the top (digits, from Partner Center > Account settings > Organization profile > Legal info > Partner > Business locations), or give every customer its own');
    }
    if (rawCustomers === undefined) {
      this.report([], "customers is missing: add a list of customers, each with name, tenantId and scopes");
      return undefined;
    }
    if (!Array.isArray(rawCustomers) && rawCustomers !== null) {
      this.report(["customers"], `customers must be a list, found ${describe(rawCustomers)}; start each customer with "- ", e.g. "  - name: contoso"`);
      return undefined;
    }
    if (rawCustomers === null || rawCustomers.length === 0) {
      this.report(["customers"], "customers is empty: add at least one customer (name, tenantId, scopes)");
      return undefined;
    }
    const withOwnPartnerId = rawCustomers.filter((c) => isMapping(c) && c.partnerId !== undefined).length;

    const names = new Map<string, number>();
    const customers: CustomerSpec[] = [];
    rawCustomers.forEach((rawCustomer, index) => {
      const name = isMapping(rawCustomer) && typeof rawCustomer.name === "string" ? rawCustomer.name : undefined;
      this.customer = { index, ...(name ? { name } : {}) };
      const lighthouseCustomer = isLighthouseCustomer(rawCustomer);
      if (lighthouseCustomer) this.lighthouse.customer(rawCustomer as Mapping, index, this.customerName(rawCustomer as Mapping, ["customers", index]));
      const customer = lighthouseCustomer ? undefined : this.customerSpec(rawCustomer, index, { partnerId, partnerName, defaults });
      if (top.partnerId === undefined && withOwnPartnerId > 0 && isMapping(rawCustomer) && rawCustomer.partnerId === undefined) {
        this.report(["customers", index], 'partnerId is missing: there is no top-level partnerId and this customer has none; add partnerId: "<Associated Partner ID>" here or at the top');
      }
      if (name !== undefined) {
        const first = names.get(name);
        if (first !== undefined) {
          this.report(["customers", index, "name"], `name "${name}" is already used by customers[${first}]; customer names must be unique (stack names derive from them)`);
        } else {
          names.set(name, index);
        }
      }
      if (customer) customers.push(customer);
      this.customer = undefined;
    });

    this.subscriptionsUnderOneTenant(customers, rawCustomers);
    const lighthouse = this.lighthouse.result(partnerId, partnerName, rawCustomers.filter(isLighthouseCustomer).length);
    if (!backend || !policy || !lighthouse.ok || customers.length + this.lighthouse.customers.length !== rawCustomers.length) return undefined;
    return {
      source: file,
      backend,
      policy,
      customers,
      ...(partner ? { partner } : {}),
      ...(lighthouse.spec ? { lighthouse: lighthouse.spec } : {}),
    };
  }

  /**
   * A subscription belongs to exactly one tenant: two customers whose scopes share a subscription
   * under different tenant IDs have one of them wrong. Reported at the later customer's scope.
   */
  private subscriptionsUnderOneTenant(customers: readonly CustomerSpec[], rawCustomers: readonly unknown[]): void {
    const owner = new Map<string, { index: number; name: string; tenantId: string }>();
    const indexOf = new Map<unknown, number>(); // the first raw customer of each name (as findIndex would find it)
    rawCustomers.forEach((r, i) => isMapping(r) && !indexOf.has(r.name) && indexOf.set(r.name, i));
    for (const c of customers) {
      const index = indexOf.get(c.name) ?? -1;
      const raw = rawCustomers[index] as Mapping;
      const rawScopes = Array.isArray(raw?.scopes) ? raw.scopes : [];
      c.scopes.forEach((scope, i) => {
        const sub = /^\/subscriptions\/([^/]+)/.exec(scope)?.[1];
        if (!sub) return;
        const first = owner.get(sub);
        if (!first) {
          owner.set(sub, { index, name: c.name, tenantId: c.tenantId });
        } else if (first.tenantId !== c.tenantId) {
          this.customer = { index, name: c.name };
          const at = rawScopes.length === c.scopes.length ? i : 0;
          this.report(["customers", index, "scopes", at], `subscription ${sub} is also in customers[${first.index}] ("${first.name}") under tenant ${first.tenantId}; a subscription belongs to one tenant: check tenantId of both`);
          this.customer = undefined;
        }
      });
    }
  }

  /**
   * Every string of the manifest, keys included, is one line of printable text (see
   * constructs/values/free-text.ts): checked once here for all fields, at the string's own line.
   */
  private unprintableText(value: unknown, path: Array<string | number>, depth = 0): void {
    // `path` is one array, extended and shortened on the way (copied only into a report): this
    // visits every value of the manifest.
    if (depth > 64) return; // deeper than any manifest; the shape checks report it
    if (typeof value === "string") {
      const problem = textProblem(value);
      if (problem) this.report([...path], `${path.length > 0 ? `${path[path.length - 1]} ` : ""}${problem}`);
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => {
        path.push(i);
        this.withCustomerOf(path, () => this.unprintableText(v, path, depth + 1));
        path.pop();
      });
    } else if (isMapping(value)) {
      for (const [k, v] of Object.entries(value)) {
        const problem = textProblem(k);
        path.push(k);
        if (problem) this.report([...path], `the key ${JSON.stringify(k)} ${problem}`, true);
        this.unprintableText(v, path, depth + 1);
        path.pop();
      }
    }
  }

  /** Runs `check` with the customer at `path` (customers[i]) as the one problems are reported for. */
  private withCustomerOf(path: ManifestPath, check: () => void): void {
    if (path.length !== 2 || path[0] !== "customers" || typeof path[1] !== "number" || this.customer) return check();
    const raw = (this.rawCustomers ?? [])[path[1]];
    const name = isMapping(raw) && typeof raw.name === "string" ? raw.name : undefined;
    this.customer = { index: path[1], ...(name ? { name } : {}) };
    try {
      check();
    } finally {
      this.customer = undefined;
    }
  }

  private rawCustomers?: unknown[];

  /** An optional `displayName`, checked by its value kind (free text is already checked for every string, see unprintableText). */
  private displayName(obj: Mapping, path: ManifestPath): string | undefined {
    const value = this.string(obj, "displayName", path, false);
    const problem = value === undefined || textProblem(value) ? undefined : displayNameProblem(value);
    if (problem) this.report([...path, "displayName"], `displayName ${problem}`);
    return value;
  }

  private partnerId(value: unknown, path: ManifestPath): string | undefined {
    const problem = PartnerId.problem(value);
    if (problem) {
      this.report(path, `partnerId ${typeof value === "string" ? `"${value}" ` : ""}is invalid: ${problem}`);
      return undefined;
    }
    return value as string;
  }

  private backend(raw: unknown): BackendSpec | undefined {
    if (raw === undefined || raw === null) return { type: "local" };
    const path = ["backend"];
    const obj = this.mapping(raw, path, "backend");
    if (!obj) return undefined;
    this.unknownKeys(obj, MANIFEST_KEYS.backend, path, "backend");
    const type = obj.type ?? "local";
    if (type === "local") {
      const extra = Object.keys(obj).filter((k) => k !== "type");
      if (extra.length > 0) {
        this.report([...path, extra[0]], `${extra.join(", ")} only apply to backend type "azurerm"; remove them or set type: azurerm`, true);
        return undefined;
      }
      return { type: "local" };
    }
    if (type !== "azurerm") {
      this.report([...path, "type"], `backend type "${String(type)}" is not supported: use "local" (default) or "azurerm".${didYouMean(String(type), ["local", "azurerm"])}`);
      return undefined;
    }
    const need = (key: string) => `backend type azurerm needs ${key}`;
    const resourceGroupName = this.string(obj, "resourceGroupName", path, need("resourceGroupName"));
    const storageAccountName = this.string(obj, "storageAccountName", path, need("storageAccountName"));
    const containerName = this.string(obj, "containerName", path, need("containerName"));
    const keyPrefix = obj.keyPrefix === undefined ? "pal/" : this.string(obj, "keyPrefix", path, false);
    const subscriptionId = this.guid(obj, "subscriptionId", path, false, "subscription of the state storage account");
    const tenantId = this.guid(obj, "tenantId", path, false, "tenant of the state storage account");
    let ok = true;
    const named: [string, string | undefined, (v: string) => string | undefined][] = [
      ["resourceGroupName", resourceGroupName, resourceGroupNameProblem],
      ["storageAccountName", storageAccountName, storageAccountNameProblem],
      ["containerName", containerName, containerNameProblem],
      ["keyPrefix", keyPrefix, stateKeyPrefixProblem],
    ];
    for (const [key, value, problemOf] of named) {
      const problem = value === undefined ? undefined : problemOf(value);
      if (problem) {
        this.report([...path, key], `${key} "${value}" ${problem}`);
        ok = false;
      }
    }
    if (!ok || !resourceGroupName || !storageAccountName || !containerName || keyPrefix === undefined) return undefined;
    if ((obj.subscriptionId !== undefined && !subscriptionId) || (obj.tenantId !== undefined && !tenantId)) return undefined;
    return {
      type: "azurerm",
      resourceGroupName,
      storageAccountName,
      containerName,
      keyPrefix,
      ...(subscriptionId ? { subscriptionId } : {}),
      ...(tenantId ? { tenantId } : {}),
    };
  }

  private policy(raw: unknown): PolicySpec | undefined {
    const fallback = parseHours(DEFAULT_PASSWORD_LIFETIME) as number;
    if (raw === undefined || raw === null) return { maxPasswordLifetimeHours: fallback };
    const obj = this.mapping(raw, ["policy"], "policy");
    if (!obj) return undefined;
    this.unknownKeys(obj, MANIFEST_KEYS.policy, ["policy"], "policy");
    const requireApproval = this.boolean(obj, "requireApproval", ["policy"]);
    const withApproval = requireApproval ? { requireApproval: true } : {};
    if (obj.maxPasswordLifetime === undefined) return { maxPasswordLifetimeHours: fallback, ...withApproval };
    const hours = parseHours(obj.maxPasswordLifetime);
    if (typeof hours === "string") {
      this.report(["policy", "maxPasswordLifetime"], `maxPasswordLifetime is invalid: ${hours}`);
      return undefined;
    }
    return { maxPasswordLifetimeHours: hours, ...withApproval };
  }

  private defaults(raw: unknown): Defaults {
    if (raw === undefined || raw === null) return {};
    const path = ["defaults"];
    const obj = this.mapping(raw, path, "defaults");
    if (!obj) return { invalid: true };
    this.unknownKeys(obj, MANIFEST_KEYS.defaults, path, "defaults");
    const roles = this.roles(obj, path);
    const owners = this.owners(obj, path);
    const deleteLinkOnDestroy = this.boolean(obj, "deleteLinkOnDestroy", path);
    const relink = this.boolean(obj, "relink", path);
    // Checked once here, with the placeholder left in, so that its problems are reported once, at defaults.credential.
    const credentialInvalid = obj.credential !== undefined && !this.credential(obj.credential, [...path, "credential"], CUSTOMER_PLACEHOLDER);
    return { roles, owners, deleteLinkOnDestroy, relink, credential: obj.credential, credentialInvalid };
  }

  // ---------------------------------------------------------------- one customer

  private customerSpec(raw: unknown, index: number, fleet: { partnerId?: string; partnerName?: string; defaults: Defaults }): CustomerSpec | undefined {
    const path: ManifestPath = ["customers", index];
    if (typeof raw === "string") {
      this.report(path, `customers[${index}] is the string "${raw}", not a customer; write "- name: ${raw}" with tenantId and scopes indented below it`);
      return undefined;
    }
    const obj = this.mapping(raw, path, `customers[${index}]`);
    if (!obj) return undefined;
    this.unknownKeys(obj, MANIFEST_KEYS.customer, path, `customers[${index}]`);
    const before = this.problems.length;

    const name = this.customerName(obj, path);
    const tenantId = this.guid(obj, "tenantId", path, "add the customer's Entra ID tenant (directory) ID", "customer's Entra ID tenant ID");
    const explicitSubscription = this.guid(obj, "subscriptionId", path, false, "subscription the azurerm provider works in");
    const scopes = this.scopes(obj, path);
    const roles = obj.roles === undefined ? fleet.defaults.roles : this.roles(obj, path);
    const partnerId = obj.partnerId === undefined ? fleet.partnerId : this.partnerId(obj.partnerId, [...path, "partnerId"]);
    // The top-level partnerName names the top-level partner: a customer linked to its own partner ID
    // does not inherit it (its display name then shows its partner ID, unless it names its partner).
    const partnerName =
      obj.partnerName !== undefined ? this.string(obj, "partnerName", path, false) : obj.partnerId === undefined || obj.partnerId === fleet.partnerId ? fleet.partnerName : undefined;
    const owners = obj.owners === undefined ? fleet.defaults.owners : this.owners(obj, path);
    const displayName = this.displayName(obj, path);
    if (displayName === undefined && name !== undefined && (partnerName !== undefined || partnerId !== undefined)) {
      // The name the kit derives must fit the same limit (constructs/customer-principal.ts).
      const derived = defaultPrincipalDisplayName(partnerName ?? partnerId!, name);
      const problem = textProblem(derived) ? undefined : displayNameProblem(derived);
      if (problem) this.report(obj.partnerName !== undefined ? [...path, "partnerName"] : ["partnerName"], `the display name derived from partnerName ("${derived.slice(0, 40)}…") ${problem}: shorten partnerName, or give this customer a displayName`);
    }
    const deleteLinkOnDestroy = obj.deleteLinkOnDestroy === undefined ? fleet.defaults.deleteLinkOnDestroy : this.boolean(obj, "deleteLinkOnDestroy", path);
    const relink = obj.relink === undefined ? fleet.defaults.relink : this.boolean(obj, "relink", path);
    const acknowledgements = this.acknowledgements(obj, path);
    const staff = this.lighthouse.customerSide(obj, path);
    const approval = parseApproval(obj.approval, path, { report: (p, m, k) => this.report(p, m, k), mapping: (v, p, w) => this.mapping(v, p, w), unknownKeys: (o, a, p, w) => this.unknownKeys(o, a, p, w) });

    let credential: CredentialSpec | undefined;
    if (obj.credential !== undefined) {
      credential = this.credential(obj.credential, [...path, "credential"], name ?? "customer", typeof obj.tenantId === "string" ? obj.tenantId : undefined);
    } else if (fleet.defaults.credential !== undefined) {
      // Already reported at defaults.credential when invalid there; checked again only for what the name changes.
      if (!fleet.defaults.credentialInvalid) credential = this.credential(fleet.defaults.credential, ["defaults", "credential"], name ?? "customer", typeof obj.tenantId === "string" ? obj.tenantId : undefined);
    } else if (!fleet.defaults.invalid) {
      this.report(path, "credential is missing: give the customer a credential, or set defaults.credential (type: federated with issuer and subject, type: password, or type: none)");
    }

    let subscriptionId = explicitSubscription;
    if (obj.subscriptionId === undefined && scopes) {
      // The smallest subscription among the scopes: stable when scopes are reordered.
      subscriptionId = scopes.map((s) => s.subscriptionId).filter((s): s is string => !!s).sort()[0];
      if (!subscriptionId) {
        this.report(path, "subscriptionId is missing: with only management-group scopes, name a subscription of the customer for the azurerm provider to work in");
      }
    }

    if (this.problems.length > before || fleet.defaults.invalid) return undefined;
    if (!name || !tenantId || !subscriptionId || !scopes || !partnerId || !credential) return undefined;
    return {
      name,
      tenantId,
      subscriptionId,
      partnerId,
      ...(partnerName ? { partnerName } : {}),
      scopes: scopes.map((s) => s.id),
      roles: roles ?? this.catalog.recommendedDefaults.map((r) => r.name),
      credential,
      owners: owners ?? [],
      ...(displayName ? { displayName } : {}),
      deleteLinkOnDestroy: deleteLinkOnDestroy ?? false,
      ...(relink ? { relink: true } : {}),
      acknowledgements: acknowledgements ?? [],
      ...(staff && staff.length > 0 ? { staff } : {}),
      ...(approval ? { approval } : {}),
    };
  }

  private customerName(obj: Mapping, path: ManifestPath): string | undefined {
    const name = this.string(obj, "name", path, "add a short name of lower-case letters, digits and dashes, e.g. name: contoso");
    if (name === undefined) return undefined;
    const problem = customerNameProblem(name);
    if (problem) {
      this.report([...path, "name"], `name "${name}" ${problem}`);
      return undefined;
    }
    return name;
  }

  private scopes(obj: Mapping, path: ManifestPath): RoleScope[] | undefined {
    if (obj.scopes === undefined) {
      this.report(path, "scopes is missing: list where the roles apply (management group, subscription, resource group or resource IDs)");
      return undefined;
    }
    const items = obj.scopes === null ? [] : this.list(obj, "scopes", path);
    if (!items) return undefined;
    if (items.length === 0) {
      this.report([...path, "scopes"], "scopes is empty: a principal without scopes is recognised for nothing; list at least one");
      return undefined;
    }
    const parsed: RoleScope[] = [];
    const byKey = new Map<string, number>();
    let ok = true;
    items.forEach((item, i) => {
      const result = RoleScope.tryParse(item);
      if ("error" in result) {
        const url = typeof item === "string" && /^https?:\/\//.test(item) ? "; this is a URL: copy the resource ID instead (the resource's Properties or JSON View)" : "";
        this.report([...path, "scopes", i], `scope ${typeof item === "string" ? `"${item}" ` : ""}is invalid: ${result.error}${url}`);
        ok = false;
        return;
      }
      const first = byKey.get(result.scope.key);
      if (first !== undefined) {
        this.report([...path, "scopes", i], `scope "${String(item)}" is listed twice (also scopes[${first}]); remove one`);
        ok = false;
        return;
      }
      byKey.set(result.scope.key, i);
      parsed.push(result.scope);
    });
    return ok ? parsed : undefined;
  }

  private roles(obj: Mapping, path: ManifestPath): string[] | undefined {
    const items = this.list(obj, "roles", path);
    if (!items) return undefined;
    if (items.length === 0) {
      this.report([...path, "roles"], "roles is empty: leave it out for Reader + Support Request Contributor, or list at least one PEC-eligible role");
      return undefined;
    }
    const byId = new Map<string, number>();
    const out: string[] = [];
    let ok = true;
    items.forEach((item, i) => {
      if (typeof item !== "string") {
        this.report([...path, "roles", i], `a role must be a built-in role name or GUID string, found ${describe(item)}`);
        ok = false;
        return;
      }
      const definitionId = /^(?:\/subscriptions\/[^/]+)?\/providers\/Microsoft\.Authorization\/roleDefinitions\/([^/]+)$/i.exec(item.trim());
      const role = this.catalog.find(definitionId ? definitionId[1] : item);
      if (definitionId) {
        this.report([...path, "roles", i], `role "${item}" is a role definition resource ID; write ${role ? `"${role.name}" or ` : ""}the GUID ${definitionId[1]} alone`);
        ok = false;
        return;
      }
      if (!role) {
        this.report([...path, "roles", i], this.catalog.describeUnknown(item));
        ok = false;
        return;
      }
      const first = byId.get(role.id);
      if (first !== undefined) {
        this.report([...path, "roles", i], `role "${item}" is listed twice (also roles[${first}]${role.name !== item ? `, as ${role.name}` : ""}); remove one`);
        ok = false;
        return;
      }
      byId.set(role.id, i);
      out.push(role.name);
    });
    return ok ? out : undefined;
  }

  private owners(obj: Mapping, path: ManifestPath): string[] | undefined {
    const items = this.list(obj, "owners", path);
    if (!items) return undefined;
    const out: string[] = [];
    const first = new Map<string, number>();
    let duplicate = false;
    items.forEach((item, i) => {
      const problem = typeof item === "string" ? describeGuidProblem(item) : `must be an object ID string, found ${describe(item)}`;
      if (problem) {
        this.report([...path, "owners", i], `owner ${typeof item === "string" ? `"${item}" ` : ""}${problem}; owners are object IDs of users or service principals`);
        return;
      }
      const id = normalizeGuid(item as string);
      const seenAt = first.get(id);
      if (seenAt !== undefined) {
        this.report([...path, "owners", i], `owner "${item}" is listed twice (also owners[${seenAt}]); remove one`);
        duplicate = true;
        return;
      }
      first.set(id, i);
      out.push(id);
    });
    return out.length === items.length && !duplicate ? out : undefined;
  }

  private acknowledgements(obj: Mapping, path: ManifestPath): Acknowledgement[] | undefined {
    if (obj.acknowledge === undefined || obj.acknowledge === null) return [];
    const ack = this.mapping(obj.acknowledge, [...path, "acknowledge"], "acknowledge (rule ID: reason)");
    if (!ack) return undefined;
    const out: Acknowledgement[] = [];
    for (const [rule, reason] of Object.entries(ack)) {
      const at = [...path, "acknowledge", rule];
      if (!ALL_RULE_IDS.includes(rule)) {
        this.report(at, `"${rule}" is not a PAL Kit rule ID.${didYouMean(rule, ALL_RULE_IDS)} Rules: ${ALL_RULE_IDS.join(", ")} (see constructs/checks/RULES.md)`, true);
        continue;
      }
      const refused = acknowledgementProblem(rule);
      if (refused) {
        this.report(at, `${refused}; remove acknowledge.${rule}`, true);
        continue;
      }
      if (typeof reason !== "string" || reason.trim().length < MIN_REASON_LENGTH) {
        this.report(at, `acknowledging ${rule} needs a reason of at least ${MIN_REASON_LENGTH} characters saying why the finding is accepted, e.g. ${rule}: "Customer requested Owner for the migration, until 2027-03"`);
        continue;
      }
      out.push({ rule, reason: reason.trim() });
    }
    return out.sort((a, b) => a.rule.localeCompare(b.rule));
  }

  // ---------------------------------------------------------------- credentials

  /**
   * Validates one credential block. Every problem in the block is reported (not only the first):
   * `problem` records and marks the block invalid, and checking goes on with the keys that can
   * still be checked; the block yields a spec only when nothing was wrong.
   */
  private credential(raw: unknown, path: ManifestPath, customerName: string, tenantId = "00000000-0000-0000-0000-000000000000"): CredentialSpec | undefined {
    if (raw === "federated" || raw === "password" || raw === "none") {
      this.report(path, `credential must be a mapping, found the string "${raw}"; write credential: { type: ${raw} }${raw === "password" ? "" : " with its other keys"}`);
      return undefined;
    }
    const obj = this.mapping(raw, path, "credential");
    if (!obj) return undefined;
    const before = this.problems.length;
    this.unknownKeys(obj, MANIFEST_KEYS.credential, path, "credential");
    const type = obj.type ?? "federated";
    if (type !== "federated" && type !== "password" && type !== "none") {
      const synonym = CREDENTIAL_TYPE_SYNONYMS[String(type).toLowerCase()];
      const hint = synonym ? ` Did you mean "${synonym}"?` : didYouMean(String(type), ["federated", "password", "none"]);
      this.report([...path, "type"], `credential type "${String(type)}" is not one of federated (default), password, none.${hint}`);
      return undefined;
    }
    const misplaced = Object.keys(obj).filter((k) => (MANIFEST_KEYS.credential as readonly string[]).includes(k) && !CREDENTIAL_KEYS_BY_TYPE[type].includes(k));
    for (const key of misplaced) {
      const owner = (Object.keys(CREDENTIAL_KEYS_BY_TYPE) as CredentialSpec["type"][]).find((t) => CREDENTIAL_KEYS_BY_TYPE[t].includes(key));
      this.report([...path, key], `${key} does not apply to credential type ${type}${owner ? ` (it belongs to type ${owner})` : ""}; remove it or change type`, true);
    }
    const spec = this.credentialOfType(type, obj, path, customerName, tenantId);
    // Every check in the block reports and goes on; the block is valid only if none reported.
    return this.problems.length === before ? spec : undefined;
  }

  private credentialOfType(
    type: CredentialSpec["type"],
    obj: Mapping,
    path: ManifestPath,
    customerName: string,
    tenantId: string,
  ): CredentialSpec | undefined {
    const fill = (text: string) => text.split(CUSTOMER_PLACEHOLDER).join(customerName);

    if (type === "password") {
      const lifetime = obj.lifetime ?? DEFAULT_PASSWORD_LIFETIME;
      const hours = parseHours(lifetime);
      if (typeof hours === "string") {
        this.report([...path, "lifetime"], `lifetime is invalid: ${hours}`);
        return undefined;
      }
      return { type: "password", lifetime: lifetime as string };
    }

    if (type === "none") {
      const clientId = this.guid(obj, "clientId", path, "type none brings an existing principal: give its application (client) ID", "existing application's client ID");
      const objectId = this.guid(obj, "objectId", path, "type none brings an existing principal: give its service principal (enterprise application) object ID", "existing service principal's object ID");
      const signIn = obj.signIn ?? "oidc";
      if (signIn !== "oidc" && signIn !== "environment") {
        this.report([...path, "signIn"], `signIn "${String(signIn)}" is not one of oidc (default; a federated credential already on the app) or environment (ARM_CLIENT_SECRET / ARM_CLIENT_CERTIFICATE_PATH supplied by the runner)`);
      }
      if (clientId && objectId && clientId === objectId) {
        this.report([...path, "objectId"], "objectId equals clientId: give the service principal's object ID (Enterprise applications > Object ID), not the application (client) ID");
      }
      return clientId && objectId ? { type: "none", clientId, objectId, signIn: signIn as "oidc" | "environment" } : undefined;
    }

    // federated: exactly one of issuer+subject, github, azureDevOps
    const forms = ["issuer", "github", "azureDevOps"].filter((k) => obj[k] !== undefined || (k === "issuer" && obj.subject !== undefined));
    const audience = this.string(obj, "audience", path, false);
    if (audience !== undefined && audience !== FEDERATED_CREDENTIAL_AUDIENCE) {
      this.report([...path, "audience"], `audience "${audience}" is not "${FEDERATED_CREDENTIAL_AUDIENCE}", the only audience Entra ID accepts for federation; remove audience or set it to that`);
    }
    if (forms.length === 0) {
      this.report(path, "a federated credential needs issuer and subject, or github: {repository, environment}, or azureDevOps: {organizationId, serviceConnectionId}");
      return undefined;
    }
    if (forms.length > 1) {
      this.report(path, `give only one of issuer/subject, github and azureDevOps; found ${forms.map((f) => (f === "issuer" ? "issuer/subject" : f)).join(" and ")}`);
      return undefined;
    }
    const placeholders = (value: unknown, at: ManifestPath) => {
      const unknown = typeof value === "string" ? value.match(/\$?\{+[^{}]*\}+/g)?.find((p) => p !== CUSTOMER_PLACEHOLDER) : undefined;
      if (unknown) this.report(at, `${at[at.length - 1]} "${value}" has "${unknown}", which is not replaced: the only placeholder is ${CUSTOMER_PLACEHOLDER}`);
      return !unknown;
    };
    const withAudience = audience === FEDERATED_CREDENTIAL_AUDIENCE ? { audience } : {};

    if (forms[0] === "github") {
      const ghRaw = this.mapping(obj.github, [...path, "github"], "github");
      if (!ghRaw) return undefined;
      const gh = withoutNulls(ghRaw); // "key:" with no value is "not given", as everywhere else
      if (!this.unknownKeys(gh, MANIFEST_KEYS.github, [...path, "github"], "github")) return undefined;
      const repository = this.string(gh, "repository", [...path, "github"], 'give the repository as "<owner>/<repo>", e.g. contoso-msp/pal');
      const environmentOk = placeholders(gh.environment, [...path, "github", "environment"]);
      if (gh.pullRequest !== undefined && typeof gh.pullRequest !== "boolean") {
        this.report([...path, "github", "pullRequest"], `pullRequest must be true or false, found ${describe(gh.pullRequest)}`);
        return undefined;
      }
      if (!repository || !environmentOk) return undefined;
      const options = {
        repository,
        ...(typeof gh.environment === "string" ? { environment: fill(gh.environment) } : gh.environment !== undefined ? { environment: gh.environment as string } : {}),
        ...(gh.ref !== undefined ? { ref: gh.ref as string } : {}),
        ...(gh.pullRequest !== undefined ? { pullRequest: gh.pullRequest as boolean } : {}),
      };
      const repositoryProblem = githubRepositoryProblem(repository);
      if (repositoryProblem) {
        this.report([...path, "github", "repository"], `repository "${repository}" ${repositoryProblem}`);
        return undefined;
      }
      const invalid = githubActionsProblem(options);
      if (invalid) {
        this.report([...path, "github"], `GitHub Actions federation is invalid: ${invalid}`);
        return undefined;
      }
      return { type: "federated", issuer: GITHUB_ACTIONS_ISSUER, subject: githubActionsSubject(options), ...withAudience };
    }

    if (forms[0] === "azureDevOps") {
      const adoRaw = this.mapping(obj.azureDevOps, [...path, "azureDevOps"], "azureDevOps");
      if (!adoRaw) return undefined;
      const ado = withoutNulls(adoRaw);
      if (!this.unknownKeys(ado, MANIFEST_KEYS.azureDevOps, [...path, "azureDevOps"], "azureDevOps")) return undefined;
      if (ado.organization === undefined && ado.project === undefined && ado.serviceConnection === undefined) {
        // The default form: the Microsoft Entra issuer of the customer tenant (the principal's app lives there).
        const entra = { organizationId: ado.organizationId as string, tenantId, serviceConnectionId: ado.serviceConnectionId as string };
        const problem = azureDevOpsProblem(entra);
        if (problem) {
          this.report([...path, "azureDevOps"], `Azure DevOps federation is invalid: ${problem}. Give organizationId and the customer's serviceConnectionId (or, legacy vstoken issuer, organization, project and serviceConnection)`);
          return undefined;
        }
        return { type: "federated", ...FederatedCredential.azureDevOps(entra), ...withAudience };
      }
      if (ado.serviceConnectionId !== undefined) {
        this.report([...path, "azureDevOps", "serviceConnectionId"], "serviceConnectionId (Microsoft Entra issuer) cannot be combined with organization/project/serviceConnection (legacy vstoken issuer): keep one form");
        return undefined;
      }
      if (!placeholders(ado.serviceConnection, [...path, "azureDevOps", "serviceConnection"])) return undefined;
      const options = {
        organizationId: ado.organizationId as string,
        organization: ado.organization as string,
        project: ado.project as string,
        serviceConnection: typeof ado.serviceConnection === "string" ? fill(ado.serviceConnection) : (ado.serviceConnection as string),
      };
      // The subject must also pass the checks the FederatedCredential construct applies at synthesis.
      const invalid = azureDevOpsVstokenProblem(options) ?? FederatedCredential.problem(FederatedCredential.azureDevOpsVstoken(options));
      if (invalid) {
        this.report([...path, "azureDevOps"], `Azure DevOps federation is invalid: ${invalid}`);
        return undefined;
      }
      return { type: "federated", ...FederatedCredential.azureDevOpsVstoken(options), ...withAudience };
    }

    const issuer = this.string(obj, "issuer", path, "a federated credential with a subject needs the token issuer URL, e.g. https://token.actions.githubusercontent.com");
    const rawSubject = this.string(obj, "subject", path, "a federated credential with an issuer needs the subject the token carries, e.g. repo:<org>/<repo>:environment:<env>");
    const subjectOk = rawSubject !== undefined && placeholders(rawSubject, [...path, "subject"]);
    if (!issuer || !rawSubject || !subjectOk) return undefined;
    const subject = fill(rawSubject);
    const invalid = FederatedCredential.problem({ issuer, subject }) ?? federationFormProblem(issuer, subject);
    if (invalid) {
      this.report(path, `federated credential is invalid: ${invalid}`);
      return undefined;
    }
    return { type: "federated", issuer, subject, ...withAudience };
  }
}

interface Defaults {
  readonly roles?: string[];
  readonly owners?: string[];
  readonly deleteLinkOnDestroy?: boolean;
  readonly relink?: boolean;
  readonly credential?: unknown;
  readonly credentialInvalid?: boolean;
  readonly invalid?: boolean;
}

/**
 * When the issuer is GitHub's or Azure DevOps', the subject must have that platform's form
 * (PAL-RULES.md §2); a mismatch means tokens never match and the link stage cannot sign in.
 */
export function federationFormProblem(issuer: string, subject: string): string | undefined {
  const trimmed = issuer.replace(/\/+$/, "");
  if (trimmed !== issuer && (trimmed === GITHUB_ACTIONS_ISSUER || (trimmed.startsWith(AZURE_DEVOPS_ISSUER_PREFIX) && trimmed.length > AZURE_DEVOPS_ISSUER_PREFIX.length))) {
    return `issuer "${issuer}" ends with "/", but the tokens' issuer does not and Entra ID compares issuers exactly; remove the trailing slash`;
  }
  if (issuer === GITHUB_ACTIONS_ISSUER) {
    const m = /^repo:([A-Za-z0-9-]+\/[A-Za-z0-9._-]+):(.+)$/.exec(subject);
    if (!m) return `subject "${subject}" does not have GitHub's form repo:<owner>/<repo>:<context> (e.g. repo:contoso-msp/pal:environment:contoso)`;
    const context = m[2];
    if (context.startsWith("environment:") && !/^environment:[^\s:]+$/.test(context)) return `subject "${subject}" has an invalid environment part`;
    if (context.startsWith("ref:") && !/^ref:refs\/(heads|tags)\/\S+$/.test(context)) return `subject "${subject}" has an invalid ref part: use ref:refs/heads/<branch> or ref:refs/tags/<tag>`;
    if (!/^(environment:|ref:|pull_request$|job_workflow_ref:|context:)/.test(context) && !context.includes(":")) {
      return `subject "${subject}" ends in "${context}", which is not a GitHub subject context: use environment:<env>, ref:refs/heads/<branch> or pull_request`;
    }
    return undefined;
  }
  if (issuer.startsWith(AZURE_DEVOPS_ISSUER_PREFIX)) {
    const org = issuer.slice(AZURE_DEVOPS_ISSUER_PREFIX.length).replace(/\/+$/, "");
    const orgProblem = describeGuidProblem(org);
    if (orgProblem) return `issuer "${issuer}" must end in the Azure DevOps organization GUID; "${org}" ${orgProblem}`;
    if (!/^sc:\/\/[^/\s]+\/[^/]+\/[^/]+$/.test(subject)) {
      return `subject "${subject}" does not have Azure DevOps' form sc://<organization>/<project>/<service connection>`;
    }
  }
  return undefined;
}

/** The mapping without its null values (YAML `key:` with nothing after it). */
function withoutNulls(obj: Mapping): Mapping {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== null));
}

function isMapping(value: unknown): value is Mapping {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  return `${typeof value} ${JSON.stringify(value)}`;
}
