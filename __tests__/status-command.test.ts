/**
 * `npm run status` as a user runs it: the compiled emulator (`npm run emulator -- --state
 * examples/fleet/emulator-state.json`) in one process, `status --json` for the bundled example
 * fleet in another, pointed at it only by the environment variables the emulator prints.
 * Also: the report formats, the JSON schema, exit codes and --help.
 */
import Ajv from "ajv";
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { main as statusMain } from "../status/cli";
import { namedCustomers } from "../status/cli-common";
import { bundledExampleManifest, loadManifest } from "../stacks/manifest/load-manifest";
import { buildReport, exitCodeFor, renderMarkdown, renderTable, StatusReport } from "../status/report";
import { runStatus } from "../status/run-status";
import { Emulator } from "../tools/emulator/emulator";
import { compiled, ROOT } from "./support/run";
import { EXAMPLE_STATE_FILE, emulatorClientOptions, exampleEnvironment, tempDir } from "./support/status-emulator";
import { scenarioFleet, SCENARIOS } from "./support/status-scenarios";

const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "status", "status-report.schema.json"), "utf8"));
const validateReport = new Ajv({ strict: true, validateFormats: false }).compile(schema);

/** Starts the compiled emulator and resolves with its environment once it has printed it. */
function startEmulator(state: string): Promise<{ child: ChildProcess; env: Record<string, string> }> {
  const child = spawn(process.execPath, [compiled("scripts/emulator.js"), "--state", state], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const env = Object.fromEntries(out.split("\n").filter((l) => l.includes("=")).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
      if (env.NODE_EXTRA_CA_CERTS && env.AZURE_AUTHORITY_HOST && env.PAL_ARM_ENDPOINT && env.PAL_GRAPH_ENDPOINT) resolve({ child, env });
    });
  });
}

test("end to end: npm run emulator, then npm run status -- --json for the bundled example fleet", async () => {
  const { child, env } = await startEmulator(EXAMPLE_STATE_FILE);
  try {
    const dir = tempDir();
    const out = path.join(dir, "status.json");
    const summary = path.join(dir, "summary.md");
    const { PAL_CONFIG: _ignored, ...inherited } = process.env;
    // An asynchronous child: the emulator in the other child must keep answering while status runs.
    const result = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const status = spawn(process.execPath, [compiled("scripts/status.js"), "--json", "--out", out, "--markdown", summary], {
        cwd: dir,
        env: { ...inherited, ...env, ...exampleEnvironment(dir) } as NodeJS.ProcessEnv,
      });
      let stdout = "";
      let stderr = "";
      status.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
      status.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
      status.on("exit", (code) => resolve({ status: code, stdout, stderr }));
    });
    expect(result.stderr).toContain("using the bundled example fleet");
    expect(result.stderr).toContain("status: not read: the Lighthouse managing tenant and 1 Lighthouse customer (litware); npm run status reads the customer-side customers only");
    const report = JSON.parse(result.stdout) as StatusReport;
    expect(validateReport(report)).toBe(true);
    expect(JSON.parse(fs.readFileSync(out, "utf8"))).toEqual(report);
    expect(report.customers.map((c) => [c.customer, c.verdict, c.findings.map((f) => f.id)])).toEqual([
      ["contoso", "earning", []],
      ["fabrikam", "earning", ["PALS023"]],
      ["northwind", "not-earning", ["PALS021", "PALS022"]],
      ["woodgrove", "not-earning", ["PALS002"]],
    ]);
    expect(result.status).toBe(1);
    expect(fs.readFileSync(summary, "utf8")).toContain("| northwind | ❌ not-earning |");
    // No secret the environment holds ends up in any output.
    for (const text of [result.stdout, fs.readFileSync(summary, "utf8")]) {
      expect(text).not.toContain("fabrikam-example-secret");
      expect(text).not.toContain("plan-identity-secret");
    }
  } finally {
    child.kill("SIGTERM");
  }
});

test("--help lists the options of both commands; bad arguments exit 2", async () => {
  // The compiled bin as users run it, once; the other cases through its main() (same code, no new process).
  const status = spawnSync(process.execPath, [compiled("scripts/status.js"), "--help"], { encoding: "utf8" });
  expect(status.status).toBe(0);
  for (const option of ["--customers", "--json", "--out", "--markdown", "--fail-on", "--concurrency"]) expect(status.stdout).toContain(option);
  const emulator = spawnSync(process.execPath, [compiled("scripts/emulator.js"), "--help"], { encoding: "utf8" });
  expect(emulator.status).toBe(0);
  expect(emulator.stdout).toContain("--state <file>");
  const stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    expect(await statusMain(["--fail-on", "sometimes"])).toBe(2);
    expect(stderr.mock.calls.join("")).toContain("--fail-on must be at-risk, not-earning or never");
  } finally {
    stderr.mockRestore();
  }
  expect(spawnSync(process.execPath, [compiled("scripts/emulator.js")], { encoding: "utf8" }).status).toBe(2);
});

describe("reports", () => {
  let report: StatusReport;
  beforeAll(async () => {
    const fleet = scenarioFleet(SCENARIOS.filter((s) => ["earning", "secret-expiring", "pim-only", "tenant-down"].includes(s.name)));
    const emulator = await Emulator.start(fleet.state);
    try {
      report = buildReport(await runStatus(fleet.customers, { clients: emulatorClientOptions(emulator), env: fleet.env(tempDir()) }), "pal.config.yaml", new Date("2026-12-01T06:00:00Z"));
    } finally {
      await emulator.stop();
    }
  });

  test("the JSON report follows its versioned schema", () => {
    expect(report.schemaVersion).toBe(1);
    expect(validateReport(report)).toBe(true);
    expect(validateReport({ ...report, customers: [{ ...report.customers[0], verdict: "maybe" }] })).toBe(false);
    expect(report.summary).toEqual({ customers: 4, earning: 1, "at-risk": 2, "not-earning": 1 });
  });

  test("the table has one row per customer and every finding with its fix", () => {
    const table = renderTable(report);
    expect(table.split("\n")[0]).toMatch(/^CUSTOMER\s+VERDICT\s+LINK\s+PRINCIPAL\s+ROLES\s+FINDINGS$/);
    expect(table).toMatch(/s-pim-only\s+not-earning\s+1234567\s+ok\s+1\/2 active\s+PALS021 PALS022/);
    expect(table).toContain("1 of 4 customers earning, 2 at risk, 1 not earning.");
    expect(table).toMatch(/s-tenant-down PALS030 \[at-risk\] Reading Azure failed: AADSTS90033.*\n {4}fix: /);
  });

  test("the Markdown report is a summary table and a findings list", () => {
    const markdown = renderMarkdown(report);
    expect(markdown).toContain("## PAL Kit: is it working?");
    expect(markdown).toContain("| s-earning | ✅ earning | 1234567 | ok | 2/2 active | - |");
    expect(markdown).toContain("| s-secret-expiring | ⚠️ at-risk |");
    expect(markdown).toMatch(/- \*\*s-pim-only\*\* `PALS021` \(at-risk\): .*Fix: /);
  });

  test("exit code: 1 at the configured threshold, 0 below it", () => {
    expect(exitCodeFor(report, "at-risk")).toBe(1);
    expect(exitCodeFor(report, "not-earning")).toBe(1);
    expect(exitCodeFor(report, "never")).toBe(0);
    const onlyAtRisk = { ...report, summary: { ...report.summary, "not-earning": 0 } };
    expect(exitCodeFor(onlyAtRisk, "not-earning")).toBe(0);
  });
});

test("the README's findings table is the catalogue: every ID with its verdict", () => {
  const { STATUS_FINDINGS } = jest.requireActual("../status/findings") as typeof import("../status/findings");
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("\n## Is it working?\n"), readme.indexOf("\n## Manifest reference\n"));
  const rows = [...section.matchAll(/^\| (PALS\d{3}) \| ([a-z-]+) \|/gm)].map((m) => [m[1], m[2]]);
  expect(rows).toEqual(Object.values(STATUS_FINDINGS).map((f) => [f.id, f.severity]));
});

describe("--customers of npm run status and npm run link-staff", () => {
  const fleet = loadManifest(bundledExampleManifest());
  const named = (list: string) => {
    const printed: string[] = [];
    return { names: namedCustomers("status", fleet, list, (t) => printed.push(t)), printed: printed.join("") };
  };

  test("reads the list as PAL_CUSTOMERS is read: commas or spaces, each name once, in the order given", () => {
    expect(named("fabrikam, contoso fabrikam")).toEqual({ names: ["fabrikam", "contoso"], printed: "" });
  });

  test("an unknown name is refused with the closest names; a Lighthouse name says these commands do not read it", () => {
    const typo = named("contso");
    expect(typo.names).toBeUndefined();
    expect(typo.printed).toBe('status: not in the manifest: "contso" (did you mean "contoso"?). Use the customers\' `name` values, separated by commas.\n');
    expect(named("litware,managing-tenant").printed).toContain('"litware" (a Lighthouse name: status reads customer-side customers only), "managing-tenant" (a Lighthouse name');
  });
});
