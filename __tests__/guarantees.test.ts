/**
 * The kit's fleet-wide guarantees, each with its own test: determinism, isolation between
 * customers, stable identities, and no secrets in synthesised output.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { generateFleetManifest, generatedCustomer, seededRandom } from "../tools/generate-fleet";
import { ROOT, runMainInProcess } from "./support/run";
import { sharedFleet } from "./support/shared-fleets";
import { listFiles } from "./support/synth";

type Manifest = ReturnType<typeof generateFleetManifest>;

/**
 * Fleet sizes: big enough to prove each property (every credential type, scope kind and option of
 * the generator, edits that move customers around, fleets that grow and shrink), small enough for
 * `npm test`. PAL_TEST_FULL=1 (`npm run test:full`, CI nightly) runs the full-size fleets.
 */
const FULL = process.env.PAL_TEST_FULL === "1";
const ISOLATION = FULL ? { customers: 200, churn: 7 } : { customers: 40, churn: 3 };
type Files = Map<string, string>;

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "pal-guarantee-"));
}

/**
 * Synthesises a manifest object with the compiled kit (dist/main.js's main(), what `npm run synth`
 * runs, in the jest worker: the kit is loaded once per worker, not once per synthesis) and returns
 * every output file's text.
 */
function synth(manifest: Manifest, env: Record<string, string> = {}): Files {
  const dir = tempDir();
  const outdir = path.join(dir, "cdktf.out");
  fs.writeFileSync(path.join(dir, "pal.config.yaml"), stringify(manifest));
  const run = runMainInProcess(dir, { ...env, CDKTF_OUTDIR: outdir });
  expect([run.status, run.stderr]).toEqual([0, ""]);
  const files = readFiles(outdir);
  fs.rmSync(dir, { recursive: true, force: true });
  return files;
}

/** Every file of an output directory, by relative path. */
function readFiles(outdir: string): Files {
  return new Map(listFiles(outdir).map((f) => [f, fs.readFileSync(path.join(outdir, f), "utf8")]));
}

/** The files of one customer's two stacks. */
function customerFiles(files: Files, name: string): [string, string][] {
  return [...files].filter(([f]) => f.startsWith(`stacks/${name}-identity/`) || f.startsWith(`stacks/${name}-link/`));
}

const names = (m: Manifest) => (m.customers as { name: string }[]).map((c) => c.name);

describe("determinism", () => {
  test("synthesising the same manifest twice, into different directories, gives byte-identical output", () => {
    // Every credential type, scope kind and option the generator covers, plus the example fleet.
    const generated = generateFleetManifest(20);
    const first = readFiles(sharedFleet("generated-20")); // synthesised once per run, in its own directory
    const second = synth(generated);
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [file, text] of first) expect([file, second.get(file)]).toEqual([file, text]);
    // No file is stamped with a time, a path or a random value: the list of exceptions is empty.
    expect(first.get("manifest.json")).not.toMatch(/\d{4}-\d{2}-\d{2}T|\/tmp\//);

    const b = tempDir();
    expect(runMainInProcess(ROOT, { CDKTF_OUTDIR: path.join(b, "elsewhere", "out") }).status).toBe(0);
    const read = (dir: string) => listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]);
    expect(read(path.join(b, "elsewhere", "out"))).toEqual(read(sharedFleet("example")));
  });
});

describe("isolation", () => {
  const base = generateFleetManifest(ISOLATION.customers);
  let baseFiles: Files;
  beforeAll(() => {
    baseFiles = synth(base, { PAL_SYNTH_WORKERS: "1" }); // one thread: the reference the sharded run is compared with
  });

  test("sharding customers over worker threads, in small batches, gives byte-identical output to one thread", () => {
    // 40 customers in batches of 7: six batches, claimed by two threads in whatever order they finish.
    // The base fleet was synthesised in one thread (in one batch at the default size of 40 customers).
    const sharded = synth(base, { PAL_SYNTH_WORKERS: "2", PAL_SYNTH_BATCH_SIZE: "7" });
    expect([...sharded.keys()]).toEqual([...baseFiles.keys()]);
    for (const [file, text] of baseFiles) expect([file, sharded.get(file)]).toEqual([file, text]);
  });

  test("PAL_CUSTOMERS=<names> writes exactly those customers' stacks, byte-identical to the full synthesis", () => {
    const chosen = [names(base)[5], names(base)[17]];
    const stacks = chosen.flatMap((n) => [`${n}-identity`, `${n}-link`]);
    const selected = synth(base, { PAL_CUSTOMERS: [...chosen].reverse().join(",") }); // any order: manifest order is kept
    expect([...selected.keys()].filter((f) => f.startsWith("stacks/"))).toEqual(stacks.map((s) => `stacks/${s}/cdk.tf.json`));
    for (const name of chosen) for (const [file, text] of customerFiles(selected, name)) expect([file, text]).toEqual([file, baseFiles.get(file)]);
    // manifest.json lists those stacks only, exactly as the full synthesis lists them.
    const entries = (files: Files) => JSON.parse(files.get("manifest.json")!).stacks;
    expect(entries(selected)).toEqual(Object.fromEntries(stacks.map((s) => [s, entries(baseFiles)[s]])));
  });

  /** Both stacks of `name`, and only those, in `files`; fails when either stack is missing. */
  function stacksOf(files: Files, name: string): [string, string][] {
    const own = customerFiles(files, name);
    for (const stack of [`${name}-identity`, `${name}-link`]) {
      expect([stack, own.some(([f]) => f === `stacks/${stack}/cdk.tf.json`)]).toEqual([stack, true]);
    }
    return own;
  }

  /**
   * Synthesises `edited` and asserts that every customer it shares with the base, except
   * `changed`, has byte-identical stacks, and that each of `changed` has stacks that differ.
   * Returns how many customers were compared unchanged.
   */
  function expectOnlyChangedCustomersDiffer(edited: Manifest, changed: string[] = []): number {
    const files = synth(edited);
    let compared = 0;
    for (const name of names(edited)) {
      if (!names(base).includes(name)) continue;
      if (changed.includes(name)) {
        expect([name, stacksOf(files, name)]).not.toEqual([name, stacksOf(baseFiles, name)]);
        continue;
      }
      expect([name, stacksOf(files, name)]).toEqual([name, stacksOf(baseFiles, name)]);
      compared++;
    }
    return compared;
  }

  /** The kinds of edit a customer's entry gets; every round applies each kind to a different customer. */
  const EDITS: ((c: Record<string, unknown>) => Record<string, unknown>)[] = [
    (c) => ({ ...c, roles: ["Reader", "Support Request Contributor", "Cost Management Contributor"] }),
    (c) => ({ ...c, partnerId: "7654321" }),
    (c) => ({ ...c, deleteLinkOnDestroy: !c.deleteLinkOnDestroy }),
    (c) => ({ ...c, credential: { type: "password", lifetime: "168h" } }),
    (c) => ({ ...c, scopes: [...(c.scopes as string[]), `/subscriptions/${"f".repeat(8)}-ffff-4fff-8fff-${"f".repeat(12)}`] }),
    (c) => ({ ...c, displayName: `PAL link for ${c.name as string}, edited` }),
  ];
  /** Whether an edit changes a customer's stacks: a display name only exists where the kit creates the application. */
  const editFits = (edit: number, c: Record<string, unknown>) => edit !== 5 || (c.credential as { type?: string } | undefined)?.type !== "none";

  type Operation = "add" | "remove" | "mixed";
  // Seeded, so a failure reproduces; several seeds, so the edits differ from round to round. Rounds
  // that only add or only remove change the fleet's size, which a stack must not depend on either.
  const ROUNDS: [Operation, number][] = [
    ["mixed", 1],
    ["add", 4],
    ...(FULL
      ? ([
          ["mixed", 2],
          ["mixed", 3],
          ["remove", 5],
        ] as [Operation, number][])
      : []),
  ];
  test.each<[Operation, number]>(ROUNDS)("%s round (seed %i): other customers' stacks stay byte-identical, edited customers' change", (operation, seed) => {
    const random = seededRandom(seed);
    const pick = (n: number) => Math.floor(random() * n);
    const customers = [...(base.customers as Record<string, unknown>[])];

    const { customers: size, churn } = ISOLATION;
    if (operation !== "add") for (let i = 0; i < churn; i++) customers.splice(pick(customers.length), 1);
    if (operation !== "remove") for (let i = 0; i < churn; i++) customers.splice(pick(customers.length + 1), 0, generatedCustomer(1000 + seed * 10 + i));
    for (let i = customers.length - 1; i > 0; i--) {
      const j = pick(i + 1);
      [customers[i], customers[j]] = [customers[j], customers[i]]; // shuffle
    }
    const expectedSize = { add: size + churn, remove: size - churn, mixed: size }[operation];
    expect(customers).toHaveLength(expectedSize);

    const edited: string[] = [];
    for (const [index, edit] of EDITS.entries()) {
      let victim: number;
      do victim = pick(customers.length);
      while (edited.includes(customers[victim].name as string) || !names(base).includes(customers[victim].name as string) || !editFits(index, customers[victim]));
      edited.push(customers[victim].name as string);
      customers[victim] = edit(customers[victim]);
    }

    const compared = expectOnlyChangedCustomersDiffer({ ...base, customers }, edited);
    expect(compared).toBe(customers.filter((c) => names(base).includes(c.name as string)).length - EDITS.length);
    expect(compared).toBeGreaterThanOrEqual(size - churn - EDITS.length);
  });
});

describe("stable identities", () => {
  test("reordering a customer's scopes or roles changes nothing in its stacks", () => {
    const roles = ["Reader", "Support Request Contributor", "Monitoring Contributor"];
    const customer: Record<string, unknown> = { ...generatedCustomer(3), roles };
    const reordered = { ...customer, scopes: [...(customer.scopes as string[])].reverse(), roles: [...roles].reverse() };
    const a = synth({ ...generateFleetManifest(0), customers: [customer] });
    const b = synth({ ...generateFleetManifest(0), customers: [reordered] });
    expect(customerFiles(b, "customer-0003")).toEqual(customerFiles(a, "customer-0003"));
  });

  test("logical IDs and assignment names depend on the customer's name, scope and role only", () => {
    const customer = generatedCustomer(0);
    const alone = synth({ ...generateFleetManifest(0), customers: [customer] });
    const crowded = synth({ ...generateFleetManifest(0), customers: [generatedCustomer(7), customer, generatedCustomer(9)] });
    const ids = (files: Files) => {
      const json = JSON.parse(files.get("stacks/customer-0000-identity/cdk.tf.json")!);
      return Object.entries(json.resource.azurerm_role_assignment).map(([id, r]: [string, any]) => [id, r.name, r.scope, r.role_definition_id]);
    };
    expect(ids(crowded)).toEqual(ids(alone));
    const renamed = synth({ ...generateFleetManifest(0), customers: [{ ...customer, name: "customer-renamed" }] });
    const renamedNames = Object.values(JSON.parse(renamed.get("stacks/customer-renamed-identity/cdk.tf.json")!).resource.azurerm_role_assignment).map((r: any) => r.name);
    expect(renamedNames.sort()).not.toEqual(ids(alone).map((x) => x[1]).sort());
  });
});

describe("no secrets", () => {
  /** Attribute names that carry a secret when they hold a literal value. */
  const SECRET_KEY = /secret|password|token|certificate|access_key|sas/i;

  function* walk(value: unknown, at: string[]): Generator<[string[], unknown]> {
    yield [at, value];
    if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) yield* walk(v, [...at, k]);
  }

  test("no client secret, token or password value is in any synthesised file, and every output that can carry one is sensitive", () => {
    const files = readFiles(sharedFleet("generated-20")); // includes password, federated and existing-principal customers
    let secretsReferenced = 0;
    let sensitiveOutputs = 0;
    for (const [file, text] of files) {
      if (!file.endsWith("cdk.tf.json")) continue;
      const json = JSON.parse(text);
      for (const [at, value] of walk(json, [])) {
        const key = at[at.length - 1] ?? "";
        if (SECRET_KEY.test(key) && typeof value === "string" && at[0] !== "//") {
          // Only a Terraform reference may stand where a secret goes; never a literal.
          expect([file, at.join("."), value]).toEqual([file, at.join("."), expect.stringMatching(/^\$\{[^}]+\}$/)]);
          secretsReferenced++;
        }
      }
      for (const [name, output] of Object.entries<any>(json.output ?? {})) {
        if (/application_password|client_secret|\.value\b/.test(String(output.value))) {
          expect([file, name, output.sensitive]).toEqual([file, name, true]);
          sensitiveOutputs++;
        }
      }
    }
    expect(secretsReferenced).toBeGreaterThan(0); // the fleet does carry secrets: as references
    expect(sensitiveOutputs).toBeGreaterThan(0); // ...and hands them to link stacks through sensitive outputs
  });

  test("the log of a synthesis names no secret value", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "pal.config.yaml"), stringify(generateFleetManifest(10)));
    const run = runMainInProcess(dir);
    expect(run.status).toBe(0);
    expect(run.stdout + run.stderr).not.toMatch(/client_secret|\$\{azuread_application_password/);
  });
});
