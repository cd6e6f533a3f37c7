/**
 * Property-based: random and mutated manifests through the loader, the validator and synthesis.
 * Whatever the input, the kit never throws anything but a located ManifestError (or an
 * OutputDirectoryError), and a synthesis either publishes a whole tree or writes no stack.
 * Seeded (a failure prints its seed and path, and replays) and bounded to a few seconds.
 */
import * as fc from "fast-check";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { parseManifest } from "../stacks/manifest/load-manifest";
import { ManifestError } from "../stacks/manifest/manifest-error";
import { synthesizeFleet } from "../stacks/synthesize-fleet";
import { listFiles } from "./support/synth";

// PAL_FUZZ_SEED=<n> explores other inputs locally; the suite always runs the fixed seed.
const SEED = Number(process.env.PAL_FUZZ_SEED) || 20261201;

const BASE = parse(`
partnerId: "1234567"
partnerName: Contoso MSP
defaults:
  roles: [Reader, Support Request Contributor]
  credential: { github: { repository: contoso-msp/pal, environment: "pal-{customer}" } }
customers:
  - name: contoso
    tenantId: 11111111-1111-1111-1111-111111111111
    scopes: [/subscriptions/22222222-2222-2222-2222-222222222222]
  - name: fabrikam
    tenantId: 44444444-4444-4444-4444-444444444444
    scopes: [/subscriptions/55555555-5555-5555-5555-555555555555/resourceGroups/rg-erp]
    credential: { type: password, lifetime: 720h }
    acknowledge: { PAL005: "No pipeline at Fabrikam yet; ticket OPS-1234" }
  - name: woodgrove
    tenantId: 88888888-8888-8888-8888-888888888888
    scopes: [/subscriptions/99999999-9999-9999-9999-999999999999]
    credential: { type: none, clientId: aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa, objectId: bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb }
`);

type Path = (string | number)[];

/** Every path in `value` (mappings and lists included). */
function paths(value: unknown, at: Path = []): Path[] {
  const here = [at];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => paths(v, [...at, i]))];
  if (value && typeof value === "object") return [...here, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...at, k]))];
  return here;
}

/** Strings people and attackers write: template sequences, quotes, control characters, Unicode, long runs. */
const nastyString = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom("${file(\"x\")}", "%{if true}x%{endif}", '"} resource "x" "y" {', "\u0000", "a\nb", "\u202e", "ca\u0301fe", "x".repeat(300), "!!binary", "*alias", "&anchor", "{customer}", "  ", "🤖"),
);
const value = fc.oneof(nastyString, fc.integer(), fc.boolean(), fc.constant(null), fc.array(nastyString, { maxLength: 3 }), fc.dictionary(nastyString, nastyString, { maxKeys: 2 }));

/** One mutation of the base manifest: replace, delete or add at a random path. */
const mutation = fc.record({ pick: fc.nat(), kind: fc.constantFrom("replace", "delete", "add"), key: nastyString, value });

function mutate(base: unknown, mutations: { pick: number; kind: string; key: string; value: unknown }[]): unknown {
  const doc = structuredClone(base) as any;
  for (const m of mutations) {
    const all = paths(doc).filter((p) => p.length > 0);
    if (all.length === 0) break;
    const at = all[m.pick % all.length];
    const parent = at.slice(0, -1).reduce((n: any, s) => n[s], doc);
    const last = at[at.length - 1];
    if (m.kind === "replace") parent[last] = m.value;
    else if (m.kind === "delete") Array.isArray(parent) ? parent.splice(Number(last), 1) : delete parent[last];
    else if (parent[last] && typeof parent[last] === "object" && !Array.isArray(parent[last])) parent[last][m.key] = m.value;
    else if (Array.isArray(parent[last])) parent[last].push(m.value);
  }
  return doc;
}

/** Loads text; returns the spec, or the ManifestError after checking it is located. Anything else fails the property. */
function load(text: string, format: "yaml" | "json") {
  try {
    return parseManifest(text, "fuzz.yaml", format);
  } catch (err) {
    if (!(err instanceof ManifestError)) throw err;
    expect(err.problems.length).toBeGreaterThan(0);
    for (const p of err.problems) {
      expect(p.message).not.toMatch(/\bundefined\b|\[object Object\]|\bNaN\b/);
      // A problem inside the document has a line; only whole-file problems (empty, missing partnerId) may not.
      if (p.path.length > 0 && text.trim() !== "") expect([p.path, p.line]).toEqual([p.path, expect.any(Number)]);
    }
    return undefined;
  }
}

describe("fuzzing the loader and validator", () => {
  test("random text: only located ManifestErrors", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: "binary", maxLength: 200 }), fc.constantFrom("{", "[", "- ", "a: *b", "a: &a [*a]", "---\n---")), fc.constantFrom("yaml" as const, "json" as const), (text, format) => {
        load(text, format);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  test("mutated manifests (YAML and JSON): a spec or located problems, never a crash", () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), (mutations, asJson) => {
        const doc = mutate(BASE, mutations);
        load(asJson ? JSON.stringify(doc) : stringify(doc), asJson ? "json" : "yaml");
      }),
      { seed: SEED, numRuns: 400 },
    );
  });
});

describe("fuzzing through synthesis", () => {
  test("what loads synthesises whole or writes no stack; nothing is left beside the output", () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "pal-fuzz-"));
    let synthesised = 0;
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 2 }), (mutations) => {
        const spec = load(stringify(mutate(BASE, mutations)), "yaml");
        if (!spec || synthesised >= 12) return; // synthesis is the slow part: a dozen runs
        const outdir = path.join(work, `out-${synthesised++}`);
        const result = synthesizeFleet(spec, { outdir, hcl: synthesised % 2 === 0 });
        const files = listFiles(outdir);
        if (result.published) {
          expect(files).toContain("manifest.json");
          for (const stack of result.stacks) expect(files.some((f) => f.startsWith(`stacks/${stack}/`))).toBe(true);
        } else {
          expect(files).toEqual(["pal-findings.json"]);
        }
        expect(fs.readdirSync(work).filter((e) => e.startsWith("."))).toEqual([]);
      }),
      { seed: SEED, numRuns: 60 },
    );
    expect(synthesised).toBeGreaterThan(3);
    fs.rmSync(work, { recursive: true, force: true });
  }, 60_000);
});
