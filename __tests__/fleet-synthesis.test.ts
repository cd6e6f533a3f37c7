/**
 * Fleet synthesis in batches and threads, and the customer selection, in-process (the guarantee
 * tests run the same through `node dist/main.js` on generated fleets).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { bundledExampleManifest, loadManifest } from "../stacks/manifest/load-manifest";
import { resolveBatchSize, resolveWorkers } from "../stacks/fleet-synthesis/run-batches";
import { checkingUnits, packUnits } from "../stacks/fleet-synthesis/shared-principals";
import { CustomerSelectionError, parseCustomerSelection, selectCustomers } from "../stacks/fleet-synthesis/select-customers";
import { synthesizeFleet } from "../stacks/synthesize-fleet";
import { listFiles } from "./support/synth";

const example = loadManifest(bundledExampleManifest(), "examples/fleet/pal.config.yaml");
const read = (dir: string) => listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]);
const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "pal-fleet-synthesis-"));

describe("customer selection", () => {
  test("PAL_CUSTOMERS takes names separated by commas or spaces; empty means every customer", () => {
    expect(parseCustomerSelection(" contoso, fabrikam  northwind,")).toEqual(["contoso", "fabrikam", "northwind"]);
    expect(parseCustomerSelection("contoso,fabrikam,contoso")).toEqual(["contoso", "fabrikam"]);
    expect(parseCustomerSelection("")).toBeUndefined();
    expect(parseCustomerSelection(undefined)).toBeUndefined();
  });

  test("keeps manifest order whatever the order of the names", () => {
    expect(selectCustomers(example, ["woodgrove", "contoso"]).map((c) => c.name)).toEqual(["contoso", "woodgrove"]);
    expect(selectCustomers(example, undefined)).toBe(example.customers);
  });

  test("an unknown name is an error naming every unknown one, with the closest customers", () => {
    expect(() => selectCustomers(example, ["contoso", "northwnd", "zzz"])).toThrow(CustomerSelectionError);
    expect(() => selectCustomers(example, ["contoso", "northwnd", "zzz"])).toThrow(/customers that .* does not have: "northwnd" \(did you mean "northwind"\?\), "zzz"\./);
  });
});

describe("batches and threads", () => {
  test("batches follow manifest order; customers that share an existing principal stay in one batch; an empty fleet is one empty batch", () => {
    const names = (batches: { name: string }[][]) => batches.map((b) => b.map((c) => c.name));
    expect(names(packUnits(checkingUnits(example.customers), 2))).toEqual([["contoso", "fabrikam"], ["northwind", "woodgrove"]]);
    const woodgrove = example.customers[3];
    const twin = { ...woodgrove, name: "woodgrove-twin" }; // the same existing principal
    expect(names(packUnits(checkingUnits([woodgrove, ...example.customers.slice(0, 3), twin]), 2))).toEqual([
      ["woodgrove", "woodgrove-twin"],
      ["contoso", "fabrikam"],
      ["northwind"],
    ]);
    expect(packUnits(checkingUnits([]), 100)).toEqual([[]]);
  });

  test("threads: the option, else PAL_SYNTH_WORKERS, else one per CPU from 200 customers; never more than the batches", () => {
    expect(resolveWorkers(undefined, 199, 2, {})).toBe(1);
    expect(resolveWorkers(undefined, 200, 2, {})).toBe(Math.min(2, os.availableParallelism()));
    expect(resolveWorkers(undefined, 10, 5, { PAL_SYNTH_WORKERS: "3" })).toBe(3);
    expect(resolveWorkers(4, 10, 2, { PAL_SYNTH_WORKERS: "3" })).toBe(2);
    expect(() => resolveWorkers(undefined, 10, 5, { PAL_SYNTH_WORKERS: "two" })).toThrow(/PAL_SYNTH_WORKERS="two" is not a positive whole number/);
    expect(resolveBatchSize(undefined, { PAL_SYNTH_BATCH_SIZE: "7" })).toBe(7);
    expect(() => resolveBatchSize(undefined, { PAL_SYNTH_BATCH_SIZE: "0" })).toThrow(/PAL_SYNTH_BATCH_SIZE/);
  });

  test("one customer per batch over two threads (the compiled worker) writes the same files as one batch in this thread, JSON and HCL", () => {
    for (const hcl of [false, true]) {
      const [a, b] = [tempDir(), tempDir()];
      const single = synthesizeFleet(example, { outdir: path.join(a, "out"), hcl, workers: 1 });
      const sharded = synthesizeFleet(example, { outdir: path.join(b, "out"), hcl, workers: 2, batchSize: 1 });
      expect(sharded.stacks).toEqual(single.stacks);
      expect(sharded.findings).toEqual(single.findings);
      expect(read(path.join(b, "out"))).toEqual(read(path.join(a, "out")));
      expect(fs.readdirSync(b)).toEqual(["out"]); // no batch or staging folder left behind
    }
  });

  test("an error in any batch, in whichever thread, fails the run and leaves nothing behind", () => {
    // Not a manifest the loader would accept: a spec built in code, with a tenant ID that is not a GUID.
    const broken = { ...example, customers: example.customers.map((c, i) => (i === 2 ? { ...c, tenantId: "not-a-guid" } : c)) };
    const dir = tempDir();
    expect(() => synthesizeFleet(broken, { outdir: path.join(dir, "out"), workers: 2, batchSize: 1 })).toThrow(/not-a-guid/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test("checks that pair a shared existing principal's assignments see both customers, whatever the batching or selection", () => {
    // woodgrove-twin brings woodgrove's principal, with the same roles on a resource group inside
    // woodgrove's subscription: PAL008 (nested scope) only sees that when both are in one App.
    // Both acknowledge PAL013 (one existing principal named by two customers), which would otherwise stop synthesis.
    const shared = { rule: "PAL013", reason: "One principal serves both halves of this customer in this test" };
    const woodgrove = { ...example.customers.find((c) => c.name === "woodgrove")!, acknowledgements: [shared] };
    const twin = { ...woodgrove, name: "woodgrove-twin", scopes: [`${woodgrove.scopes[0]}/resourceGroups/rg-nested`] };
    const fleet = { ...example, customers: [woodgrove, ...example.customers.filter((c) => c.name !== "woodgrove"), twin] };
    const nested = (findings: readonly { rule: string; customer?: string }[]) => findings.filter((f) => f.rule === "PAL008").map((f) => f.customer);
    const whole = synthesizeFleet(fleet, { outdir: path.join(tempDir(), "out"), batchSize: 100 });
    expect(nested(whole.findings)).toEqual(["woodgrove-twin"]);
    const batched = synthesizeFleet(fleet, { outdir: path.join(tempDir(), "out"), batchSize: 1, workers: 2 });
    expect(batched.findings).toEqual(whole.findings);
    const selected = synthesizeFleet(fleet, { outdir: path.join(tempDir(), "out"), customers: ["woodgrove-twin"] });
    expect(selected.stacks).toEqual(["woodgrove-twin-identity", "woodgrove-twin-link"]);
    expect(selected.findings).toEqual(whole.findings.filter((f) => f.customer === "woodgrove-twin"));
    expect(fs.readdirSync(path.join(selected.outdir, "stacks")).sort()).toEqual(["woodgrove-twin-identity", "woodgrove-twin-link"]);
  });

  test("a selection synthesises only the selected customers and reports only their findings", () => {
    const result = synthesizeFleet(example, { outdir: path.join(tempDir(), "out"), customers: ["fabrikam"] });
    expect(result.stacks).toEqual(["fabrikam-identity", "fabrikam-link"]);
    expect(new Set(result.findings.map((f) => f.customer))).toEqual(new Set(["fabrikam"]));
  });

  test("the fleet-level stacks (Lighthouse managing tenant and delegations) come with a full synthesis or a selection naming a Lighthouse customer, byte-identical", () => {
    const whole = synthesizeFleet(example, { outdir: path.join(tempDir(), "out") });
    const fleetLevel = ["managing-tenant-identity", "managing-tenant-link", "litware-delegation"];
    expect(whole.stacks.slice(-3)).toEqual(fleetLevel); // after the customers' stacks, in one App
    const selected = synthesizeFleet(example, { outdir: path.join(tempDir(), "out"), customers: ["litware"] });
    expect(selected.stacks).toEqual(fleetLevel);
    const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), "utf8");
    for (const file of listFiles(selected.outdir).filter((f) => f.startsWith("stacks") || f.startsWith("lighthouse"))) {
      expect([file, read(selected.outdir, file)]).toEqual([file, read(whole.outdir, file)]);
    }
    expect(fs.readdirSync(path.join(selected.outdir, "customers")).sort()).toEqual(["litware.html", "litware.md"]);
    // `managing-tenant` (what npm run customers names the managing tenant's pair) selects them too.
    expect(synthesizeFleet(example, { outdir: path.join(tempDir(), "out"), customers: ["managing-tenant"] }).stacks).toEqual(fleetLevel);
    // A customer-side selection leaves them out.
    expect(synthesizeFleet(example, { outdir: path.join(tempDir(), "out"), customers: ["contoso"] }).stacks).toEqual(["contoso-identity", "contoso-link"]);
  });
});

describe("CDKTF's preparing pass, skipped for self-contained stacks", () => {
  const build = () => {
    const { App, TerraformOutput, TerraformStack, TerraformVariable } = require("cdktf") as typeof import("cdktf");
    const app = new App({ outdir: tempDir(), stackTraces: false });
    const a = new TerraformStack(app, "a");
    const value = new TerraformVariable(a, "value", { type: "string" });
    const b = new TerraformStack(app, "b");
    new TerraformOutput(b, "copy", { value: value.stringValue }); // b refers to a
    return { app, a, b };
  };

  test("a skipped stack that refers to nothing writes what CDKTF writes; one that refers to another stack fails loudly", () => {
    const { lightenPreparingResolve } = require("../stacks/fleet-synthesis/preparing-resolve");
    const written = (app: import("cdktf").App) => read(app.outdir).filter(([f]) => f.endsWith(".json"));
    const plain = build();
    plain.app.synth();
    const skipped = build();
    lightenPreparingResolve(skipped.app, (s: unknown) => (s === skipped.a ? "none" : "light"));
    skipped.app.synth();
    expect(written(skipped.app)).toEqual(written(plain.app));
    const wrong = build();
    lightenPreparingResolve(wrong.app, (s: unknown) => (s === wrong.b ? "none" : "full"));
    expect(() => wrong.app.synth()).toThrow(/stack b refers to a construct of another stack that fleet synthesis did not prepare/);
  });
});
