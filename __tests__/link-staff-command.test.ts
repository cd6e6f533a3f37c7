/**
 * The link-staff command as a person runs it (staff/cli.ts `main`, in-process against the
 * emulator): manifest targets, --dry-run, --relink, --all, --json, the evidence file, exit codes,
 * --help; and a 40-tenant run (100 with PAL_TEST_FULL=1) with one sign-in, bounded in requests and time.
 */
import * as fs from "fs";
import * as path from "path";
import { main, LINK_STAFF_USAGE } from "../staff/cli";
import { readEvidence } from "../staff/evidence";
import { linkStaff, StaffTarget } from "../staff/link-staff";
import { signInPerson } from "../staff/sign-in";
import { Emulator } from "../tools/emulator/emulator";
import type { EmulatedTenant } from "../tools/emulator/state";
import { emulatorClientOptions, tempDir } from "./support/status-emulator";
import { HOME, PARTNER_ID, PERSON, T, guestObjectId, staffState } from "./support/staff-scenarios";

/** A manifest with the scenario tenants as customers (each tenant's subscription is its scope). */
function writeManifest(dir: string, names: (keyof typeof T)[]): string {
  const customers = names.map((n) => `  - name: ${n}\n    tenantId: ${T[n]}\n    scopes: [/subscriptions/5b000000-0000-4000-8000-${T[n].slice(-12)}]`).join("\n");
  const file = path.join(dir, "pal.config.yaml");
  fs.writeFileSync(file, `partnerId: "${PARTNER_ID}"\ndefaults:\n  credential:\n    type: federated\n    github: { repository: contoso-msp/pal, environment: "pal-{customer}" }\ncustomers:\n${customers}\n`);
  return file;
}

async function runCli(emulator: Emulator, dir: string, argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { env: { PAL_CONFIG: path.join(dir, "pal.config.yaml") }, cwd: dir, clients: emulatorClientOptions(emulator), signIn: { prompt: (i) => (stderr += `${i.message}\n`) }, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe("npm run link-staff", () => {
  let emulator: Emulator;
  let dir: string;
  beforeEach(async () => {
    emulator = await Emulator.start(staffState());
    dir = tempDir();
    writeManifest(dir, ["fresh", "linked", "elsewhere", "reader", "mfa"]);
  });
  afterEach(async () => {
    await emulator.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("links every manifest tenant, prints the table with next steps, appends evidence, exits 1 while a tenant needs action", async () => {
    const { code, stdout, stderr } = await runCli(emulator, dir, []);
    expect(code).toBe(1);
    expect(stderr).toMatch(/enter the code \w+ to authenticate/);
    expect(stderr).toContain("evidence appended to pal-staff-evidence.jsonl (5 records)");
    expect(stdout).toMatch(/^TENANT +CUSTOMER +ACCOUNT +OUTCOME/);
    expect(stdout).toContain("PALS100 linked");
    expect(stdout).toContain(`${T.elsewhere} PALS102 Linked to another partner ID: left as it is`);
    expect(stdout).toContain(`next: If that link is a mistake, re-point it: npm run link-staff -- --tenants ${T.elsewhere} --relink`);
    expect(stdout).toContain(`next: Sign in to this tenant itself (MFA is not shared across tenants): npm run link-staff -- --tenants ${T.mfa} --sign-in-tenant ${T.mfa}`);
    expect(stdout).toContain(`${T.reader} PALS140 No active PEC-eligible role`);
    expect(stdout).toContain(`${PERSON}: linked in 3 of 5 tenants, with an active PEC-eligible role in 2.`);
    expect(stdout).not.toMatch(/\s+at .*\.js:\d+/);
    expect(readEvidence(path.join(dir, "pal-staff-evidence.jsonl")).map((r) => r.outcome)).toEqual(["linked", "already-linked", "linked-elsewhere", "linked", "mfa-required"]);
    // The next steps work: MFA tenant signed in directly, the other partner's link re-pointed.
    expect((await runCli(emulator, dir, ["--tenants", T.mfa, "--sign-in-tenant", T.mfa])).code).toBe(0);
    expect((await runCli(emulator, dir, ["--tenants", T.elsewhere, "--relink"])).code).toBe(0);
    expect(emulator.model.linkOf(T.elsewhere, guestObjectId(T.elsewhere))).toMatchObject({ partnerId: PARTNER_ID, version: 2 });
    expect(readEvidence(path.join(dir, "pal-staff-evidence.jsonl"))).toHaveLength(7);
  });

  test("--dry-run --json writes nothing to Azure, prints the records; --no-evidence writes no file", async () => {
    const { code, stdout } = await runCli(emulator, dir, ["--dry-run", "--json", "--no-evidence", "--customers", "fresh,linked"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).map((r: { outcome: string }) => r.outcome)).toEqual(["would-link", "already-linked"]);
    expect(emulator.exchanges.filter((e) => e.service === "arm" && e.method !== "GET")).toEqual([]);
    expect(fs.existsSync(path.join(dir, "pal-staff-evidence.jsonl"))).toBe(false);
  });

  test("--all adds every tenant the account can see (GET /tenants), outside the manifest too", async () => {
    const evidence = path.join(dir, "team.jsonl");
    const { stdout } = await runCli(emulator, dir, ["--all", "--dry-run", "--evidence", evidence]);
    const records = readEvidence(evidence);
    expect(records.filter((r) => r.customer === null).map((r) => r.tenantId)).toEqual(expect.arrayContaining([T.group, T.pim, T.consent]));
    expect(records.find((r) => r.tenantId === T.group)).toMatchObject({ warnings: ["PALS142"], activePecRoles: null });
    expect(stdout).toContain("(--all)");
  });

  test("bad arguments and unknown customers exit 2 with the reason; --help prints the usage", async () => {
    expect((await runCli(emulator, dir, ["--partner-id", "not-digits"])).stderr).toContain("--partner-id must be the Associated Partner ID");
    const unknown = await runCli(emulator, dir, ["--customers", "nobody"]);
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringContaining('not in the manifest: "nobody"')]);
    const help = await runCli(emulator, dir, ["--help"]);
    expect([help.code, help.stdout]).toEqual([0, LINK_STAFF_USAGE]);
  });
});

// Enough tenants that 8 at a time cycle several times; PAL_TEST_FULL=1 (`npm run test:full`, CI nightly) runs 100.
const TENANTS = process.env.PAL_TEST_FULL === "1" ? 100 : 40;

test(`${TENANTS} tenants: one sign-in prompt, at most two token requests per tenant, within 20 s`, async () => {
  const tenants: Record<string, EmulatedTenant> = { [HOME]: staffState().tenants[HOME] };
  const targets: StaffTarget[] = [];
  for (let i = 0; i < TENANTS; i++) {
    const id = `6a1f0000-0000-4000-8000-${String(i).padStart(12, "0")}`;
    const oid = `6b1f0000-0000-4000-8000-${String(i).padStart(12, "0")}`;
    const sub = `6c1f0000-0000-4000-8000-${String(i).padStart(12, "0")}`;
    tenants[id] = { users: [{ kind: "guest", objectId: oid, signInName: PERSON }], roleAssignments: [{ scope: `/subscriptions/${sub}`, role: "Support Request Contributor", principalId: oid, principalType: "User" }] };
    targets.push({ tenantId: id, customer: `c${i}`, partnerId: PARTNER_ID, scopes: [`/subscriptions/${sub}`], subscriptionId: sub });
  }
  const emulator = await Emulator.start({ interactiveSignIn: { signInName: PERSON }, tenants }, { latencyMs: 5 });
  try {
    const clients = emulatorClientOptions(emulator);
    let prompts = 0;
    const started = Date.now();
    const person = await signInPerson({ clients, prompt: () => prompts++ });
    const records = await linkStaff(targets, { clients, person, concurrency: 8 });
    const elapsed = Date.now() - started;
    person.close();
    expect(records.map((r) => r.outcome)).toEqual(Array(TENANTS).fill("linked"));
    expect(new Set(records.map((r) => r.objectId)).size).toBe(TENANTS);
    expect(prompts).toBe(1);
    const tokenRequests = emulator.exchanges.filter((e) => e.service === "entra" && e.path.endsWith("/oauth2/v2.0/token"));
    expect(tokenRequests.length).toBeLessThanOrEqual(1 + TENANTS * 2);
    console.log(`link-staff: ${TENANTS} tenants in ${elapsed} ms (${emulator.requestCounts.arm} ARM, ${emulator.requestCounts.graph} Graph, ${emulator.requestCounts.entra} Entra requests)`);
    expect(elapsed).toBeLessThan(20_000);
  } finally {
    await emulator.stop();
  }
});

test("the README's sample (examples/staff) is the scenario state and a valid manifest of its tenants", () => {
  const { checkEmulatorState } = jest.requireActual("../tools/emulator/state") as typeof import("../tools/emulator/state");
  const { loadManifest } = jest.requireActual("../stacks/manifest/load-manifest") as typeof import("../stacks/manifest/load-manifest");
  const example = path.join(__dirname, "..", "examples", "staff");
  const state = JSON.parse(fs.readFileSync(path.join(example, "emulator-state.json"), "utf8"));
  expect(checkEmulatorState(state)).toEqual(staffState());
  const fleet = loadManifest(path.join(example, "pal.config.yaml"));
  expect(fleet.customers.map((c) => c.tenantId)).toEqual(Object.values(T).filter((t) => t !== T.absent));
});

test("the README's outcome table lists every staff outcome and role warning ID", () => {
  const { STAFF_OUTCOMES, STAFF_ROLE_WARNINGS } = jest.requireActual("../staff/outcomes") as typeof import("../staff/outcomes");
  const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("\n## Linking your team\n"), readme.indexOf("\n### The evidence file\n"));
  const ids = [...section.matchAll(/^\| (PALS1\d\d(?: \/ PALS1\d\d)*) \|/gm)].flatMap((m) => m[1].split(" / "));
  expect(ids).toEqual([...Object.values(STAFF_OUTCOMES), ...Object.values(STAFF_ROLE_WARNINGS)].map((o) => o.id));
});
