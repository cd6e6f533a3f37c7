/**
 * PAL017: a customer without a recorded approval of the link. A warning by default, an error
 * (which stops synthesis) with policy: { requireApproval: true }.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { TerraformStack } from "cdktf";
import { CustomerApproval } from "../constructs/customer-approval";
import { loadManifest, parseManifest } from "../stacks/manifest/load-manifest";
import { synthesizeFleet } from "../stacks/synthesize-fleet";
import { findingsOfRule } from "./support/checks";

describe("PAL017 no approval record", () => {
  test("compliant: an approval is recorded", () => {
    expect(findingsOfRule("PAL017", (app) => new CustomerApproval(new TerraformStack(app, "contoso-link"), "approval", { approval: { by: "Dana Smith", date: "2026-10-05" } }))).toEqual([]);
  });

  test("non-compliant: no approval is a warning that says what to do", () => {
    const [finding, ...more] = findingsOfRule("PAL017", (app) => new CustomerApproval(new TerraformStack(app, "contoso-link"), "approval"));
    expect(more).toEqual([]);
    expect(finding).toMatchObject({ rule: "PAL017", severity: "warning", path: "contoso-link/approval" });
    expect(finding.message).toContain("cdktf.out/customers/<customer>.html");
    expect(finding.message).toContain("approval: { by: <who>, date: <YYYY-MM-DD>, reference: <ticket> }");
  });

  test("non-compliant and required by policy: an error", () => {
    const [finding] = findingsOfRule("PAL017", (app) => new CustomerApproval(new TerraformStack(app, "contoso-link"), "approval", { required: true }));
    expect(finding.severity).toBe("error");
  });
});

describe("PAL017 in a fleet", () => {
  const manifest = (policy: string, approval: string) => `partnerId: "1234567"
${policy}
defaults:
  credential: { github: { repository: contoso-msp/pal, environment: "pal-{customer}" } }
customers:
  - name: contoso
    tenantId: 11111111-1111-1111-1111-111111111111
    scopes: [/subscriptions/22222222-2222-2222-2222-222222222222]
${approval}
  - name: litware
    access: lighthouse
    tenantId: 13131313-1313-1313-1313-131313131313
    scopes: [/subscriptions/14141414-1414-1414-1414-141414141414]
${approval}
lighthouse:
  managingTenantId: dddddddd-dddd-dddd-dddd-dddddddddddd
  principal: { credential: { type: federated, github: { repository: contoso-msp/pal, environment: pal-managing-tenant } } }
  authorizations: [{ principalId: eeeeeeee-eeee-eeee-eeee-eeeeeeeeeee1, displayName: Engineers, role: Reader }]
`;
  const APPROVED = '    approval: { by: "Dana Smith (CIO)", date: 2026-10-05, reference: CHG0041 }';
  let work: string;
  beforeAll(() => (work = fs.mkdtempSync(path.join(os.tmpdir(), "pal017-"))));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test("the approval is read from the manifest, for customer-side and Lighthouse customers", () => {
    const spec = parseManifest(manifest("", APPROVED), "m.yaml");
    expect(spec.customers[0].approval).toEqual({ by: "Dana Smith (CIO)", date: "2026-10-05", reference: "CHG0041" });
    expect(spec.lighthouse!.customers[0].approval).toEqual({ by: "Dana Smith (CIO)", date: "2026-10-05", reference: "CHG0041" });
  });

  test("without approvals: a warning per customer, on its link or delegation stack; synthesis goes on", () => {
    const result = synthesizeFleet(parseManifest(manifest("", ""), "m.yaml"), { outdir: path.join(work, "warn"), hcl: false });
    expect(result.published).toBe(true);
    const pal017 = result.findings.filter((f) => f.rule === "PAL017");
    expect(pal017[0].message).toContain("its transparency pack (cdktf.out/customers/contoso.html)");
    expect(pal017.map((f) => [f.customer, f.path, f.severity])).toEqual([
      ["contoso", "contoso-link/approval", "warning"],
      ["litware", "litware-delegation/approval", "warning"],
    ]);
  });

  test("with policy.requireApproval: an error that stops synthesis", () => {
    const result = synthesizeFleet(parseManifest(manifest("policy: { requireApproval: true }", ""), "m.yaml"), { outdir: path.join(work, "error"), hcl: false });
    expect(result.published).toBe(false);
    expect(result.findings.filter((f) => f.rule === "PAL017").map((f) => f.severity)).toEqual(["error", "error"]);
  });

  test("with policy.requireApproval and every approval recorded: no finding", () => {
    const result = synthesizeFleet(parseManifest(manifest("policy: { requireApproval: true }", APPROVED), "m.yaml"), { outdir: path.join(work, "ok"), hcl: false });
    expect(result.published).toBe(true);
    expect(result.findings.filter((f) => f.rule === "PAL017")).toEqual([]);
  });

  test("an acknowledgement accepts it like any acknowledgeable rule", () => {
    const acked = manifest("", "").replace(
      "    scopes: [/subscriptions/22222222-2222-2222-2222-222222222222]\n",
      '    scopes: [/subscriptions/22222222-2222-2222-2222-222222222222]\n    acknowledge: { PAL017: "Approved on the phone, contract signed next week (OPS-9)" }\n',
    );
    const result = synthesizeFleet(parseManifest(acked, "m.yaml"), { outdir: path.join(work, "ack"), hcl: false });
    const [contoso] = result.findings.filter((f) => f.rule === "PAL017" && f.customer === "contoso");
    expect(contoso.acknowledged).toBe("Approved on the phone, contract signed next week (OPS-9)");
  });
});

describe("PAL017 in the examples", () => {
  test.each(["examples/fleet/pal.config.yaml", "examples/pipelines/pal.config.yaml"])("%s records every customer's approval", (file) => {
    const spec = loadManifest(path.join(__dirname, "..", file));
    const missing = [...spec.customers, ...(spec.lighthouse?.customers ?? [])].filter((c) => !c.approval).map((c) => c.name);
    expect(missing).toEqual([]);
  });
});
