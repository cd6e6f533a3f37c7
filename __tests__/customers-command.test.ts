import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DEFAULT_MAX_JOBS, run, shardCustomers } from "../scripts/customers";
import { generateFleetManifest } from "../tools/generate-fleet";
import { stringify } from "yaml";
import { compiled } from "./support/run";

const T = (n: number) => `${String(n).repeat(8)}-1111-1111-1111-111111111111`;

function manifest(customers: Record<string, string>[], extra = ""): string {
  return `partnerId: "1234567"
defaults:
  credential: { github: { repository: contoso-msp/pal, environment: "pal-{customer}" } }
${extra}customers:
${customers.map((c) => `  - { name: ${c.name}, tenantId: ${c.tenant ?? T(1)}, scopes: [/subscriptions/${T(2)}]${c.roles ? `, roles: ${c.roles}` : ""} }`).join("\n")}
`;
}

/** Runs git in `dir` as a test author, without the background maintenance a commit would start. */
function git(dir: string, ...args: string[]): void {
  execFileSync("git", ["-c", "user.email=test@example.com", "-c", "user.name=test", "-c", "maintenance.auto=false", ...args], { cwd: dir, stdio: "pipe" });
}

/** A git repository with a commit per manifest version; returns its folder. */
function repo(...versions: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pal-customers-"));
  git(dir, "init", "-q", "-b", "main");
  versions.forEach((text, i) => {
    fs.writeFileSync(path.join(dir, "pal.config.yaml"), text);
    git(dir, "add", "pal.config.yaml");
    git(dir, "commit", "-q", "-m", `v${i}`);
  });
  return dir;
}

const parse = (line: string) => JSON.parse(line);

/** A manifest with a `lighthouse:` section; `extra` goes into the section, `lighthouse` are the Lighthouse customers. */
function lighthouseManifest(customers: Record<string, string>[], lighthouse: string[], extra = ""): string {
  const lh = lighthouse.map((name, i) => `  - { name: ${name}, access: lighthouse, tenantId: ${T(3 + (i % 5))}, scopes: [/subscriptions/${T(4)}] }`).join("\n");
  return manifest(customers, `lighthouse:\n  managingTenantId: ${T(9)}\n  authorizations: [{ principalId: ${T(8)}, role: Reader }]\n${extra}`) + (lh ? lh + "\n" : "");
}

describe("npm run customers", () => {
  const a = { name: "contoso" };
  const b = { name: "fabrikam" };
  const c = { name: "northwind" };

  test("without --changed-since lists every customer", () => {
    const dir = repo(manifest([a, b]));
    expect(parse(run([], dir, {}))).toEqual({
      customers: ["contoso", "fabrikam"],
      removed: [],
      all: true,
      reason: "every customer (no --changed-since)",
      matrix: { include: [{ shard: "1/2", customers: ["contoso"] }, { shard: "2/2", customers: ["fabrikam"] }] },
    });
  });

  test("lists added and changed customers, and removed ones apart", () => {
    const dir = repo(manifest([a, b, c]), manifest([{ ...a, roles: "[Reader, Support Request Contributor, Monitoring Contributor]" }, c, { name: "woodgrove" }]));
    expect(parse(run(["--changed-since", "HEAD~1"], dir, {}))).toMatchObject({
      customers: ["contoso", "woodgrove"],
      removed: ["fabrikam"],
      all: false,
      reason: "customers added, changed or removed in the manifest",
    });
  });

  test("a change of the defaults affects exactly the customers that use them", () => {
    const before = manifest([a, { ...b, roles: "[Reader, Support Request Contributor]" }]);
    const after = before.replace("environment: \"pal-{customer}\"", "environment: \"prod-{customer}\"");
    expect(parse(run(["--changed-since", "HEAD~1"], repo(before, after), {})).customers).toEqual(["contoso", "fabrikam"]);
    const rolesDefault = manifest([a, { ...b, roles: "[Reader, Monitoring Contributor]" }]);
    const changedDefault = rolesDefault.replace("defaults:\n", "defaults:\n  roles: [Reader, Cost Management Contributor]\n");
    expect(parse(run(["--changed-since", "HEAD~1"], repo(rolesDefault, changedDefault), {})).customers).toEqual(["contoso"]);
  });

  test("reordering customers or reformatting the file affects nobody", () => {
    const dir = repo(manifest([a, b]), manifest([b, a]) + "\n# a comment\n");
    expect(parse(run(["--changed-since", "HEAD~1"], dir, {}))).toMatchObject({ customers: [], removed: [], all: false, reason: "no customer changed" });
  });

  test("a backend change affects every customer", () => {
    const dir = repo(manifest([a, b]), manifest([a, b], "backend: { type: azurerm, resourceGroupName: rg, storageAccountName: stpal, containerName: pal }\n"));
    expect(parse(run(["--changed-since", "HEAD~1"], dir, {}))).toMatchObject({ customers: ["contoso", "fabrikam"], all: true });
  });

  test("a manifest that did not exist or was invalid at the ref affects every customer", () => {
    const dir = repo("not: [valid", manifest([a]));
    expect(parse(run(["--changed-since", "HEAD~1"], dir, {}))).toMatchObject({ customers: ["contoso"], all: true, reason: "pal.config.yaml was not valid at HEAD~1" });
  });

  test("--format azure-devops prints a matrix whose keys are valid Azure Pipelines job names", () => {
    const dir = repo(manifest([a, b, c]));
    expect(parse(run(["--format", "azure-devops", "--max-jobs", "2"], dir, {}))).toEqual({
      shard_1_of_2: { shard: "1/2", PAL_CUSTOMERS: "contoso,fabrikam" },
      shard_2_of_2: { shard: "2/2", PAL_CUSTOMERS: "northwind" },
    });
    for (const key of Object.keys(parse(run(["--format", "azure-devops"], dir, {})))) expect(key).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/);
  });

  test("1000 affected customers give at most 256 matrix entries, covering each customer exactly once", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pal-customers-1000-"));
    fs.writeFileSync(path.join(dir, "pal.config.yaml"), stringify(generateFleetManifest(1000)));
    const out = parse(run([], dir, {}));
    expect(out.customers).toHaveLength(1000);
    const include: { shard: string; customers: string[] }[] = out.matrix.include;
    expect(include.length).toBeLessThanOrEqual(256);
    expect(include).toHaveLength(DEFAULT_MAX_JOBS);
    expect(include.flatMap((s) => s.customers)).toEqual(out.customers); // each once, in manifest order
    const sizes = include.map((s) => s.customers.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(include[2].shard).toBe("3/256");
    const ado = parse(run(["--format", "azure-devops", "--max-jobs", "100"], dir, {}));
    expect(Object.keys(ado)).toHaveLength(100);
    expect(Object.values<{ PAL_CUSTOMERS: string }>(ado).flatMap((e) => e.PAL_CUSTOMERS.split(","))).toEqual(out.customers);
  });

  test("--customers selects named customers in manifest order; an unknown name is an error", () => {
    const dir = repo(manifest([a, b, c]));
    expect(parse(run(["--customers", "northwind, contoso"], dir, {}))).toMatchObject({ customers: ["contoso", "northwind"], all: false, reason: "requested by hand" });
    expect(() => run(["--customers", "contoso,nobody"], dir, {})).toThrow(/--customers: not in pal\.config\.yaml: nobody\. Customers: contoso, fabrikam, northwind/);
    expect(() => run(["--customers", "contoso", "--changed-since", "HEAD"], dir, {})).toThrow(/not both/);
  });

  test("shards: one customer each up to --max-jobs, none for no customer, and a bad --max-jobs is refused", () => {
    expect(shardCustomers([])).toEqual([]);
    expect(shardCustomers(["a", "b"], 5)).toEqual([{ shard: "1/2", customers: ["a"] }, { shard: "2/2", customers: ["b"] }]);
    expect(shardCustomers(["a", "b", "c", "d", "e"], 2)).toEqual([{ shard: "1/2", customers: ["a", "b", "c"] }, { shard: "2/2", customers: ["d", "e"] }]);
    const dir = repo(manifest([a]));
    for (const bad of ["0", "-1", "2.5", "many"]) expect(() => run(["--max-jobs", bad], dir, {})).toThrow(/--max-jobs (must be a whole number|needs a value)/);
  });

  test("an unknown git ref is an error, never 'every customer' (a shallow CI checkout must not deploy the fleet)", () => {
    const dir = repo(manifest([a]), manifest([a, b]));
    for (const ref of ["no-such-ref", "HEAD~5", "-p"]) {
      expect(() => run(["--changed-since", ref], dir, {})).toThrow(ref === "-p" ? /needs a value|is not a git ref/ : new RegExp(`--changed-since ${ref.replace("~", "~")}: no such commit .*fetch-depth: 0`));
    }
  });

  test("a ref where the manifest did not exist yet affects every customer", () => {
    const dir = repo(manifest([a]));
    git(dir, "mv", "pal.config.yaml", "fleet.yaml");
    git(dir, "commit", "-q", "-m", "rename");
    expect(parse(run(["--changed-since", "HEAD~1"], dir, { PAL_CONFIG: "fleet.yaml" }))).toMatchObject({ customers: ["contoso"], all: true, reason: "fleet.yaml did not exist at HEAD~1" });
  });

  test("a change to the kit itself affects every customer", () => {
    const dir = repo(manifest([a, b]));
    fs.mkdirSync(path.join(dir, "constructs"));
    fs.writeFileSync(path.join(dir, "constructs", "x.ts"), "export {};\n");
    git(dir, "add", ".");
    git(dir, "commit", "-q", "-m", "kit");
    expect(parse(run(["--changed-since", "HEAD~1"], dir, {}))).toMatchObject({ customers: ["contoso", "fabrikam"], all: true, reason: "the kit itself changed since HEAD~1" });
  });

  test("reads the manifest PAL_CONFIG names, JSON too", () => {
    const dir = repo(manifest([a]));
    fs.writeFileSync(path.join(dir, "fleet.json"), JSON.stringify({ partnerId: "1234567", defaults: { credential: { github: { repository: "o/r", environment: "e" } } }, customers: [{ name: "woodgrove", tenantId: T(3), scopes: [`/subscriptions/${T(2)}`] }] }));
    expect(parse(run([], dir, { PAL_CONFIG: "fleet.json" })).customers).toEqual(["woodgrove"]);
  });

  test("a positional argument, a missing repository or a bad manifest fail with a clear message", () => {
    const dir = repo(manifest([a]));
    expect(() => run(["HEAD~1"], dir, {})).toThrow(/unexpected argument "HEAD~1" \(a git ref goes after --changed-since\)/);
    const plain = fs.mkdtempSync(path.join(os.tmpdir(), "pal-customers-nogit-"));
    fs.writeFileSync(path.join(plain, "pal.config.yaml"), manifest([a]));
    expect(() => run(["--changed-since", "HEAD"], plain, {})).toThrow(/--changed-since needs a git repository/);
    fs.writeFileSync(path.join(plain, "pal.config.yaml"), manifest([{ name: "Bad Name" }]));
    const bad = spawnSync(process.execPath, [compiled("scripts/customers.js")], { cwd: plain, encoding: "utf8" });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^pal\.config\.yaml: 1 problem; no customers were listed:\n .*name "Bad Name"/);
  });

  describe("Azure Lighthouse stacks", () => {
    const PAIR = ["managing-tenant-identity", "managing-tenant-link"];

    test("every Lighthouse stack, the managing tenant's pair before the delegations, apart from the customer matrix", () => {
      const out = parse(run([], repo(lighthouseManifest([a], ["litware", "adatum"])), {}));
      expect(out.customers).toEqual(["contoso"]); // never a Lighthouse customer: it has no <customer>-identity
      expect(out.matrix.include.flatMap((s: { customers: string[] }) => s.customers)).toEqual(["contoso"]);
      expect(out.lighthouse).toEqual({
        managingTenant: true,
        delegations: ["litware", "adatum"],
        removed: [],
        stacks: [...PAIR, "litware-delegation", "adatum-delegation"],
        synthCustomers: "litware,adatum",
      });
    });

    test("a manifest without a lighthouse section prints no lighthouse key", () => {
      expect(parse(run([], repo(manifest([a])), {})).lighthouse).toBeUndefined();
    });

    test("a changed Lighthouse customer deploys only its delegation; a change of the section deploys the pair and every delegation", () => {
      const before = lighthouseManifest([a], ["litware", "adatum"]);
      const moved = before.replace(`name: adatum, access: lighthouse, tenantId: ${T(4)}, scopes: [/subscriptions/${T(4)}]`, `name: adatum, access: lighthouse, tenantId: ${T(4)}, scopes: [/subscriptions/${T(5)}]`);
      expect(moved).not.toBe(before);
      const one = parse(run(["--changed-since", "HEAD~1"], repo(before, moved), {}));
      expect(one).toMatchObject({ customers: [], lighthouse: { managingTenant: false, delegations: ["adatum"], stacks: ["adatum-delegation"] } });
      const offer = lighthouseManifest([a], ["litware", "adatum"], "  offerName: Contoso managed services\n");
      const all = parse(run(["--changed-since", "HEAD~1"], repo(before, offer), {}));
      expect(all).toMatchObject({ customers: [], lighthouse: { managingTenant: true, delegations: ["litware", "adatum"], stacks: [...PAIR, "litware-delegation", "adatum-delegation"] } });
      const unchanged = parse(run(["--changed-since", "HEAD~1"], repo(before, before + "# note\n"), {}));
      expect(unchanged.lighthouse).toMatchObject({ managingTenant: false, delegations: [], stacks: [] });
    });

    test("a customer-side change leaves the Lighthouse stacks alone; a fleet-wide change deploys them all", () => {
      const before = lighthouseManifest([a, b], ["litware"]);
      const after = lighthouseManifest([a, { ...b, roles: "[Reader, Support Request Contributor, Monitoring Contributor]" }], ["litware"]);
      expect(parse(run(["--changed-since", "HEAD~1"], repo(before, after), {}))).toMatchObject({ customers: ["fabrikam"], lighthouse: { stacks: [] } });
      const backend = "backend: { type: azurerm, resourceGroupName: rg, storageAccountName: stpal, containerName: pal }\n";
      const wide = parse(run(["--changed-since", "HEAD~1"], repo(before, backend + before), {}));
      expect(wide).toMatchObject({ customers: ["contoso", "fabrikam"], all: true, lighthouse: { managingTenant: true, stacks: [...PAIR, "litware-delegation"] } });
    });

    test("removed Lighthouse customers are listed apart and never deployed", () => {
      const out = parse(run(["--changed-since", "HEAD~1"], repo(lighthouseManifest([a], ["litware", "adatum"]), lighthouseManifest([a], ["litware"])), {}));
      expect(out.removed).toEqual([]);
      expect(out.lighthouse).toMatchObject({ removed: ["adatum"], delegations: [], stacks: [] });
    });

    test("--customers takes Lighthouse customers and managing-tenant; other names are still errors", () => {
      const dir = repo(lighthouseManifest([a, b], ["litware", "adatum"]));
      expect(parse(run(["--customers", "adatum, fabrikam"], dir, {}))).toMatchObject({ customers: ["fabrikam"], lighthouse: { managingTenant: false, stacks: ["adatum-delegation"] } });
      expect(parse(run(["--customers", "managing-tenant"], dir, {}))).toMatchObject({ customers: [], lighthouse: { managingTenant: true, delegations: [], stacks: PAIR } });
      expect(() => run(["--customers", "nobody"], dir, {})).toThrow(/not in pal\.config\.yaml: nobody\. Customers: contoso, fabrikam, managing-tenant, litware, adatum/);
    });

    test("1000 customer-side and 300 Lighthouse customers: at most 256 jobs in all, each customer and each stack exactly once", () => {
      const names = Array.from({ length: 1000 }, (_, i) => ({ name: `c${i}` }));
      const lighthouse = Array.from({ length: 300 }, (_, i) => `lh${i}`);
      const out = parse(run([], repo(lighthouseManifest(names, lighthouse)), {}));
      const include: { customers: string[] }[] = out.matrix.include;
      expect(include.length + 1).toBeLessThanOrEqual(256); // the shards and the one Lighthouse job
      expect(include.flatMap((s) => s.customers)).toEqual(names.map((c) => c.name));
      expect(out.lighthouse.stacks).toEqual([...PAIR, ...lighthouse.map((n) => `${n}-delegation`)]);
      expect(new Set(out.lighthouse.stacks).size).toBe(out.lighthouse.stacks.length);
      expect(out.lighthouse.stacks.filter((s: string) => s.endsWith("-identity") || s.endsWith("-link")).length).toBe(2);
      // No Lighthouse job needed: the customer shards keep all 256.
      expect(parse(run(["--customers", names.map((c) => c.name).join(",")], repo(lighthouseManifest(names, lighthouse)), {})).matrix.include).toHaveLength(256);
      expect(parse(run(["--max-jobs", "3"], repo(lighthouseManifest([a, b, c], ["litware"])), {})).matrix.include).toHaveLength(2); // 2 shards + the Lighthouse job
      expect(parse(run(["--max-jobs", "1"], repo(lighthouseManifest([a, b], ["litware"])), {})).matrix.include).toEqual([{ shard: "1/1", customers: ["contoso", "fabrikam"] }]);
    });
  });

  test("the compiled command prints one JSON line and fails clearly on bad options", () => {
    const dir = repo(manifest([a]));
    const ok = spawnSync(process.execPath, [compiled("scripts/customers.js"), "--changed-since", "HEAD"], { cwd: dir, encoding: "utf8" });
    expect(ok.status).toBe(0);
    expect(ok.stdout.trim().split("\n")).toHaveLength(1);
    expect(parse(ok.stdout)).toMatchObject({ customers: [], all: false });
    const bad = spawnSync(process.execPath, [compiled("scripts/customers.js"), "--since", "HEAD"], { cwd: dir, encoding: "utf8" });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/customers: unknown option --since; usage: npm run --silent customers -- \[--changed-since <git-ref>\]/);
    const missing = spawnSync(process.execPath, [compiled("scripts/customers.js"), "--changed-since"], { cwd: dir, encoding: "utf8" });
    expect(missing.stderr).toMatch(/--changed-since needs a value/);
  });
});
