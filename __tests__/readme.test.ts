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
