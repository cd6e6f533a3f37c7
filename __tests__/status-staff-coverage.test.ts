/**
 * `npm run status -- --evidence <file>`: staff coverage per customer ("principal + N staff") from
 * the link-staff evidence file, as an optional `staff` field of the version-1 report.
 */
import Ajv from "ajv";
import * as fs from "fs";
import * as path from "path";
import { STAFF_EVIDENCE_FORMAT, StaffEvidenceRecord, appendEvidence, readEvidence, staffCoverage } from "../staff/evidence";
import { main } from "../status/cli";
import { buildReport, renderMarkdown, renderTable } from "../status/report";
import { runStatus } from "../status/run-status";
import { bundledExampleManifest, loadManifest } from "../stacks/manifest/load-manifest";
import { Emulator } from "../tools/emulator/emulator";
import { ROOT } from "./support/run";
import { emulatorClientOptions, exampleEnvironment, exampleState, tempDir } from "./support/status-emulator";

const CONTOSO_TENANT = "11111111-1111-1111-1111-111111111111";
const record = (person: string, rest: Partial<StaffEvidenceRecord> = {}): StaffEvidenceRecord => ({
  format: STAFF_EVIDENCE_FORMAT,
  recordedAt: "2026-12-01T10:00:00.000Z",
  runId: "r1",
  person,
  tenantId: CONTOSO_TENANT,
  customer: "contoso",
  objectId: "a11ce000-0000-4000-8000-000000000099",
  accountType: "guest",
  partnerId: "1234567",
  link: { partnerId: "1234567", version: 1, updatedTime: "2026-12-01T10:00:00.000Z" },
  activePecRoles: [{ role: "Support Request Contributor", roleId: "cfd33db0-3dd1-45e3-aa9d-cdbdf3b6f24e", scope: "/subscriptions/22222222-2222-2222-2222-222222222222", via: "direct" }],
  eligibleOnlyPecRoles: [],
  outcome: "linked",
  outcomeId: "PALS100",
  warnings: [],
  dryRun: false,
  ...rest,
});

test("status reports principal + N staff per customer from the evidence; the report stays schema version 1", async () => {
  const dir = tempDir();
  const file = path.join(dir, "evidence.jsonl");
  appendEvidence(file, [
    record("alice@contoso-msp.example"),
    record("bob@contoso-msp.example", { activePecRoles: [], warnings: ["PALS140"] }),
    record("carol@contoso-msp.example", { outcome: "would-link", outcomeId: "PALS104", dryRun: true, link: null }),
    record("dave@contoso-msp.example", { outcome: "linked-elsewhere", outcomeId: "PALS102", link: { partnerId: "7654321", version: 1, updatedTime: null } }),
  ]);
  const emulator = await Emulator.start(exampleState());
  let statuses;
  try {
    statuses = await runStatus(loadManifest(bundledExampleManifest()).customers, { clients: emulatorClientOptions(emulator), env: exampleEnvironment(dir) });
  } finally {
    await emulator.stop();
  }
  const evidence = readEvidence(file);
  const report = buildReport(statuses.map((s) => ({ ...s, staff: staffCoverage(evidence, s.tenantId, s.link.intendedPartnerId) })), "pal.config.yaml", new Date("2026-12-01T12:00:00Z"));
  const contoso = report.customers.find((c) => c.customer === "contoso")!;
  expect(contoso.staff).toEqual({ linked: 2, withActivePecRole: 1, people: [expect.objectContaining({ person: "alice@contoso-msp.example", activePecRoles: 1 }), expect.objectContaining({ person: "bob@contoso-msp.example", activePecRoles: 0 })] });
  expect(report.customers.find((c) => c.customer === "fabrikam")!.staff).toEqual({ linked: 0, withActivePecRole: 0, people: [] });
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "status", "status-report.schema.json"), "utf8"));
  const validate = new Ajv({ strict: true, validateFormats: false }).compile(schema);
  expect(validate(JSON.parse(JSON.stringify(report)))).toBe(true);
  expect(report.schemaVersion).toBe(1);
  const table = renderTable(report);
  expect(table).toMatch(/^CUSTOMER +VERDICT +LINK +PRINCIPAL +ROLES +STAFF +FINDINGS/);
  expect(table).toMatch(/contoso .*principal \+ 2 staff \(1 earning\)/);
  expect(renderMarkdown(report)).toContain("| Staff |");
  // Without --evidence the table and report are as before.
  const plain = buildReport(statuses, "pal.config.yaml", new Date());
  expect(renderTable(plain)).not.toContain("STAFF");
  expect(plain.customers.every((c) => c.staff === undefined)).toBe(true);
  fs.rmSync(dir, { recursive: true, force: true });
});

test("status --evidence with a malformed file exits 2 naming the line, before reading Azure", async () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, "bad.jsonl"), `${JSON.stringify(record("a@b"))}\n{"format":"something-else"}\n`);
  const writes: string[] = [];
  const spy = jest.spyOn(process.stderr, "write").mockImplementation((t) => (writes.push(String(t)), true));
  try {
    expect(await main(["--evidence", "bad.jsonl"], { PAL_CONFIG: bundledExampleManifest() }, dir)).toBe(2);
  } finally {
    spy.mockRestore();
  }
  expect(writes.join("")).toContain("bad.jsonl:2: not a pal-kit/staff-evidence@1 record");
  fs.rmSync(dir, { recursive: true, force: true });
});
