/**
 * Each verdict and each finding, read through the official SDKs from the emulator: one tenant per
 * scenario (__tests__/support/status-scenarios.ts), all read in one run.
 */
import { activeHours, CustomerStatus, evaluateCustomer } from "../status/evaluate";
import { isoDurationMs } from "../status/read-customer";
import { STATUS_FINDINGS } from "../status/findings";
import { runStatus } from "../status/run-status";
import { Emulator } from "../tools/emulator/emulator";
import { emulatorClientOptions, tempDir } from "./support/status-emulator";
import { customerSpec, scenarioFleet } from "./support/status-scenarios";

let statuses: Map<string, CustomerStatus>;
let emulator: Emulator;

beforeAll(async () => {
  const fleet = scenarioFleet();
  emulator = await Emulator.start(fleet.state);
  const result = await runStatus(fleet.customers, { clients: emulatorClientOptions(emulator), env: fleet.env(tempDir()) });
  statuses = new Map(result.map((s) => [s.customer.replace(/^s-/, ""), s]));
});
afterAll(() => emulator.stop());

const ids = (name: string) => statuses.get(name)!.findings.map((f) => f.id).sort();
const verdict = (name: string) => statuses.get(name)!.verdict;

test("a customer with link, principal and active PEC roles is earning, with no findings", () => {
  const s = statuses.get("earning")!;
  expect(s.verdict).toBe("earning");
  expect(s.findings).toEqual([]);
  expect(s.link).toEqual(expect.objectContaining({ checked: true, linked: true, linkedPartnerId: "1234567", intendedPartnerId: "1234567", state: "Active", identityMatches: true, updatedTime: "2026-11-01T08:00:00.000Z" }));
  expect(s.principal).toEqual(expect.objectContaining({ exists: true, enabled: true, type: "Application", secretEndDate: "2099-01-01T00:00:00Z" }));
  expect(s.roles.map((r) => [r.role, r.assignment, r.pecEligible])).toEqual([
    ["Reader", "active", false],
    ["Support Request Contributor", "active", true],
  ]);
});

test("a federated customer whose credential matches the manifest is earning", () => {
  expect(verdict("federated")).toBe("earning");
  expect(statuses.get("federated")!.principal.federatedCredentialMatches).toBe(true);
});

test.each([
  ["no-link", "not-earning", ["PALS001"]],
  ["other-partner", "not-earning", ["PALS002"]],
  ["link-deleted", "not-earning", ["PALS003"]],
  ["no-credential", "at-risk", ["PALS005"]],
  ["wrong-subject", "at-risk", ["PALS006", "PALS015"]],
  ["principal-deleted", "not-earning", ["PALS005", "PALS010", "PALS020", "PALS020", "PALS022"]],
  ["disabled", "not-earning", ["PALS006", "PALS011"]],
  ["managed-identity", "not-earning", ["PALS012"]],
  ["secret-expired", "at-risk", ["PALS006", "PALS013"]],
  ["secret-expiring", "at-risk", ["PALS014"]],
  ["reader-missing", "at-risk", ["PALS020"]],
  ["pim-only", "not-earning", ["PALS021", "PALS022"]],
  ["extra-roles", "earning", ["PALS023", "PALS023", "PALS024"]],
  ["namesake", "at-risk", ["PALS016"]],
  ["throttled", "earning", []],
  ["throttled-always", "at-risk", ["PALS030"]],
  ["tenant-down", "at-risk", ["PALS030"]],
])("%s: %s with %j", (name, expectedVerdict, expectedIds) => {
  expect(ids(name)).toEqual(expectedIds);
  expect(verdict(name)).toBe(expectedVerdict);
});

test("sign-in failures say why, with the AADSTS code", () => {
  expect(statuses.get("wrong-subject")!.findings.find((f) => f.id === "PALS006")!.message).toMatch(/AADSTS70021/);
  expect(statuses.get("disabled")!.findings.find((f) => f.id === "PALS006")!.message).toMatch(/AADSTS7000112/);
  expect(statuses.get("secret-expired")!.findings.find((f) => f.id === "PALS006")!.message).toMatch(/AADSTS7000222/);
  expect(statuses.get("tenant-down")!.error).toMatch(/AADSTS90033|503/);
});

test("PIM-eligible roles count only their activations in the last 30 days, as a fraction of 730 h", () => {
  // 5 h (an instance) + 3 h (an instance 50-48 h ago and a request-only activation 49-47 h ago,
  // merged, not added): 8 h; a window before the 30 days is not counted.
  const role = statuses.get("pim-only")!.roles.find((r) => r.role === "Support Request Contributor")!;
  expect(role).toEqual(expect.objectContaining({ assignment: "eligible", activeHoursLast30Days: 8, fractionOfMonth: 0.011 }));
  expect(statuses.get("pim-only")!.findings[0].message).toMatch(/active 8 h in the last 30 days \(1\.1% of 730 h\)/);
});

test("extra assignments name their role, custom roles by their definition's name", () => {
  const messages = statuses.get("extra-roles")!.findings.map((f) => f.message);
  expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/^Owner at \/subscriptions\/.* is not in the manifest$/), expect.stringMatching(/^Contoso Operator \(custom\) at .*\/resourceGroups\/rg-x is not in the manifest$/)]));
});

test("throttled reads are retried (429 with Retry-After) and the retries are visible at the emulator", () => {
  const tenant = (name: string) => statuses.get(name)!.tenantId;
  expect(emulator.exchanges.filter((e) => e.status === 429 && e.tenantId === tenant("throttled")).length).toBe(4);
  // Throttled beyond the retries: that customer fails with the reason, after 1 + 3 attempts of each
  // request (maxRetries 3 in the tests' client options).
  expect(statuses.get("throttled-always")!.error).toMatch(/429/);
  const attempts = emulator.exchanges.filter((e) => e.status === 429 && e.tenantId === tenant("throttled-always"));
  expect(new Set(attempts.map((e) => e.path)).size).toBeGreaterThanOrEqual(1);
  expect(attempts.length % 4).toBe(0);
});

test("every finding has a fix naming the customer where it applies, and a catalogued ID", () => {
  const all = [...statuses.values()].flatMap((s) => s.findings.map((f) => ({ ...f, customer: s.customer })));
  for (const f of all) {
    expect(STATUS_FINDINGS[f.id]).toBeDefined();
    expect(f.fix.length).toBeGreaterThan(10);
    expect(f.fix).not.toContain("{customer}");
  }
  expect(Object.keys(STATUS_FINDINGS).every((id) => /^PALS0\d\d$/.test(id))).toBe(true);
});

test("a link held by another identity is PALS004 (judged from what was read)", () => {
  const customer = customerSpec("c", "11111111-0000-4000-8000-000000000000", "22222222-0000-4000-8000-000000000000", { type: "password", lifetime: "720h" });
  const scope = customer.scopes[0];
  const status = evaluateCustomer(
    customer,
    {
      principal: { objectId: "aaaaaaaa-0000-4000-8000-000000000000", appId: "bbbbbbbb-0000-4000-8000-000000000000", displayName: "p", accountEnabled: true, servicePrincipalType: "Application", secretEndDates: ["2099-01-01T00:00:00Z"], federatedCredentials: [] },
      link: { outcome: "linked", link: { partnerId: "1234567", state: "Active", tenantId: customer.tenantId, objectId: "cccccccc-0000-4000-8000-000000000000" } },
      assignments: [
        { scope, roleId: "acdd72a7-3385-48ef-bd42-f606fba81ae7", kind: "active" },
        { scope, roleId: "cfd33db0-3dd1-45e3-aa9d-cdbdf3b6f24e", kind: "active" },
      ],
      activations: [],
      roleNames: {},
    },
    new Date("2026-12-01T00:00:00Z"),
  );
  expect(status.findings.map((f) => f.id)).toEqual(["PALS004"]);
  expect(status.verdict).toBe("not-earning");
  expect(status.link.identityMatches).toBe(false);
});

test("status never writes: every request to ARM and Graph is a GET", () => {
  expect(emulator.exchanges.filter((e) => e.service !== "entra" && e.method !== "GET")).toEqual([]);
});

test("activation hours merge overlapping windows and clip to the window; PIM durations parse", () => {
  const h = (x: number) => new Date(Date.UTC(2026, 10, 1) + x * 3_600_000).toISOString();
  const from = Date.parse(h(0));
  const to = Date.parse(h(100));
  expect(activeHours([{ start: h(1), end: h(3) }, { start: h(2), end: h(4) }, { start: h(10), end: h(11) }], from, to)).toBe(4);
  expect(activeHours([{ start: h(-5), end: h(2) }, { start: h(99) }], from, to)).toBe(3);
  expect(activeHours([], from, to)).toBe(0);
  expect(isoDurationMs("PT8H")).toBe(8 * 3_600_000);
  expect(isoDurationMs("PT1H30M")).toBe(90 * 60_000);
  expect(isoDurationMs("P1DT2H")).toBe(26 * 3_600_000);
  expect(isoDurationMs("8 hours")).toBeUndefined();
  expect(isoDurationMs("PT")).toBeUndefined();
});
