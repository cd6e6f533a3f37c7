import * as fs from "fs";
import * as path from "path";
import { RoleCatalog } from "../constructs/role-catalog";
import { ROOT } from "./support/run";

const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

function section(title: string): string {
  const start = readme.indexOf(`## ${title}`);
  if (start < 0) throw new Error(`README has no section "${title}"`);
  const end = readme.indexOf("\n## ", start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

describe("README", () => {
  test("the 'Which roles count' table agrees with the role catalog", () => {
    const rows = section("Which roles count")
      .split("\n")
      .filter((l) => /^\| [A-Z]/.test(l) && !l.startsWith("| Role "))
      .map((l) => l.split("|").map((c) => c.trim()));
    expect(rows.length).toBeGreaterThanOrEqual(8);
    for (const [, name, eligible] of rows) {
      const role = RoleCatalog.default.get(name);
      expect([name, eligible]).toEqual([name, role.pecEligible === undefined ? "unknown" : role.pecEligible ? "yes" : "no"]);
    }
  });

  test("every npm command the README shows exists in package.json", () => {
    const scripts = [...readme.matchAll(/npm run (?:--silent )?([a-z:-]+)/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of new Set(scripts)) expect([script, pkg.scripts[script]]).toEqual([script, expect.any(String)]);
  });

  test(".ci/run installs and tests with the README's quick-start commands", () => {
    const quickStart = section("Quick start");
    const ci = fs.readFileSync(path.join(ROOT, ".ci/run"), "utf8");
    for (const command of ["npm ci", "npm test"]) {
      expect(quickStart).toContain(command);
      expect(ci).toMatch(new RegExp(`^${command}$`, "m"));
    }
  });
});

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as dashes. */
function slug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, "")
    .replace(/ /g, "-");
}
const anchorsOf = (text: string) => new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1].trim())));
const DOCS = path.join(ROOT, "docs");
const docFiles = fs.readdirSync(DOCS).filter((f) => f.endsWith(".md")).sort();

describe("README shape", () => {
  test("leads with what it does and a feature table, then the quick start, then the reference", () => {
    const features = readme.indexOf("| Feature | How |");
    const quickStart = readme.indexOf("\n## Quick start\n");
    const contents = readme.indexOf("\n## Contents\n");
    expect(features).toBeGreaterThan(0);
    expect(quickStart).toBeGreaterThan(features);
    expect(contents).toBeGreaterThan(quickStart);
    expect(readme.indexOf("\n## Manifest reference\n")).toBeGreaterThan(contents);
  });

  test("the table of contents lists every section, and every entry leads to one", () => {
    const toc = section("Contents");
    const anchors = anchorsOf(readme);
    const sections = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1]).filter((t) => t !== "Contents");
    for (const title of sections) expect([title, toc.includes(`](#${slug(title)})`)]).toEqual([title, true]);
    for (const [, anchor] of toc.matchAll(/\]\(#([^)]+)\)/g)) expect([anchor, anchors.has(anchor)]).toEqual([anchor, true]);
  });

  test("links into the repository resolve (README and docs/), and none points into shared/", () => {
    for (const [file, text] of [["README.md", readme] as const, ...docFiles.map((f) => [`docs/${f}`, fs.readFileSync(path.join(DOCS, f), "utf8")] as const)]) {
      expect([file, /\]\((\.\.\/)*shared\//.test(text)]).toEqual([file, false]);
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^(https?:|mailto:)/.test(target)) continue;
        const [relative, anchor] = target.split("#");
        const resolved = relative ? path.resolve(path.dirname(path.join(ROOT, file)), relative) : path.join(ROOT, file);
        expect([file, target, fs.existsSync(resolved)]).toEqual([file, target, true]);
        if (anchor && resolved.endsWith(".md")) expect([file, target, anchorsOf(fs.readFileSync(resolved, "utf8")).has(anchor)]).toEqual([file, target, true]);
      }
    }
  });

  test("the docs index and the README list every docs page", () => {
    const index = fs.readFileSync(path.join(DOCS, "README.md"), "utf8");
    for (const page of docFiles.filter((f) => f !== "README.md")) {
      expect([page, index.includes(`](${page})`), readme.includes(`](docs/${page})`)]).toEqual([page, true, true]);
    }
  });

  test("troubleshooting covers the errors partners meet", () => {
    const text = fs.readFileSync(path.join(DOCS, "troubleshooting.md"), "utf8");
    for (const error of ["PartnerIdInvalid", "AADSTS7000215", "AADSTS70021", "AADSTS700016", "PrincipalNotFound", "cdktf get"]) {
      expect([error, new RegExp(`^## .*${error}`, "m").test(text)]).toEqual([error, true]);
    }
  });
});

describe("README facts", () => {
  const table = JSON.parse(fs.readFileSync(path.join(ROOT, "constructs/data/pec-roles.json"), "utf8")).roles as { pecEligible: boolean | null }[];

  test("the role counts are the catalog's: the Partner Center table's rows plus the roles of unknown eligibility", () => {
    const known = table.filter((r) => r.pecEligible !== null && r.pecEligible !== undefined);
    const unknown = table.length - known.length;
    const eligible = known.filter((r) => r.pecEligible === true).length;
    expect(section("Which roles count")).toContain(`its ${known.length} rows\n(${eligible} eligible, ${known.length - eligible} not), plus ${unknown} built-in roles`);
    expect(readme).toContain(`PEC table (${known.length} rows) plus ${unknown} built-in roles`);
    expect(readme).not.toMatch(/129 (built-in )?roles/);
  });

  test("PAL is not described as partner earned credit, and the secret in state is not hidden", () => {
    expect(readme).not.toMatch(/\(partner earned credit, PEC\)/);
    expect(readme).toContain("PAL is not PEC");
    expect(readme).not.toContain("| No secrets in files |");
    expect(readme).toContain("it **is stored in the identity stack's state**");
  });

  test("the partner-ID location is the PLA's, as the kit's messages say", () => {
    const doc = fs.readFileSync(path.join(DOCS, "partner-id.md"), "utf8");
    expect(doc).toContain("Organization profile > Legal info > Partner >\n  Business locations");
    expect(doc).toMatch(/PGA ID is what Partner Center shows under Account settings > \*\*Identifiers\*\*/);
  });
});
