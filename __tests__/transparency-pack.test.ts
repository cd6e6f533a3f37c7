/**
 * The customer transparency pack (stacks/transparency): what it says, that it is the same every
 * run, that it holds no secret, and that one customer's pack never changes when another's does.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadManifest, parseManifest } from "../stacks/manifest/load-manifest";
import { synthesizeFleet } from "../stacks/synthesize-fleet";
import { customerPacks, customerSideDocument } from "../stacks/transparency";
import { toHtml, toMarkdown } from "../stacks/transparency/document";
import { FleetSpec } from "../stacks/fleet-spec";
import { customerSpec } from "./support/synth";

const EXAMPLE = path.join(__dirname, "..", "examples", "fleet", "pal.config.yaml");
const example = loadManifest(EXAMPLE);
const packs = Object.fromEntries(customerPacks(example).map((p) => [p.customer, p]));

describe("the transparency pack of the example fleet", () => {
  test("exists for every example customer, customer-side and Lighthouse", () => {
    expect(Object.keys(packs).sort()).toEqual(["contoso", "fabrikam", "litware", "northwind", "woodgrove"]);
  });

  test("a customer-side pack names the partner, the app, the credential, each role on each scope, the link and the approval", () => {
    const md = packs.fabrikam.markdown;
    expect(md).toContain("| Partner | Contoso MSP |");
    expect(md).toContain("`1234567`");
    expect(md).toContain("Display name `PAL (Partner Admin Link) for Contoso MSP - fabrikam`");
    expect(md).toContain("Client secret with a lifetime of `720h`");
    const fabrikam = example.customers.find((c) => c.name === "fabrikam")!;
    for (const scope of fabrikam.scopes) {
      expect(md).toContain(`| Reader | \`acdd72a7-3385-48ef-bd42-f606fba81ae7\` | \`${scope}\` |`);
      expect(md).toContain(`| Support Request Contributor | \`cfd33db0-3dd1-45e3-aa9d-cdbdf3b6f24e\` | \`${scope}\` |`);
      expect(md).toContain(`az role assignment delete --assignee <objectId> --scope "${scope}"`);
    }
    expect(md).toContain("`PUT /providers/Microsoft.ManagementPartner/partners/1234567`");
    expect(md).toContain("| Approved by | Lee Chen (CTO, Fabrikam) |");
    expect(md).toContain("| Date | 2026-10-12 |");
    expect(md).toContain("| Reference | Contract amendment 7, section 3 |");
    // Microsoft's FAQ, cited by its public URL; nothing points into the kit's reference folder.
    expect(md).toContain("https://learn.microsoft.com/en-us/azure/cost-management-billing/manage/link-partner-id");
    expect(md).toContain("It changes no permissions");
    expect(md).toContain("It collects no new data");
    expect(md).toContain("Of the roles above, these count: Support Request Contributor.");
    expect(md).not.toMatch(/shared\//);
  });

  test("a federated customer's pack says no secret exists and gives issuer and subject", () => {
    expect(packs.contoso.markdown).toContain(
      "Federated identity credential (workload identity federation): no secret exists. Issuer `https://token.actions.githubusercontent.com`, subject `repo:contoso-msp/pal:environment:pal-contoso`",
    );
    expect(packs.contoso.markdown).toContain("Contoso operations");
  });

  test("an existing principal's pack says nothing new is created and gives its IDs", () => {
    expect(packs.woodgrove.markdown).toContain("An existing service principal you already have (nothing new is created): application (client) ID `bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb`");
    expect(packs.woodgrove.markdown).not.toContain("az ad app delete");
  });

  test("a Lighthouse customer's pack describes the delegation instead of an app and a link", () => {
    const md = packs.litware.markdown;
    expect(md).toContain("No application, service principal or link is created in your tenant");
    expect(md).toContain("offer `Contoso MSP managed services`, to our managing tenant `dddddddd-dddd-dddd-dddd-dddddddddddd`");
    expect(md).toContain("| Contoso MSP engineers `eeeeeeee-eeee-eeee-eeee-eeeeeeeeeee1` | Contributor | only when activated (just in time, up to PT4H), with approval |");
    expect(md).toContain("az managedservices assignment delete");
    expect(md).not.toContain("az ad app delete");
  });

  test("a customer without an approval is asked for one", () => {
    const { approval: _none, ...rest } = example.customers[0];
    expect(toMarkdown(customerSideDocument(rest))).toContain("No approval is recorded yet.");
  });

  test("the HTML page is self-contained: no script, no external resource, a print style", () => {
    for (const { html } of Object.values(packs)) {
      expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
      expect(html).not.toMatch(/<script|<img|<link|<iframe|\bsrc=/i);
      expect(html).toContain("default-src 'none'");
      expect(html).toContain("@media print");
      for (const [, href] of html.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^https:\/\/learn\.microsoft\.com\//);
    }
  });
});

describe("the pack is deterministic and holds no secret", () => {
  let work: string;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "pal-pack-"));
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test("every synthesis writes the same files, cdktf.out/customers/<customer>.md and .html, published with the stacks", () => {
    const read = (dir: string) =>
      Object.fromEntries(
        fs
          .readdirSync(path.join(dir, "customers"))
          .sort()
          .map((f) => [f, fs.readFileSync(path.join(dir, "customers", f), "utf8")]),
      );
    expect(synthesizeFleet(example, { outdir: path.join(work, "a"), hcl: false }).published).toBe(true);
    expect(synthesizeFleet(loadManifest(EXAMPLE), { outdir: path.join(work, "b"), hcl: false }).published).toBe(true);
    const a = read(path.join(work, "a"));
    expect(Object.keys(a)).toEqual(["contoso.html", "contoso.md", "fabrikam.html", "fabrikam.md", "litware.html", "litware.md", "northwind.html", "northwind.md", "woodgrove.html", "woodgrove.md"]);
    expect(read(path.join(work, "b"))).toEqual(a);
    expect(a["fabrikam.md"]).toBe(packs.fabrikam.markdown);
    // Nothing of the machine or the moment: no path, no date other than the recorded approval's.
    for (const text of Object.values(a)) {
      expect(text).not.toContain(work);
      expect(text).not.toContain(os.homedir());
      const allowed = ["2018-02-01", ...example.customers.flatMap((c) => Object.values(c.approval ?? {})), ...example.lighthouse!.customers.flatMap((c) => Object.values(c.approval ?? {}))].join(" ");
      for (const date of text.match(/\b\d{4}-\d{2}-\d{2}\b/g) ?? []) expect(allowed).toContain(date);
    }
  });

  test("a removed customer's pack is removed with its stacks", () => {
    const outdir = path.join(work, "removed");
    synthesizeFleet(example, { outdir, hcl: false });
    expect(fs.existsSync(path.join(outdir, "customers", "fabrikam.md"))).toBe(true);
    synthesizeFleet({ ...example, customers: example.customers.filter((c) => c.name !== "fabrikam") }, { outdir, hcl: false });
    expect(fs.readdirSync(path.join(outdir, "customers")).filter((f) => f.startsWith("fabrikam"))).toEqual([]);
    expect(fs.existsSync(path.join(outdir, "customers", "contoso.md"))).toBe(true);
  });

  test("no secret, token or unresolved value reaches a pack, even with a client secret in the fleet", () => {
    const state = path.join(work, "a");
    // The only secret-bearing resource is fabrikam's azuread_application_password; its result lives in Terraform state only.
    const stack = JSON.parse(fs.readFileSync(path.join(state, "stacks", "fabrikam-identity", "cdk.tf.json"), "utf8"));
    expect(JSON.stringify(stack)).toContain("azuread_application_password");
    for (const { markdown, html } of Object.values(packs)) {
      for (const text of [markdown, html]) {
        expect(text).not.toMatch(/\$\{|TOKEN\[|client_secret|ARM_CLIENT_SECRET=|-----BEGIN|eyJ[A-Za-z0-9_-]{10,}/);
        expect(text).not.toMatch(/\bundefined\b|\[object Object\]|\bNaN\b/);
      }
    }
  });
});

describe("one customer's pack never changes when another's does", () => {
  const base = loadManifest(EXAMPLE);
  const packOf = (spec: FleetSpec, name: string) => customerPacks(spec).find((p) => p.customer === name)!;
  const variants: Array<[string, FleetSpec]> = [
    ["another customer's roles change", { ...base, customers: base.customers.map((c) => (c.name === "fabrikam" ? { ...c, roles: ["Contributor"] } : c)) }],
    ["another customer is removed", { ...base, customers: base.customers.filter((c) => c.name !== "fabrikam") }],
    ["a customer is added before it", { ...base, customers: [customerSpec({ name: "adatum", approval: { by: "X Y", date: "2026-01-01" } }), ...base.customers] }],
    ["customers are reordered", { ...base, customers: [...base.customers].reverse() }],
    ["another customer's approval changes", { ...base, customers: base.customers.map((c) => (c.name === "fabrikam" ? { ...c, approval: { by: "Someone else", date: "2027-01-01" } } : c)) }],
  ];
  test.each(variants)("%s", (_what, changed) => {
    for (const name of ["contoso", "woodgrove"]) {
      expect(packOf(changed, name)).toEqual(packOf(base, name));
    }
  });

  test("a Lighthouse customer's pack does not change when another Lighthouse customer is added", () => {
    const lh = base.lighthouse!;
    const more: FleetSpec = { ...base, lighthouse: { ...lh, customers: [{ ...lh.customers[0], name: "adventure-works", tenantId: "16161616-1616-1616-1616-161616161616" }, ...lh.customers] } };
    expect(packOf(more, "litware")).toEqual(packOf(base, "litware"));
  });
});

describe("manifest text is escaped, never markup", () => {
  const hostile = customerSpec({
    partnerName: "Evil <script>alert(1)</script> | Co",
    displayName: "a `tick` | <b>bold</b>",
    approval: { by: "<img src=x onerror=alert(1)>", date: "2026-10-05", reference: "a | b" },
  });
  const doc = customerSideDocument(hostile);

  test("HTML: every value is escaped", () => {
    const html = toHtml(doc);
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<b>bold");
    expect(html).toContain("Evil &lt;script&gt;alert(1)&lt;/script&gt; | Co");
  });

  test("Markdown: a | in a value does not split a table cell, and backticks stay inside code", () => {
    const md = toMarkdown(doc);
    const approvalRow = md.split("\n").find((l) => l.startsWith("| Reference |"))!;
    expect(approvalRow).toBe("| Reference | a \\| b |");
    expect(md).toContain("Display name ``a `tick` \\| <b>bold</b>``");
    expect(md).not.toContain("<script>alert");
  });

  test("a pack from YAML with hostile text still loads and renders", () => {
    const spec = parseManifest(
      'partnerId: "1234567"\npartnerName: "A & B <MSP>"\ndefaults:\n  credential: { github: { repository: o/r, environment: "pal-{customer}" } }\ncustomers:\n  - name: c1\n    tenantId: 11111111-1111-1111-1111-111111111111\n    scopes: [/subscriptions/22222222-2222-2222-2222-222222222222]\n',
      "m.yaml",
    );
    expect(customerPacks(spec)[0].html).toContain("A &amp; B &lt;MSP&gt;");
  });
});
