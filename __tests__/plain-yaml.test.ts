/**
 * The plain-YAML fast path (stacks/manifest/plain-yaml.ts) reads exactly what `yaml` reads: on
 * every YAML file in the repository, on generated fleets, on tricky hand-written inputs and on
 * seeded random mutations of them, whenever it accepts a document `yaml` parses it without error
 * to a deep-equal value with the same key order. And it does accept the manifests people write,
 * so the loader's fast path is really taken.
 */
import * as fc from "fast-check";
import * as fs from "fs";
import * as path from "path";
import { isDeepStrictEqual } from "util";
import { parseDocument } from "yaml";
import { generateFleetYaml } from "../tools/generate-fleet";
import { parsePlainYaml } from "../stacks/manifest/plain-yaml";

const ROOT = path.join(__dirname, "..");
const SEED = Number(process.env.PAL_FUZZ_SEED) || 20261202;

/** What the loader's slow path makes of `text`: its value, or "error". */
function viaYaml(text: string): unknown {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) return "error";
  return doc.toJS({ maxAliasCount: -1 });
}

/** Fails unless the fast path refuses `text` or agrees with `yaml` on it (value and key order). */
function expectAgreement(text: string): boolean {
  const plain = parsePlainYaml(text);
  if (plain === undefined) return false;
  const slow = viaYaml(text);
  if (slow === "error" || !isDeepStrictEqual(plain, slow) || JSON.stringify(plain) !== JSON.stringify(slow)) {
    throw new Error(`the fast path read ${JSON.stringify(text)} as ${JSON.stringify(plain)}; yaml reads ${JSON.stringify(slow)}`);
  }
  return true;
}

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return ["node_modules", "dist", "cdktf.out", ".git"].includes(e.name) ? [] : yamlFiles(full);
    return /\.ya?ml$/.test(e.name) ? [full] : [];
  });
}

const FILES = [...yamlFiles(path.join(ROOT, "examples")), ...yamlFiles(path.join(ROOT, "__tests__", "fixtures"))];

/** Inputs at the edges of the accepted subset: each is either refused or read as `yaml` reads it. */
const TRICKY = [
  "a: 1\nb: -1\nc: +1\nd: 007\ne: 1234567890123456\nf: 1.5\ng: 1e3\nh: .5\ni: 0x1F\nj: 0o17\nk: .inf\nl: .NaN\n",
  "a: ~\nb: null\nc: Null\nd: NULL\ne: nUll\nf:\ng: true\nh: True\ni: TRUE\nj: tRue\nk: yes\nl: on\nm: off\n",
  "a: 'x # y'\nb: \"x # y\"\nc: x # y\nd: x#y\ne: 'it''s'\nf: \"a\\tb\"\ng: \"\"\nh: ''\ni: \"a\" # c\nj: 'a' b\n",
  "a: http://x.y/z?q=1&r=2\nb: a: b\nc: a:b\nd: -a\ne: ?a\nf: :a\ng: a:\nh: [a, b]\ni: []\nj: {}\nk: { }\nl: [ ]\n",
  "a:\n- x\n- y\nb: 1\n",
  "a:\n  - x\n  -\n  - - y\n",
  "- a: 1\n  b: 2\n-   c: 3\n    d: 4\n- e\n-\n- f: \n",
  "a:\n  b:\n    c: d\n  e: f\ng: h\n",
  "a: b\n  c\n",
  "a: b\n\n  c\n",
  "a:\n  b\n",
  "a: b\n # comment\nc: d # another\n# end\n",
  "a: 1\na: 2\n",
  "a: 1\n b: 2\n",
  " a: 1\n b: 2\n",
  "---\na: 1\n",
  "a: 1\n---\nb: 2\n",
  "a: 1\n...\n",
  "%YAML 1.2\n---\na: 1\n",
  "a: &x 1\nb: *x\n",
  "a: !!str 1\n",
  "a: |\n  x\n",
  "a: >-\n  x\n",
  "<<: {a: 1}\n",
  "__proto__: 1\n",
  "constructor: 1\ntoString: 2\n",
  "true: 1\n",
  "null: 1\n",
  "1: a\n",
  "a b: 1\n",
  "a : 1\n",
  '"a": 1\n',
  "a:\tb\n",
  "a: b\r\nc: d\r\n",
  "a: caf\u00e9 \u00a0x\nb: \u2028\nc: \ufeff\nd: \ud83e\udd16\ne: \u00a1\u4e2d\n",
  "a: x  y  \nb:    z\n",
  "a: b\nc\n",
  "- a\nb: c\n",
  "a:\n- b\n  c: d\n",
  "a:\n  - b: 1\n  c: 2\n",
  "x",
  "",
  "# only a comment\n",
  "a: \"unclosed\n",
  "a: 'x'y'\n",
  "- \"a\"\n- 'b' # c\n- c  # d\n",
  "a:\n  -\n    b: 1\n",
  "a:\n    - x\n  b: 1\n",
];

describe("the plain-YAML fast path", () => {
  test("reads every YAML file of the repository as yaml does, or refuses it", () => {
    expect(FILES.length).toBeGreaterThan(50);
    const accepted = FILES.filter((f) => expectAgreement(fs.readFileSync(f, "utf8")));
    // Most manifests are plain: the fast path is really taken, not refused everywhere.
    expect(accepted.length).toBeGreaterThan(FILES.length / 2);
    expect(accepted).toContain(path.join(ROOT, "examples", "fleet", "pal.config.yaml"));
  });

  test("accepts generated fleets and reads them as yaml does", () => {
    for (const size of [1, 7, 300]) expect(expectAgreement(generateFleetYaml(size))).toBe(true);
  });

  test.each(TRICKY.map((t) => [JSON.stringify(t).slice(0, 60), t]))("edge case %s", (_name, text) => {
    expectAgreement(text);
  });

  test("accepts the edge cases it should (a refusal everywhere would also 'agree')", () => {
    expect(parsePlainYaml("a:\n- x\nb: +1\nc: 'x # y'\nd: x # y\ne:\nf: []\n")).toEqual({ a: ["x"], b: 1, c: "x # y", d: "x", e: null, f: [] });
    expect(parsePlainYaml("- a: 1\n  b: 2\n-   c: 3\n    d: 4\n-\n")).toEqual([{ a: 1, b: 2 }, { c: 3, d: 4 }, null]);
    expect(parsePlainYaml("a: b\n  c\n")).toBeUndefined(); // a multi-line scalar: yaml's job
    expect(parsePlainYaml("a: 1\na: 2\n")).toBeUndefined(); // a duplicate key: yaml reports it, located
  });

  test("agrees with yaml on random mutations of real manifests (seeded)", () => {
    // Plain documents (so most mutants are near the edge of the subset) and the edge cases.
    const plain = FILES.map((f) => fs.readFileSync(f, "utf8")).filter((t) => t.length < 4000 && parsePlainYaml(t) !== undefined);
    const bases = [...plain.slice(0, 40), generateFleetYaml(6), ...TRICKY];
    const pieces = [" ", "  ", "-", "- ", ":", ": ", "#", " #", "'", '"', "\\", "\n", "\n  ", "[", "]", "{", "}", "&a", "*a", "!", "|", ">", "?", "~", "null", "true", "1", "1.5", "0x1", ".inf", "---", "\t", "\r", "\u00a0", "é", "__proto__", "a:"];
    const mutation = fc.record({ at: fc.nat(), kind: fc.constantFrom("insert", "delete", "duplicate-line", "indent", "dedent"), piece: fc.constantFrom(...pieces), length: fc.integer({ min: 1, max: 4 }) });
    let accepted = 0;
    fc.assert(
      fc.property(fc.nat({ max: bases.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (b, mutations) => {
        let text = bases[b];
        for (const m of mutations) {
          const at = text.length === 0 ? 0 : m.at % text.length;
          const lineStart = text.lastIndexOf("\n", at - 1) + 1;
          const lineEnd = text.indexOf("\n", at) < 0 ? text.length : text.indexOf("\n", at);
          if (m.kind === "insert") text = text.slice(0, at) + m.piece + text.slice(at);
          else if (m.kind === "delete") text = text.slice(0, at) + text.slice(at + m.length);
          else if (m.kind === "duplicate-line") text = text.slice(0, lineEnd) + "\n" + text.slice(lineStart, lineEnd) + text.slice(lineEnd);
          else if (m.kind === "indent") text = text.slice(0, lineStart) + " ".repeat(m.length) + text.slice(lineStart);
          else text = text.slice(0, lineStart) + text.slice(lineStart).replace(new RegExp(`^ {1,${m.length}}`), "");
        }
        if (expectAgreement(text)) accepted++;
      }),
      { seed: SEED, numRuns: 3000 },
    );
    // Many mutants stay plain, so the comparison really ran on accepted documents.
    expect(accepted).toBeGreaterThan(500);
  });
});

test("deep nesting is refused, not a stack overflow", () => {
  const deep = Array.from({ length: 200 }, (_, i) => `${" ".repeat(i)}a:`).join("\n");
  expect(parsePlainYaml(deep)).toBeUndefined();
  expect(parsePlainYaml(`a: ${"[".repeat(20000)}${"]".repeat(20000)}`)).toBeUndefined();
  expect(parsePlainYaml(`a: ${"[".repeat(10)}${"]".repeat(10)}`)).toEqual({ a: [[[[[[[[[[]]]]]]]]]] });
});
