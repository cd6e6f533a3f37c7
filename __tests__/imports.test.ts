/**
 * Import rules the kit keeps: provider classes come from their submodule, never a provider
 * package's root (the root of @cdktf/provider-azurerm costs ~3 s and ~400 MB per process), and the
 * kit's own code imports CDKTF only as "cdktf", so moving to a fork (CDK Terrain) is one alias.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, AssetType, TerraformAsset, TerraformStack } from "cdktf";
import { ROOT } from "./support/run";

/** Every TypeScript file the kit ships or runs, outside node_modules and build output. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (["node_modules", "dist", "cdktf.out", ".git"].includes(e.name)) return [];
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sources(full) : e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [full] : [];
  });
}

const files = ["constructs", "stacks", "scripts", "tools", "bench", "examples", "__tests__"].flatMap((d) => sources(path.join(ROOT, d))).concat(path.join(ROOT, "main.ts"));
const SPECIFIER = /(?:from\s+|require\(\s*|import\(\s*)["']([^"']+)["']/g;
const specifiers = (file: string) => [...fs.readFileSync(file, "utf8").matchAll(SPECIFIER)].map((m) => m[1]);

describe("imports", () => {
  test("the scan sees the kit's sources", () => {
    expect(files.length).toBeGreaterThan(50);
    expect(specifiers(path.join(ROOT, "constructs", "pec-role-assignments.ts"))).toContain("@cdktf/provider-azurerm/lib/role-assignment");
  });

  test("no file imports the root of a @cdktf/provider-* package", () => {
    const offenders = files.flatMap((f) => specifiers(f).filter((s) => /^@cdktf\/provider-(?!generator)[a-z]+$/.test(s)).map((s) => `${path.relative(ROOT, f)}: ${s}`));
    expect(offenders).toEqual([]);
  });

  test("the kit's own code imports CDKTF only as \"cdktf\"", () => {
    const shipped = files.filter((f) => !f.includes(`${path.sep}__tests__${path.sep}`));
    const offenders = shipped.flatMap((f) => specifiers(f).filter((s) => s.startsWith("cdktf/")).map((s) => `${path.relative(ROOT, f)}: ${s}`));
    expect(offenders).toEqual([]);
  });
});

describe("cdktf's archiver in the tests (jest.config.js maps it to support/lazy-archiver.ts)", () => {
  test("cdktf gets the lazy loader, and a TerraformAsset of type ARCHIVE still zips with it", () => {
    expect(require.resolve("archiver")).toBe(path.join(ROOT, "__tests__", "support", "lazy-archiver.ts"));
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "pal-asset-"));
    try {
      fs.mkdirSync(path.join(work, "src"));
      fs.writeFileSync(path.join(work, "src", "hello.txt"), "hello");
      const app = new App({ outdir: path.join(work, "out") });
      const asset = new TerraformAsset(new TerraformStack(app, "assets"), "zip", { path: path.join(work, "src"), type: AssetType.ARCHIVE });
      app.synth();
      const zip = fs.readFileSync(path.join(work, "out", "stacks", "assets", asset.path));
      expect(zip.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04])); // a zip's local file header
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
