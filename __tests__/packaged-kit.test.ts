/**
 * The constructs as a library: `npm pack` gives a package that works in another project. The
 * test packs the kit, installs it from the tarball into a temporary copy of
 * examples/existing-app (offline, with npm, against the example's lock file, from npm's cache that
 * `npm ci` filled; see support/example-app-install.ts for when the example's other dependencies
 * are reused), compiles the app against the package's type declarations and synthesises it.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { terraformFmtCheck } from "../tools/terraform-validate";
import { installExampleApp } from "./support/example-app-install";
import { ROOT, runCommand } from "./support/run";
import { listFiles } from "./support/synth";

// `npm run test:full` (CI nightly) unpacks every dependency with `npm ci` each time.
const REUSE_DEPENDENCIES = process.env.PAL_TEST_FULL !== "1";

describe("the packed kit", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "pal-pack-"));
  let tarball: string;
  beforeAll(() => {
    // `npm test` has just built dist/: skip the prepack build (npm pack would run tsc again).
    const packed = JSON.parse(runCommand("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], ROOT));
    tarball = path.join(work, packed[0].filename);
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test("contains the compiled constructs and stacks with type declarations, and no tests or tooling", () => {
    const listing = runCommand("tar", ["-tzf", tarball], work).split("\n").filter(Boolean);
    expect(listing).toEqual(expect.arrayContaining(["package/dist/constructs/index.js", "package/dist/constructs/index.d.ts", "package/dist/stacks/index.d.ts", "package/dist/constructs/data/pec-roles.json", "package/package.json"]));
    // dist/scripts/ ships only the two commands that are package bins (pal-kit-customers, pal-kit-prerequisites).
    expect(listing.filter((f) => /__tests__|\/tools\/|\/bench\/|\/scripts\/(?!(customers|prerequisites)\.js$)|\.ts$/.test(f) && !f.endsWith(".d.ts"))).toEqual([]);
  });

  test("installs offline into a copy of examples/existing-app and synthesises it there", () => {
    const app = path.join(work, "existing-app");
    fs.mkdirSync(app);
    for (const file of ["package.json", "package-lock.json", "tsconfig.json", "cdktf.json", "main.ts"]) {
      fs.copyFileSync(path.join(ROOT, "examples/existing-app", file), path.join(app, file));
    }
    // Point the example at this tarball: the lock file pins everything else.
    const local = "file:pal-kit.tgz";
    fs.copyFileSync(tarball, path.join(app, "pal-kit.tgz"));
    const pkg = JSON.parse(fs.readFileSync(path.join(app, "package.json"), "utf8"));
    pkg.dependencies["pal-kit"] = local;
    fs.writeFileSync(path.join(app, "package.json"), JSON.stringify(pkg, null, 2));
    const lock = JSON.parse(fs.readFileSync(path.join(app, "package-lock.json"), "utf8"));
    // The committed lock pins no integrity for the kit: every `npm pack` of a changed kit differs.
    expect(lock.packages["node_modules/pal-kit"].integrity).toBeUndefined();
    lock.packages[""].dependencies["pal-kit"] = local;
    lock.packages["node_modules/pal-kit"].resolved = local;
    fs.writeFileSync(path.join(app, "package-lock.json"), JSON.stringify(lock, null, 2));

    const kept = installExampleApp(app, REUSE_DEPENDENCIES);
    if (kept) console.log(`npm installed the kit over the example's other dependencies kept in ${kept} (PAL_TEST_FULL=1 runs npm ci; delete that directory to unpack them again)`);
    expect(fs.existsSync(path.join(app, "node_modules/pal-kit/dist/constructs/index.d.ts"))).toBe(true);
    // This run's kit: every compiled file installed is the one just built (and packed) here.
    const installed = path.join(app, "node_modules/pal-kit/dist");
    const stale = listFiles(installed).filter((f) => !fs.readFileSync(path.join(installed, f)).equals(fs.readFileSync(path.join(ROOT, "dist", f))));
    expect(stale).toEqual([]);
    // Type-checks against the package's .d.ts, with the example's classic "node" module resolution
    // (which ignores package.json "exports": "pal-kit/stacks" resolves through "typesVersions").
    expect(JSON.parse(fs.readFileSync(path.join(app, "tsconfig.json"), "utf8")).compilerOptions.moduleResolution).toBe("node");
    expect(fs.readFileSync(path.join(app, "main.ts"), "utf8")).toMatch(/from "pal-kit\/stacks"/);
    // The package's bins run from the install (every module they need is in the package).
    const listed = JSON.parse(runCommand(path.join(app, "node_modules/.bin/pal-kit-customers"), [], app));
    expect(listed.customers).toEqual(expect.arrayContaining(["contoso", "fabrikam"]));
    expect(runCommand(path.join(app, "node_modules/.bin/pal-kit-prerequisites"), ["contoso"], app)).toContain("az login --tenant");
    runCommand(path.join(app, "node_modules/.bin/tsc"), ["-p", "."], app);
    runCommand(process.execPath, ["main.js"], app);

    const stack = (name: string) => JSON.parse(fs.readFileSync(path.join(app, "cdktf.out/stacks", name, "cdk.tf.json"), "utf8"));
    expect(Object.keys(stack("platform").resource).sort()).toEqual([
      "azuread_application",
      "azuread_application_federated_identity_credential",
      "azuread_service_principal",
      "azurerm_resource_group",
      "azurerm_role_assignment",
    ]);
    expect(Object.values<any>(stack("platform-pal-link").resource.azapi_resource_action)[0].method).toContain(`"PUT"`); // PUT unless the read-back finds a link (GET) or another partner ID (PATCH)

    // `cdktf synth --hcl` (SYNTH_HCL_OUTPUT=true): the kit's converted HCL, not CDKTF's own.
    const hcl = spawnSync(process.execPath, ["main.js"], { cwd: app, encoding: "utf8", env: { ...process.env, SYNTH_HCL_OUTPUT: "true", CDKTF_OUTDIR: "hcl.out" } });
    expect([hcl.status, hcl.stderr]).toEqual([0, ""]);
    const linkHcl = fs.readFileSync(path.join(app, "hcl.out/stacks/platform-pal-link/cdk.tf"), "utf8");
    expect(linkHcl).toMatch(/^\s*provider\s*=\s*azapi\s*$/m); // a reference, not CDKTF's quoted "azapi"
    expect(linkHcl).toMatch(/^\s*postcondition \{$/m); // a block, not CDKTF's list of objects
    expect(linkHcl).not.toMatch(/\[object Object\]/);
    expect(fs.existsSync(path.join(app, "hcl.out/stacks/platform-pal-link/cdk.tf.json"))).toBe(false);
    const fmt = terraformFmtCheck(path.join(app, "hcl.out"));
    if (!fmt) console.log("SKIPPED terraform fmt -check of the example's HCL: no terraform binary on PATH");
    else expect([fmt.status, fmt.stdout, fmt.stderr]).toEqual([0, "", ""]);
  });
});
