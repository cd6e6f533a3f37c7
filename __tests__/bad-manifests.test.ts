/**
 * The bad-manifest corpus: every file in fixtures/bad-manifests/ is a mistake MSP engineers make,
 * with the message it must produce. Each case starts with comment lines (a `.json` case, which
 * cannot hold comments, has them in `<file>.expect`):
 *
 *   # why: what the mistake is
 *   # expect: a substring the error message must contain (one or more lines)
 *   # problems: how many problems exactly
 *
 * fixtures/good-manifests/ pins spellings that must keep loading.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadManifest } from "../stacks/manifest/load-manifest";
import { ManifestError } from "../stacks/manifest/manifest-error";
import { runMain, runMainInProcess } from "./support/run";
import { listFiles } from "./support/synth";

const BAD = path.join(__dirname, "fixtures", "bad-manifests");
const GOOD = path.join(__dirname, "fixtures", "good-manifests");
const CASE_FILE = /^(\d{3})-[a-z0-9]+(-[a-z0-9]+)*\.(yaml|json)$/;

interface Case {
  readonly name: string;
  readonly why: string;
  readonly expect: readonly string[];
  readonly problems: number;
}

/** Reads a case's header: the leading comment lines of a YAML case, or a JSON case's `.expect` file. */
function readCase(name: string): Case {
  const headerFile = name.endsWith(".json") ? `${name}.expect` : name;
  const lines = fs.readFileSync(path.join(BAD, headerFile), "utf8").split("\n");
  const header = lines.slice(0, lines.findIndex((l) => !l.startsWith("#")));
  const values = (key: string) => header.filter((l) => l.startsWith(`# ${key}: `)).map((l) => l.slice(`# ${key}: `.length));
  const [why] = values("why");
  const [problems] = values("problems");
  if (!why || !/^\d+$/.test(problems ?? "") || values("expect").length === 0) {
    throw new Error(`${headerFile}: the header needs "# why: ...", at least one "# expect: ..." and "# problems: <n>"`);
  }
  return { name, why, expect: values("expect"), problems: Number(problems) };
}

const caseFiles = fs.readdirSync(BAD).filter((f) => !f.endsWith(".expect")).sort();
const cases = caseFiles.map(readCase);

/** Loads a case the way main.ts does, and returns the ManifestError it must throw. */
function failureOf(file: string, name: string): ManifestError {
  try {
    loadManifest(file, name);
  } catch (err) {
    if (err instanceof ManifestError) return err;
    throw new Error(`${name}: expected a ManifestError, got ${err instanceof Error ? err.stack : String(err)}`, { cause: err });
  }
  throw new Error(`${name}: loaded without a problem`);
}

describe("the bad-manifest corpus", () => {
  test("has at least 60 cases, uniquely numbered, each JSON case with its .expect file", () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    for (const name of caseFiles) expect(name).toMatch(CASE_FILE);
    const numbers = caseFiles.map((f) => f.slice(0, 3));
    expect(new Set(numbers).size).toBe(numbers.length);
    const sidecars = fs.readdirSync(BAD).filter((f) => f.endsWith(".expect"));
    expect(sidecars.sort()).toEqual(caseFiles.filter((f) => f.endsWith(".json")).map((f) => `${f}.expect`));
  });

  test.each(cases.map((c) => [c.name, c] as const))("%s", (name, c) => {
    const error = failureOf(path.join(BAD, name), name);
    const summary = `${name}: ${c.problems} problem${c.problems === 1 ? "" : "s"}; nothing was synthesised:`;
    if (error.problems.length !== c.problems) {
      throw new Error(`${name} (${c.why}): expected ${c.problems} problem(s), got ${error.problems.length}:\n${error.message}`);
    }
    expect(error.message.split("\n")[0]).toBe(summary);
    for (const expected of c.expect) expect(error.message).toContain(expected);

    // Every problem says where (the file, and the line when the file has content there), in source order,
    // and nothing in a message is an unfilled value.
    const lines = error.message.split("\n").slice(1);
    expect(lines).toHaveLength(c.problems);
    for (const line of lines) expect(line.startsWith(`  ${name}`)).toBe(true);
    const positions = error.problems.map((p) => p.line ?? 0);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(error.message).not.toMatch(/\bundefined\b|\[object Object\]|\bNaN\b/);
  });
});

describe("manifests that must load", () => {
  const goodFiles = fs.readdirSync(GOOD).sort();

  test.each(goodFiles)("%s", (name) => {
    expect(() => loadManifest(path.join(GOOD, name), name)).not.toThrow();
  });

  test("spellings Azure treats as the same are normalised, not rejected", () => {
    const spec = loadManifest(path.join(GOOD, "casing-and-spelling-variants.yaml"));
    const [contoso, fabrikam, northwind] = spec.customers;
    expect(contoso.tenantId).toBe("11111111-aaaa-1111-1111-111111111111");
    expect(contoso.subscriptionId).toBe("bbbbbbbb-2222-2222-2222-222222222222");
    expect(contoso.scopes).toEqual([
      "/subscriptions/bbbbbbbb-2222-2222-2222-222222222222",
      "/subscriptions/cccccccc-3333-3333-3333-333333333333/resourceGroups/RG-App",
      "/subscriptions/cccccccc-3333-3333-3333-333333333333/resourceGroups/rg-data/providers/microsoft.storage/storageAccounts/stdata",
      "/providers/Microsoft.Management/managementGroups/MG-Prod",
    ]);
    for (const customer of [contoso, fabrikam, northwind]) expect(customer.roles).toEqual(["Reader", "Support Request Contributor"]);
    expect(contoso.credential).toMatchObject({ subject: "repo:Contoso-MSP/PAL.Infra:environment:pal-contoso" });
  });
});

describe("a bad manifest in the compiled app (npm run synth)", () => {
  // One working directory with a previous synthesis; every run below must leave it exactly as it was.
  let cwd: string;
  let before: Array<[string, string]>;
  // Every byte as one latin1 character: byte-exact, and compared as strings (jest compares a Buffer index by index, ~1 s here).
  const snapshot = () => listFiles(path.join(cwd, "cdktf.out")).map((f): [string, string] => [f, fs.readFileSync(path.join(cwd, "cdktf.out", f)).toString("latin1")]);

  beforeAll(() => {
    cwd = fs.mkdtempSync(path.join(os.tmpdir(), "pal-bad-manifest-"));
    const first = runMainInProcess(cwd);
    expect(first.status).toBe(0);
    before = snapshot();
    expect(before.length).toBeGreaterThan(0);
  });

  // A YAML error that used to escape as a plain exception, a JSON syntax error, a defaults problem
  // shared by two customers, and problems in several customers.
  const chosen = ["yaml-unresolved-alias", "json-trailing-comma", "github-environment-placeholder-colon", "multi-several-customers"];
  const slugOf = (name: string) => name.replace(/^\d{3}-|\.(yaml|json)$/g, "");
  const endToEnd = cases.filter((c) => chosen.includes(slugOf(c.name)));

  test("the chosen cases are in the corpus", () => {
    expect(endToEnd.map((c) => slugOf(c.name)).sort()).toEqual([...chosen].sort());
  });

  // The YAML error that used to escape in a new `node dist/main.js` (nothing leaves the process as
  // an uncaught exception), the others through main() in this worker, which prints the same.
  test.each(endToEnd.map((c) => [c.name, c, slugOf(c.name) === "yaml-unresolved-alias" ? runMain : runMainInProcess] as const))("%s: exit code 1, every message on stderr, cdktf.out untouched", (name, c, run_) => {
    fs.copyFileSync(path.join(BAD, name), path.join(cwd, name));
    try {
      const run = run_(cwd, { PAL_CONFIG: name });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`${name}: ${c.problems} problem${c.problems === 1 ? "" : "s"}; nothing was synthesised:`);
      for (const expected of c.expect) expect(run.stderr).toContain(expected);
      expect(run.stderr).not.toMatch(/^\s+at /m); // no stack trace
      expect(run.stdout).not.toMatch(/synthesised into/);
      expect(snapshot()).toEqual(before);
      expect(fs.readdirSync(cwd).sort()).toEqual(["cdktf.out", name].sort());
    } finally {
      fs.rmSync(path.join(cwd, name));
    }
  });
});
