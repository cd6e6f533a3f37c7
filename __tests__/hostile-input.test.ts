/**
 * No manifest string is code: every string field of the manifest, given a payload that would
 * close a string, add a block or run a Terraform function, is either refused with a located
 * problem or written as an inert literal, in JSON and in HCL. Inert is checked by Terraform
 * itself: `terraform console` evaluates each written string back to the manifest's text.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { parseManifest } from "../stacks/manifest/load-manifest";
import { ManifestError } from "../stacks/manifest/manifest-error";
import { synthesizeFleet } from "../stacks/synthesize-fleet";
import { describeMissingPrerequisites, isTerraformAvailable, validateStacks } from "../tools/terraform-validate";
import { listFiles } from "./support/synth";

/** A manifest with every string field the schema has, all valid. */
const BASE = `
partnerId: "1234567"
partnerName: Contoso MSP
backend: { type: azurerm, resourceGroupName: rg-state, storageAccountName: stpalstate, containerName: pal-state, keyPrefix: pal/, subscriptionId: 99999999-9999-9999-9999-999999999999, tenantId: 88888888-8888-8888-8888-888888888888 }
policy: { maxPasswordLifetime: 2160h }
defaults:
  roles: [Reader, Support Request Contributor]
  owners: [66666666-6666-6666-6666-666666666666]
  credential: { type: federated, github: { repository: contoso-msp/pal, environment: "pal-{customer}" } }
customers:
  - name: gh-env
    tenantId: 11111111-1111-1111-1111-111111111111
    subscriptionId: 22222222-2222-2222-2222-222222222222
    scopes: [/subscriptions/22222222-2222-2222-2222-222222222222, /subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-app/providers/Microsoft.Storage/storageAccounts/stdata, /providers/Microsoft.Management/managementGroups/mg-prod]
    displayName: PAL for gh-env
    partnerName: Contoso Managed
  - name: gh-ref
    tenantId: 11111111-1111-1111-1111-111111111111
    scopes: [/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-app]
    credential: { github: { repository: contoso-msp/pal, ref: refs/heads/main }, audience: api://AzureADTokenExchange }
  - name: ado
    tenantId: 11111111-1111-1111-1111-111111111111
    scopes: [/subscriptions/22222222-2222-2222-2222-222222222222]
    credential: { azureDevOps: { organizationId: 77777777-7777-7777-7777-777777777777, organization: contoso-msp, project: PAL Project, serviceConnection: "pal-{customer}" } }
  - name: custom
    tenantId: 11111111-1111-1111-1111-111111111111
    scopes: [/subscriptions/22222222-2222-2222-2222-222222222222]
    credential: { issuer: "https://gitlab.example.com", subject: "project_path:contoso/pal:ref_type:branch:ref:main" }
  - name: secret
    tenantId: 11111111-1111-1111-1111-111111111111
    scopes: [/subscriptions/22222222-2222-2222-2222-222222222222]
    credential: { type: password, lifetime: 720h }
    acknowledge: { PAL005: "No pipeline at this customer yet; ticket OPS-1234" }
  - name: existing
    tenantId: 11111111-1111-1111-1111-111111111111
    scopes: [/subscriptions/22222222-2222-2222-2222-222222222222]
    credential: { type: none, clientId: 44444444-4444-4444-4444-444444444444, objectId: 55555555-5555-5555-5555-555555555555, signIn: environment }
`;

/**
 * Closes a string, runs a function, opens a directive and adds a block, in few characters and with
 * no "/" or ":", so that free text up to its length limit accepts it.
 */
const payload = (i: number) => `"} \${file("p${i}")} %{if 1}pwn${i}%{endif} # resource "x" "pwn${i}" {} \\ \${`;

type Path = (string | number)[];

/** Every string leaf (not keys of acknowledge, which are rule IDs) with its path. */
function stringLeaves(value: unknown, at: Path = []): Path[] {
  if (typeof value === "string") return [at];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringLeaves(v, [...at, i]));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, [...at, k]));
  return [];
}

function setAt(root: any, at: Path, value: string): void {
  let node = root;
  for (const step of at.slice(0, -1)) node = node[step];
  node[at[at.length - 1]] = value;
}

function getAt(root: any, at: Path): string {
  return at.reduce((node, step) => node[step], root);
}

const base = parse(BASE);
const leaves = stringLeaves(base);

/** The outcome of each field with the payload appended: refused (located) or accepted. */
const outcomes = leaves.map((at, i) => {
  const manifest = structuredClone(base);
  const hostile = getAt(base, at) + payload(i);
  setAt(manifest, at, hostile);
  try {
    parseManifest(stringify(manifest), "m.yaml");
    return { at, i, hostile, accepted: true as const };
  } catch (err) {
    if (!(err instanceof ManifestError)) throw err;
    return { at, i, hostile, accepted: false as const, error: err };
  }
});

describe("every string field of the manifest with a hostile payload", () => {
  test("covers every string field of the schema", () => {
    expect(leaves.length).toBeGreaterThanOrEqual(40);
    expect(outcomes.filter((o) => o.accepted).length).toBeGreaterThanOrEqual(4); // free text is accepted as text
  });

  test.each(outcomes.filter((o) => !o.accepted).map((o) => [o.at.join("."), o] as const))("%s: refused with a located problem", (_name, o) => {
    const error = (o as { error: ManifestError }).error;
    expect(error.problems.every((p) => p.line !== undefined)).toBe(true);
  });

  describe("the accepted ones, all at once", () => {
    const accepted = outcomes.filter((o) => o.accepted);
    const manifest = structuredClone(base);
    for (const o of accepted) setAt(manifest, o.at, o.hostile);
    let work: string;
    let jsonStrings: string[];
    let hclValues: string[];
    beforeAll(() => {
      work = fs.mkdtempSync(path.join(os.tmpdir(), "pal-hostile-"));
      const spec = parseManifest(stringify(manifest), "m.yaml");
      expect(synthesizeFleet(spec, { outdir: path.join(work, "json"), hcl: false }).published).toBe(true);
      expect(synthesizeFleet(spec, { outdir: path.join(work, "hcl"), hcl: true }).published).toBe(true);
      const collect = (v: unknown): string[] => (typeof v === "string" ? [v] : Array.isArray(v) ? v.flatMap(collect) : v && typeof v === "object" ? Object.values(v).flatMap(collect) : []);
      jsonStrings = listFiles(path.join(work, "json", "stacks"))
        .filter((f) => f.endsWith("cdk.tf.json"))
        .flatMap((f) => collect(JSON.parse(fs.readFileSync(path.join(work, "json", "stacks", f), "utf8"))))
        .filter((s) => /pwn\d/.test(s));
      hclValues = listFiles(path.join(work, "hcl", "stacks"))
        .filter((f) => f.endsWith("cdk.tf"))
        .flatMap((f) => fs.readFileSync(path.join(work, "hcl", "stacks", f), "utf8").split("\n"))
        .filter((l) => /pwn\d/.test(l))
        .map((l) => l.replace(/^\s*("[^"]*"|[A-Za-z_][\w-]*)\s*=\s*/, "").replace(/,$/, ""));
    });
    afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

    test("every accepted payload is in the output, and only inside strings Terraform reads as literal text", () => {
      // Some accepted fields are not written to Terraform at all (acknowledgement reasons, a
      // partnerName a displayName overrides); the others must each be found.
      const written = accepted.filter((o) => jsonStrings.some((s) => s.includes(`pwn${o.i}`)));
      expect(written.map((o) => o.at.join("."))).toEqual(expect.arrayContaining(["partnerName", "backend.resourceGroupName", "customers.0.displayName", "customers.2.credential.azureDevOps.project"].filter((f) => accepted.some((o) => o.at.join(".") === f))));
      for (const s of jsonStrings) {
        expect(s).not.toMatch(/(?<!\$)(\$\$)*\$\{file\(/); // an unescaped ${ before file(
        expect(s).not.toMatch(/(?<!%)(%%)*%\{ if/);
      }
    });

    test("the HCL holds no block the payload tried to add, and as many top-level blocks as without payloads", () => {
      const hcl = listFiles(path.join(work, "hcl", "stacks")).filter((f) => f.endsWith("cdk.tf")).map((f) => fs.readFileSync(path.join(work, "hcl", "stacks", f), "utf8"));
      for (const text of hcl) expect(text).not.toMatch(/^\s*resource "azurerm_role_assignment" "pwn/m);
      const clean = fs.mkdtempSync(path.join(os.tmpdir(), "pal-hostile-clean-"));
      synthesizeFleet(parseManifest(BASE, "m.yaml"), { outdir: clean, hcl: true });
      const blocks = (texts: string[]) => texts.join("\n").split("\n").filter((l) => /^[a-z]/.test(l)).length;
      const cleanTexts = listFiles(path.join(clean, "stacks")).filter((f) => f.endsWith("cdk.tf")).map((f) => fs.readFileSync(path.join(clean, "stacks", f), "utf8"));
      expect(blocks(hcl)).toBe(blocks(cleanTexts));
      fs.rmSync(clean, { recursive: true, force: true });
    });

    test("Terraform evaluates every written string, JSON and HCL, to text holding the manifest's payload unchanged", () => {
      if (!isTerraformAvailable()) {
        console.warn("SKIPPED terraform console evaluation of hostile literals: no terraform binary on PATH");
        return;
      }
      const evaluate = (dir: string, file: string, body: string, count: number): string[] => {
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, file), body);
        const run = spawnSync("terraform", ["console"], { cwd: dir, input: `jsonencode([${Array.from({ length: count }, (_, k) => `local.v${k}`).join(", ")}])\n`, encoding: "utf8", env: { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1" } });
        expect(run.stderr.replace(/There are some problems with the CLI configuration[\s\S]*?╵\n*/g, "")).toBe("");
        return JSON.parse(JSON.parse(run.stdout.trim()));
      };
      const fromJson = evaluate(path.join(work, "eval-json"), "main.tf.json", JSON.stringify({ locals: Object.fromEntries(jsonStrings.map((s, k) => [`v${k}`, s])) }), jsonStrings.length);
      const fromHcl = evaluate(path.join(work, "eval-hcl"), "main.tf", `locals {\n${hclValues.map((v, k) => `  v${k} = ${v}`).join("\n")}\n}\n`, hclValues.length);
      // Each written string evaluates to text holding, unchanged, every payload it carries.
      const check = (written: string[], evaluated: string[]) => {
        expect(evaluated).toHaveLength(written.length);
        written.forEach((w, k) => {
          for (const [, i] of w.matchAll(/pwn(\d+)(?!\d)/g)) expect([w, evaluated[k].includes(payload(Number(i)))]).toEqual([w, true]);
        });
      };
      check(jsonStrings, fromJson);
      check(hclValues, fromHcl);
    });

    test("terraform validate accepts the hostile stacks (offline provider schemas)", async () => {
      const missing = describeMissingPrerequisites();
      if (missing) {
        console.warn(`SKIPPED terraform validate of hostile stacks: ${missing}`);
        return;
      }
      const stacks = (root: string) => fs.readdirSync(path.join(root, "stacks")).map((s) => path.join(root, "stacks", s));
      const report = await validateStacks([...stacks(path.join(work, "json")), ...stacks(path.join(work, "hcl"))]);
      expect(report.results.filter((r) => !r.valid).map((r) => `${r.stack}: ${JSON.stringify(r.diagnostics)}`)).toEqual([]);
    }, 120_000);
  });
});

describe("line breaks and control characters", () => {
  test.each([
    ["displayName", "customers.0.displayName", "a\nresource"],
    ["partnerName", "partnerName", "Contoso\r\nMSP"],
    ["a NUL", "customers.0.displayName", "a\u0000b"],
    ["an escape sequence", "customers.1.credential.github.ref", "refs/heads/\u001b[31mmain"],
    ["a line separator", "customers.2.credential.azureDevOps.project", "PAL\u2028Project"],
    ["an acknowledgement reason", "customers.4.acknowledge.PAL005", "No pipeline yet;\nticket OPS-1234"],
  ])("%s is refused at its own line, naming the character", (_what, at, value) => {
    const manifest = structuredClone(base);
    setAt(manifest, at.split(".").map((s) => (/^\d+$/.test(s) ? Number(s) : s)), value);
    let error: ManifestError | undefined;
    try {
      parseManifest(stringify(manifest), "m.yaml");
    } catch (err) {
      error = err as ManifestError;
    }
    expect(error).toBeInstanceOf(ManifestError);
    const problem = error!.problems.find((p) => /contains (a line break|the control character) U\+[0-9A-F]{4}/.test(p.message));
    expect(problem).toBeDefined();
    expect(problem!.line).toBeGreaterThan(0);
    expect(problem!.path.join(".")).toBe(at);
  });
});
