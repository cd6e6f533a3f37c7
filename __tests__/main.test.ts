import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { compiled, MainRun, ROOT, runCdktf, runMain, runMainInProcess } from "./support/run";
import { sharedFleet } from "./support/shared-fleets";
import { listFiles } from "./support/synth";

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "pal-main-"));
}

const EXAMPLE_STACKS = [
  ...["contoso", "fabrikam", "northwind", "woodgrove"].flatMap((c) => [`${c}-identity`, `${c}-link`]),
  // The example's Azure Lighthouse customer and the managing tenant (stacks/lighthouse-stacks.ts).
  ...["litware-delegation", "managing-tenant-identity", "managing-tenant-link"],
].sort();

/** Every file under `dir` with its text. */
const read = (dir: string) => listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]);

// The tests below run the compiled app's main() in the jest worker (runMainInProcess), as
// `node dist/main.js` runs it, except where the process itself is what a test is about: the first
// two (one new process), the racing runs of publish-output.test.ts and the cdktf CLI below.
describe("main.ts (npm run synth)", () => {
  // One `node dist/main.js` in an empty folder, with a PATH holding only node: anything that shells
  // out (e.g. cdktf's DataResource, which runs `terraform version` per instance) fails there.
  let cwd: string;
  let run: MainRun;
  beforeAll(() => {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), "pal-bin-"));
    fs.symlinkSync(process.execPath, path.join(bin, "node"));
    cwd = tempDir();
    run = runMain(cwd, { PATH: bin });
  });

  test("without a manifest, synthesises the bundled example fleet into ./cdktf.out and says so (a new process)", () => {
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/using the bundled example fleet .*examples\/fleet\/pal\.config\.yaml/);
    expect(run.stdout).toMatch(/PAL Kit: 4 customers and 1 Lighthouse customer, 11 stacks from .*pal\.config\.yaml synthesised into cdktf\.out in [\d.]+ s/);
    expect(fs.readdirSync(path.join(cwd, "cdktf.out", "stacks")).sort()).toEqual(EXAMPLE_STACKS);
    const lines = run.stdout.trim().split("\n");
    expect(lines[lines.length - 1]).toMatch(/^PAL Kit: 4 customers/);
    expect(lines[1]).toMatch(/^PAL checks: 0 errors, 1 warning, 1 info \(1 acknowledged\)$/);
  });

  test("needs no terraform binary and starts no other program: synthesis is pure Node.js (that run's PATH holds only node)", () => {
    expect([run.status, run.stderr]).toEqual([0, ""]);
    expect(fs.readdirSync(path.join(cwd, "cdktf.out", "stacks")).sort()).toEqual(EXAMPLE_STACKS);
    expect(read(path.join(cwd, "cdktf.out"))).toEqual(read(sharedFleet("example"))); // the whole output, as with a full PATH
  });

  test("writes into CDKTF_OUTDIR, creating nested directories", () => {
    const cwd = tempDir();
    const run = runMainInProcess(cwd, { CDKTF_OUTDIR: "build/out/cdktf" });
    expect(run.status).toBe(0);
    expect(fs.existsSync(path.join(cwd, "build/out/cdktf/manifest.json"))).toBe(true);
    expect(fs.readdirSync(cwd)).toEqual(["build"]); // no staging directory left behind
  });

  test("a bad manifest exits non-zero and leaves the previous output untouched", () => {
    const cwd = tempDir();
    expect(runMainInProcess(cwd).status).toBe(0);
    const before = listFiles(path.join(cwd, "cdktf.out")).map((f) => [f, fs.readFileSync(path.join(cwd, "cdktf.out", f), "utf8")]);
    fs.writeFileSync(path.join(cwd, "pal.config.yaml"), 'partnerId: "1234567"\ncustomers:\n  - name: contoso\n    tenantId: nope\n    scopes: []\n');
    const run = runMainInProcess(cwd);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/pal\.config\.yaml: 3 problems; nothing was synthesised/);
    const after = listFiles(path.join(cwd, "cdktf.out")).map((f) => [f, fs.readFileSync(path.join(cwd, "cdktf.out", f), "utf8")]);
    expect(after).toEqual(before);
    expect(fs.readdirSync(cwd).sort()).toEqual(["cdktf.out", "pal.config.yaml"]);
  });

  test("re-synthesis keeps Terraform's files in stack directories and removes stacks no longer in the manifest", () => {
    const cwd = tempDir();
    expect(runMainInProcess(cwd).status).toBe(0);
    const lock = path.join(cwd, "cdktf.out/stacks/contoso-identity/.terraform.lock.hcl");
    fs.writeFileSync(lock, "# terraform init result\n");
    const manifest = fs.readFileSync(path.join(ROOT, "examples/fleet/pal.config.yaml"), "utf8");
    fs.writeFileSync(path.join(cwd, "pal.config.yaml"), manifest.replace(/  # A principal that already exists[\s\S]*$/, ""));
    expect(runMainInProcess(cwd).status).toBe(0);
    expect(fs.existsSync(lock)).toBe(true);
    expect(fs.readdirSync(path.join(cwd, "cdktf.out/stacks")).sort()).toEqual(EXAMPLE_STACKS.filter((s) => !s.startsWith("woodgrove")));
  });
});

describe("npx cdktf synth", () => {
  test("runs the compiled app, writes what node dist/main.js writes, and its own removal of a removed customer's stack folders finds them (no ENOENT)", () => {
    // cdktf.json's app builds first and then runs the compiled app; `npm test` has just built, so
    // the CLI runs the compiled app directly, the way cdktf.json's app ends (as `--app` would).
    const config = JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8"));
    expect(config.app).toBe("npm run --silent build && node dist/main.js");
    const project = tempDir();
    fs.writeFileSync(path.join(project, "cdktf.json"), JSON.stringify({ ...config, app: `node ${JSON.stringify(compiled("main.js"))}` }));
    const manifest = fs.readFileSync(path.join(ROOT, "examples/fleet/pal.config.yaml"), "utf8");
    fs.writeFileSync(path.join(project, "pal.config.yaml"), manifest);
    // The previous synthesis, with woodgrove (what `cdktf synth` wrote last time: the app's output).
    expect(runMainInProcess(project).status).toBe(0);
    expect(fs.readdirSync(path.join(project, "cdktf.out/stacks"))).toContain("woodgrove-identity");
    const removed = manifest.replace(/  # A principal that already exists[\s\S]*$/, "");
    fs.writeFileSync(path.join(project, "pal.config.yaml"), removed);

    const cli = runCdktf(project, ["synth"]);
    expect(cli.stdout + cli.stderr).not.toMatch(/ENOENT/);
    expect(cli.status).toBe(0);
    expect(cli.stdout).toMatch(/PAL Kit: 3 customers and 1 Lighthouse customer, 9 stacks/);
    expect(fs.readdirSync(path.join(project, "cdktf.out/stacks")).filter((s) => s.startsWith("woodgrove"))).toEqual([]);
    expect(fs.readdirSync(project).sort()).toEqual(["cdktf.json", "cdktf.out", "pal.config.yaml"]);

    const viaNode = tempDir();
    fs.writeFileSync(path.join(viaNode, "pal.config.yaml"), removed);
    expect(runMainInProcess(viaNode).status).toBe(0);
    expect(read(path.join(project, "cdktf.out"))).toEqual(read(path.join(viaNode, "cdktf.out")));
  });
});

describe("PAL checks in main.ts", () => {
  const manifest = (roles: string, acknowledge = "") => `partnerId: "1234567"
defaults:
  credential: { github: { repository: contoso-msp/pal, environment: "pal-{customer}" } }
customers:
  - name: contoso
    tenantId: 11111111-1111-1111-1111-111111111111
    scopes: [/subscriptions/22222222-2222-2222-2222-222222222222]
    roles: ${roles}
    approval: { by: Contoso CIO, date: 2026-10-01 }
${acknowledge}`;

  test("prints the findings once as a table and writes pal-findings.json", () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, "pal.config.yaml"), manifest("[Reader, Support Request Contributor, Tag Contributor]"));
    const run = runMainInProcess(cwd);
    expect(run.status).toBe(0);
    expect(run.stdout.match(/PAL checks:/g)).toHaveLength(1);
    expect(run.stdout).toMatch(/^PAL003  warning   contoso   contoso-identity\/roles  Tag Contributor/m);
    const report = JSON.parse(fs.readFileSync(path.join(cwd, "cdktf.out/pal-findings.json"), "utf8"));
    expect(report.summary).toEqual({ errors: 0, warnings: 1, infos: 0, acknowledged: 0, blocking: 0 });
    expect(report.findings[0]).toMatchObject({ rule: "PAL003", severity: "warning", customer: "contoso", path: "contoso-identity/roles" });
  });

  test("an unacknowledged error exits non-zero and writes no stack; the previous stacks stay", () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, "pal.config.yaml"), manifest("[Reader, Support Request Contributor]"));
    expect(runMainInProcess(cwd).status).toBe(0);
    const stacksBefore = listFiles(path.join(cwd, "cdktf.out/stacks")).map((f) => [f, fs.readFileSync(path.join(cwd, "cdktf.out/stacks", f), "utf8")]);
    fs.writeFileSync(path.join(cwd, "pal.config.yaml"), manifest("[Reader]"));
    const run = runMainInProcess(cwd);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^PAL001  error     contoso   contoso-link\/partner-link  the linked principal holds no PEC-eligible role/m);
    expect(run.stderr).toMatch(/1 unacknowledged error finding; nothing was synthesised/);
    const stacksAfter = listFiles(path.join(cwd, "cdktf.out/stacks")).map((f) => [f, fs.readFileSync(path.join(cwd, "cdktf.out/stacks", f), "utf8")]);
    expect(stacksAfter).toEqual(stacksBefore);
    expect(JSON.parse(fs.readFileSync(path.join(cwd, "cdktf.out/pal-findings.json"), "utf8")).summary.blocking).toBe(1);
  });

  test("an acknowledged error is listed with its reason and does not stop synthesis", () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, "pal.config.yaml"), manifest("[Support Request Contributor, Owner]", '    acknowledge: { PAL002: "Owner agreed with the customer for the migration" }\n'));
    const run = runMainInProcess(cwd);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/PAL002  error \(ack\) .*\[acknowledged: Owner agreed with the customer for the migration\]/);
  });
});

describe("PAL_CUSTOMERS and --customers in main.ts", () => {
  test("an unknown customer name exits non-zero, names the closest customers and writes nothing", () => {
    const cwd = tempDir();
    const run = runMainInProcess(cwd, { PAL_CUSTOMERS: "contoso,fabrikm" });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/names a customer that .*pal\.config\.yaml does not have: "fabrikm" \(did you mean "fabrikam"\?\)/);
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  test("the whole manifest is still validated: a problem in another customer stops a selective synthesis", () => {
    const cwd = tempDir();
    const example = fs.readFileSync(path.join(ROOT, "examples/fleet/pal.config.yaml"), "utf8");
    fs.writeFileSync(path.join(cwd, "pal.config.yaml"), example.replace("name: fabrikam", "name: contoso"));
    const run = runMainInProcess(cwd, { PAL_CUSTOMERS: "northwind" });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/name "contoso" is already used by customers\[0\]/);
  });

  test("--customers selects like PAL_CUSTOMERS and wins over it; an unknown option is a usage error", () => {
    const cwd = tempDir();
    const main = (args: string[]) => runMainInProcess(cwd, { PAL_CUSTOMERS: "woodgrove" }, args);
    const run = main(["--customers", "northwind"]);
    expect([run.status, run.stderr]).toEqual([0, ""]);
    expect(run.stdout).toMatch(/PAL Kit: 1 of 5 customers, 2 stacks/); // the example has a Lighthouse customer too
    expect(fs.readdirSync(path.join(cwd, "cdktf.out/stacks")).sort()).toEqual(["northwind-identity", "northwind-link"]);
    const lighthouse = main(["--customers", "managing-tenant,litware"]);
    expect([lighthouse.status, lighthouse.stderr]).toEqual([0, ""]);
    expect(lighthouse.stdout).toMatch(/PAL Kit: 1 of 5 customers and the managing tenant, 3 stacks/);
    const bad = main(["--customer", "northwind"]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/Unknown option '--customer'\. Usage: node dist\/main\.js \[--customers <name>\[,<name>\.\.\.\]\]/);
  });
});
