/**
 * Finds, reads and validates the customer manifest.
 *
 * Which file: `PAL_CONFIG=<path>` when set; else `pal.config.yaml` (or `.yml` / `.json`) in the
 * working directory; else the bundled example fleet `examples/fleet/pal.config.yaml`, with a line
 * saying so. YAML and JSON are both accepted (JSON by the `.json` extension).
 */
import { isUtf8 } from "buffer";
import * as fs from "fs";
import * as path from "path";
import { LineCounter, YAMLError, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, visit, Node as YamlNode } from "yaml";
import { FleetSpec } from "../fleet-spec";
import { findPackageRoot } from "../package-root";
import { protectFromOutput } from "../output-directory";
import { ManifestError, ManifestPath, ManifestProblem } from "./manifest-error";
import { validateManifest } from "./validate-manifest";
import { parsePlainYaml } from "./plain-yaml";
import { MAX_CUSTOMERS, MAX_EXPANDED_VALUES, MAX_MANIFEST_BYTES, bytePosition, firstInvalidUtf8, readBounded } from "./input-limits";

/** The manifest names looked for in the working directory, in order. */
export const MANIFEST_FILE_NAMES = ["pal.config.yaml", "pal.config.yml", "pal.config.json"];

/** Where the manifest came from. */
export interface ManifestLocation {
  /** The file, absolute. */
  readonly file: string;
  /** Why this file: named by PAL_CONFIG, found in the working directory, or the bundled example. */
  readonly origin: "PAL_CONFIG" | "working directory" | "bundled example";
}

/** The bundled example fleet. */
export function bundledExampleManifest(): string {
  return path.join(findPackageRoot(__dirname), "examples", "fleet", "pal.config.yaml");
}

/**
 * Decides which manifest to use. Throws when PAL_CONFIG names a file that does not exist
 * (a typo there must not silently fall back to the example fleet).
 */
export function locateManifest(cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): ManifestLocation {
  const named = env.PAL_CONFIG;
  if (named !== undefined && named !== "") {
    const file = path.resolve(cwd, named);
    if (!fs.existsSync(file)) {
      throw new ManifestError(named, [{ path: [], message: `PAL_CONFIG names ${file}, which does not exist. Fix the path or unset PAL_CONFIG to use ./pal.config.yaml` }]);
    }
    return { file, origin: "PAL_CONFIG" };
  }
  for (const name of MANIFEST_FILE_NAMES) {
    const file = path.join(cwd, name);
    if (fs.existsSync(file)) return { file, origin: "working directory" };
  }
  return { file: bundledExampleManifest(), origin: "bundled example" };
}

/** Reads and validates a manifest file. Throws a {@link ManifestError} listing every problem. */
export function loadManifest(file: string, displayName: string = path.relative(process.cwd(), file) || file): FleetSpec {
  let bytes: Buffer;
  protectFromOutput(file); // no output directory may contain (and so replace) the manifest
  try {
    bytes = readBounded(file);
  } catch (err) {
    throw new ManifestError(displayName, [{ path: [], message: `cannot read the manifest: ${(err as Error).message}` }]);
  }
  if (bytes.length > MAX_MANIFEST_BYTES) {
    throw new ManifestError(displayName, [{ path: [], message: `the manifest is larger than ${MAX_MANIFEST_BYTES / 1024 / 1024} MiB, the limit; split the fleet into several manifests (PAL_CONFIG), or check that PAL_CONFIG names the manifest` }]);
  }
  // Node's native check first (strict UTF-8, RFC 3629, as firstInvalidUtf8); the byte loop only finds where.
  const bad = isUtf8(bytes) ? -1 : firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const at = bytePosition(bytes, bad);
    throw new ManifestError(displayName, [
      { path: [], message: `the manifest is not valid UTF-8 (byte 0x${bytes[bad].toString(16).padStart(2, "0")} at offset ${bad}); save it as UTF-8`, ...at },
    ]);
  }
  let text = bytes.toString("utf8");
  if (text.startsWith("\ufeff")) text = text.slice(1); // a byte order mark, as Windows editors write
  return parseManifest(text, displayName, manifestFormat(file, text));
}

/** JSON for a `.json` file (any case), YAML for `.yaml`/`.yml`; otherwise JSON when the content starts with `{`. */
export function manifestFormat(file: string, text: string): "yaml" | "json" {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".json") return "json";
  if (ext === ".yaml" || ext === ".yml") return "yaml";
  return /^\s*\{/.test(text) ? "json" : "yaml";
}

/** The YAML core schema's tags (YAML 1.2.2 §10.3); anything else (`!include`, `!!binary`) is refused. */
const CORE_TAGS = new Set(["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`));

/** Parses and validates manifest text. `file` is only used in messages. */
export function parseManifest(text: string, file: string, format: "yaml" | "json" = "yaml"): FleetSpec {
  if (Buffer.byteLength(text, "utf8") > MAX_MANIFEST_BYTES) {
    throw new ManifestError(file, [{ path: [], message: `the manifest is larger than ${MAX_MANIFEST_BYTES / 1024 / 1024} MiB, the limit; split the fleet into several manifests` }]);
  }
  if (format === "json" && text.trim() !== "") {
    try {
      JSON.parse(text);
    } catch (err) {
      throw new ManifestError(file, [jsonSyntaxProblem(text, err as Error)]);
    }
  }
  // A plain manifest (nearly all are) is read without building a YAML document; it is used only
  // when it is valid, so every problem is still found and located by the path below (plain-yaml.ts).
  const plain = format === "yaml" ? parsePlainYaml(text) : undefined;
  if (plain !== undefined && !tooManyCustomers(plain)) {
    const result = validateManifest(plain, file);
    if (result.spec) return result.spec;
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const lines = new Set<number>();
    const problems: ManifestProblem[] = [];
    for (const e of doc.errors) {
      const pos = lineCounter.linePos(e.pos[0]);
      if (lines.has(pos.line)) continue; // one error per line: the rest follow from the first
      lines.add(pos.line);
      problems.push({ path: [], message: `${format === "json" ? "JSON" : "YAML"} syntax error: ${yamlMessage(text, e)}`, line: pos.line, column: pos.col });
    }
    throw new ManifestError(file, problems);
  }
  const at = (node: YamlNode | undefined) => {
    const pos = node?.range ? lineCounter.linePos(node.range[0]) : undefined;
    return pos ? { line: pos.line, column: pos.col } : {};
  };
  const structural = structuralProblems(doc, at);
  if (structural.length > 0) throw new ManifestError(file, structural);
  const locate = (p: ManifestPath, atKey = false) => {
    const node = findNode(doc.contents as YamlNode | null, p, atKey);
    if (!node?.range) return undefined;
    const pos = lineCounter.linePos(node.range[0]);
    return { line: pos.line, column: pos.col };
  };
  let raw: unknown;
  try {
    // Aliases are bounded by structuralProblems (expanded size), not by yaml's per-anchor count,
    // which refuses an anchor shared by more than 100 customers.
    raw = doc.toJS({ maxAliasCount: -1 });
  } catch (err) {
    // An alias to an anchor that is not defined only fails here.
    let at: YamlNode | undefined;
    visit(doc, { Alias: (_, alias) => (!at && !alias.resolve(doc) ? ((at = alias), visit.BREAK) : undefined) });
    const pos = at?.range ? lineCounter.linePos(at.range[0]) : undefined;
    throw new ManifestError(file, [
      { path: [], message: `YAML error: ${(err as Error).message}. Define the anchor (&name) before the alias (*name) uses it, or write the value out`, ...(pos ? { line: pos.line, column: pos.col } : {}) },
    ]);
  }
  const result = validateManifest(raw, file, locate);
  if (!result.spec) throw new ManifestError(file, result.problems);
  return result.spec;
}

/** Whether `raw` lists more customers than {@link MAX_CUSTOMERS} (structuralProblems reports that, located). */
function tooManyCustomers(raw: unknown): boolean {
  const customers = raw !== null && typeof raw === "object" ? (raw as { customers?: unknown }).customers : undefined;
  return Array.isArray(customers) && customers.length > MAX_CUSTOMERS;
}

/**
 * What must be refused before the document becomes data: tags outside the core schema, more
 * customers than {@link MAX_CUSTOMERS}, and aliases that expand past {@link MAX_EXPANDED_VALUES}.
 */
function structuralProblems(doc: ReturnType<typeof parseDocument>, at: (node: YamlNode | undefined) => { line?: number; column?: number }): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  visit(doc, {
    Node: (_, node) => {
      const tag = (node as { tag?: string }).tag;
      if (tag !== undefined && !CORE_TAGS.has(tag)) {
        problems.push({ path: [], message: `the YAML tag ${tag.replace(/^tag:yaml\.org,2002:/, "!!")} is not supported: a manifest holds plain strings, numbers, booleans, lists and mappings (no !include, no !!binary); remove the tag`, ...at(node as YamlNode) });
      }
      return undefined;
    },
  });
  const contents = doc.contents as YamlNode | null;
  if (isMap(contents)) {
    const customers = contents.items.find((it) => isScalar(it.key) && it.key.value === "customers");
    if (customers && isSeq(customers.value) && customers.value.items.length > MAX_CUSTOMERS) {
      problems.push({ path: ["customers"], message: `customers lists ${customers.value.items.length} customers; one manifest holds at most ${MAX_CUSTOMERS}: split the fleet into several manifests`, ...at(customers.value as YamlNode) });
    }
  }
  // Each alias's anchor, in one pass in document order: an alias names the last anchor of that
  // name before it (YAML 1.2.2 §7.1). (Alias.resolve would walk the whole document per alias.)
  const targets = new Map<unknown, unknown>();
  const anchors = new Map<string, unknown>();
  visit(doc, {
    Node: (_, node) => {
      if (isAlias(node)) targets.set(node, anchors.get(node.source));
      else if ((node as { anchor?: string }).anchor) anchors.set((node as { anchor: string }).anchor, node);
      return undefined;
    },
  });
  // Expanded size: every node counts once per place it appears after aliases are replaced.
  const sizes = new Map<unknown, number>();
  let worst: { alias: YamlNode; size: number } | undefined;
  const sizeOf = (node: unknown, depth: number): number => {
    if (node === null || node === undefined) return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    if (depth > 200) return Infinity; // aliases nested in themselves
    sizes.set(node, Infinity); // a cycle resolves to "too large"
    let size = 1;
    if (isAlias(node)) {
      size = sizeOf(targets.get(node), depth + 1);
      if (!worst || size > worst.size) worst = { alias: node as unknown as YamlNode, size };
    } else if (isMap(node)) {
      for (const it of node.items) size += sizeOf(it.key, depth + 1) + sizeOf(it.value, depth + 1);
    } else if (isSeq(node)) {
      for (const it of node.items) size += sizeOf(it, depth + 1);
    }
    size = Math.min(size, Number.MAX_SAFE_INTEGER);
    sizes.set(node, size);
    return size;
  };
  const total = sizeOf(contents, 0);
  if (total > MAX_EXPANDED_VALUES && worst) {
    const w = worst as { alias: YamlNode; size: number };
    problems.push({
      path: [],
      message: `YAML aliases expand the manifest to more than ${MAX_EXPANDED_VALUES.toLocaleString("en-US")} values (the alias here alone to ${Number.isFinite(w.size) ? w.size.toLocaleString("en-US") : "an unbounded number"}): aliases nested in aliases multiply; share an anchor directly, or write the values out`,
      ...at(w.alias),
    });
  }
  return problems;
}

/** The node at `path`, or (with `atKey`) the key node of its last step, so unknown keys point at the key. */
function findNode(root: YamlNode | null, p: ManifestPath, atKey: boolean): YamlNode | undefined {
  let node: unknown = root;
  for (let i = 0; i < p.length; i++) {
    const step = p[i];
    if (isMap(node)) {
      const pair = node.items.find((it) => isPair(it) && isScalar(it.key) && it.key.value === step);
      if (!pair) return undefined;
      node = atKey && i === p.length - 1 ? pair.key : pair.value;
    } else if (isSeq(node) && typeof step === "number") {
      node = node.items[step];
    } else {
      return undefined;
    }
  }
  return (node ?? undefined) as YamlNode | undefined;
}

/** A YAML parser error, with how to fix it: the parser words its messages for YAML experts. */
function yamlMessage(text: string, e: YAMLError): string {
  const message = e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
  if (e.code === "MULTIPLE_DOCS") {
    return 'the file holds more than one YAML document (a "---" line starts another); a manifest is one document: remove the "---" and merge the parts';
  }
  return message + yamlHint(text, e, message);
}

function yamlHint(text: string, e: YAMLError, message: string): string {
  const lineStart = text.lastIndexOf("\n", e.pos[0] - 1) + 1;
  const lineEnd = text.indexOf("\n", lineStart);
  const lineText = text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
  const noSpace = /^\s*(?:- )?([A-Za-z][A-Za-z0-9_]*):(?=[^\s/])/.exec(lineText);
  if (noSpace && e.code !== "DUPLICATE_KEY") return `; put a space after the colon of "${noSpace[1]}:"`;
  switch (e.code) {
    case "DUPLICATE_KEY": {
      const key = /^("(?:[^"\\]|\\.)*"|'[^']*'|[^:\s]+)/.exec(text.slice(e.pos[0]))?.[1].replace(/^["']|["']$/g, "");
      return `: ${key ? `"${key}" is` : "a key is"} given twice in the same mapping; keep one`;
    }
    case "TAB_AS_INDENT":
      return "; indent with spaces";
    case "BAD_INDENT":
    case "BLOCK_AS_IMPLICIT_KEY":
    case "MULTILINE_IMPLICIT_KEY":
    case "UNEXPECTED_TOKEN":
    case "MISSING_CHAR":
      if (/^Flow (sequence|mapping)/.test(message)) return "; a [ or { opened above is not closed";
      return message.startsWith("Missing closing") ? "" : '; check the indentation: the keys of one mapping start in the same column, and list items start with "- "';
    default:
      return "";
  }
}

function jsonSyntaxProblem(text: string, err: Error): ManifestProblem {
  const at = /position (\d+)/.exec(err.message);
  const lineCol = /line (\d+) column (\d+)/.exec(err.message);
  // Node 20+ says `Unexpected token ']', ..."<up to 10 characters each side>"... is not valid JSON`, without a position.
  const token = /^Unexpected token '([^']*)', (\.\.\.)?"([\s\S]*)"(\.\.\.)? is not valid JSON$/.exec(err.message);
  let offset = at ? Number(at[1]) : undefined;
  if (token) {
    const [, char, before, excerpt, after] = token;
    offset = before && after ? text.indexOf(excerpt) + 10 : before ? text.length - excerpt.length + 10 : after ? excerpt.length - 10 : text.indexOf(char);
  }
  let line: number | undefined;
  let column: number | undefined;
  if (lineCol) {
    line = Number(lineCol[1]);
    column = Number(lineCol[2]);
  } else if (offset !== undefined && offset >= 0) {
    const before = text.slice(0, offset);
    line = before.split("\n").length;
    column = offset - before.lastIndexOf("\n");
  }
  let message = token ? `Unexpected token '${token[1]}'` : err.message.replace(/ in JSON at position \d+.*$/, "").replace(/^JSON\.parse: /, "");
  if (offset !== undefined && /^\/[/*]/.test(text.slice(offset))) {
    message += "; JSON has no comments: remove it, or write the manifest in YAML (pal.config.yaml), where # starts a comment";
  } else if (offset !== undefined && /^[\]}]/.test(text.slice(offset)) && /,\s*$/.test(text.slice(0, offset))) {
    message += "; remove the comma before it (JSON allows no comma after the last item)";
  } else if (/end of JSON input/.test(message)) {
    message += "; a closing } or ] or a quote is missing";
  }
  return { path: [], message: `JSON syntax error: ${message}`, ...(line ? { line, column } : {}) };
}
