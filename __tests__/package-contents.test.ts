/**
 * What `npm pack` ships (package.json "files") and how the package declares what it needs: the
 * compiled library and the commands users run, nothing else; provider bindings as peer
 * dependencies with ranges, pinned for the kit's own tests.
 */
import * as fs from "fs";
import * as path from "path";
import { ROOT, runCommand } from "./support/run";

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

/** The dry-run listing, without running prepack (the suite has built dist/ already: npm test runs the build first). */
function packedFiles(): string[] {
  return (JSON.parse(runCommand("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], ROOT))[0].files as { path: string }[]).map((f) => f.path).sort();
}

describe("the package", () => {
  const files = packedFiles();

  test("ships exactly the compiled library, the bins, the schemas and the documents users need", () => {
    const allowed = [
      /^dist\/(constructs|stacks|status|staff)\/.+\.(js|d\.ts|json)$/,
      // The bins' entry points: each exactly (link-staff and status ship their folders above).
      ...Object.values<string>(pkg.bin).map((target) => new RegExp(`^${target.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}$`)),
      /^(package\.json|README\.md|LICENSE|CHANGELOG\.md)$/,
      /^constructs\/checks\/RULES\.md$/,
      /^examples\/fleet\/pal\.config\.yaml$/,
      /^schemas\/pal-config\.schema\.json$/,
      /^status\/status-report\.schema\.json$/,
    ];
    expect(files.filter((f) => !allowed.some((a) => a.test(f)))).toEqual([]);
    for (const needed of [
      "dist/constructs/index.js",
      "dist/constructs/index.d.ts",
      "dist/stacks/index.js",
      "dist/stacks/transparency/index.js",
      "dist/constructs/data/pec-roles.json",
      "schemas/pal-config.schema.json",
      "CHANGELOG.md",
      "LICENSE",
      "README.md",
    ]) {
      expect(files).toContain(needed);
    }
  });

  test("every compiled file it ships has its source (no stale output from a removed module)", () => {
    const stale = files
      .filter((f) => /^dist\/.+\.js$/.test(f))
      .map((f) => f.replace(/^dist\//, "").replace(/\.js$/, ".ts"))
      .filter((source) => !fs.existsSync(path.join(ROOT, source)));
    expect(stale).toEqual([]);
  });

  test("every bin is shipped and starts with a node shebang", () => {
    expect(Object.keys(pkg.bin)).toEqual(expect.arrayContaining(["pal-kit-customers", "pal-kit-link-staff", "pal-kit-prerequisites", "pal-kit-status"]));
    for (const target of Object.values<string>(pkg.bin)) {
      expect(files).toContain(target);
      expect(fs.readFileSync(path.join(ROOT, target), "utf8").split("\n")[0]).toBe("#!/usr/bin/env node");
    }
  });

  test("provider bindings are peer dependencies with ranges; the kit's tests pin a version inside each range", () => {
    for (const name of ["cdktf", "constructs"]) {
      expect(pkg.dependencies[name]).toBeUndefined();
      expect(pkg.peerDependencies[name]).toMatch(/^\^/);
    }
    for (const name of ["@cdktf/provider-azurerm", "@cdktf/provider-azuread", "@cdktf/provider-time"]) {
      expect(pkg.dependencies[name]).toBeUndefined();
      const range: string = pkg.peerDependencies[name];
      expect(range).toMatch(/^\^\d+\.\d+\.\d+$/);
      const pinned: string = pkg.devDependencies[name];
      expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
      const [rMajor, rMinor, rPatch] = range.slice(1).split(".").map(Number);
      const [major, minor, patch] = pinned.split(".").map(Number);
      expect(major).toBe(rMajor);
      expect(minor * 1e6 + patch).toBeGreaterThanOrEqual(rMinor * 1e6 + rPatch);
    }
  });
});

describe("the build", () => {
  /** A tsconfig file's `include` (these files have whole-line // comments only). */
  const include = (file: string): string[] => JSON.parse(fs.readFileSync(path.join(ROOT, file), "utf8").replace(/^\s*\/\/.*$/gm, "")).include;

  test("names every source folder: `tsc -b` (npm test) rebuilds only when a file of its `include` changed", () => {
    // A folder compiled only because another one imports it is built once and never again by `tsc -b`.
    const folders = fs
      .readdirSync(ROOT, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !["node_modules", "dist", "cdktf.out", "__tests__"].includes(e.name) && !e.name.startsWith("."))
      .filter((e) => fs.readdirSync(path.join(ROOT, e.name), { recursive: true }).some((f) => /(?<!\.d)\.ts$/.test(String(f)) && !String(f).includes("node_modules")))
      .map((e) => e.name);
    expect(folders).toEqual(expect.arrayContaining(["constructs", "stacks", "status", "staff"]));
    expect(folders.filter((f) => !include("tsconfig.json").includes(f))).toEqual([]);
    expect(include("tsconfig.test.json").sort()).toEqual([...include("tsconfig.json"), "__tests__"].sort());
  });
});
