/**
 * Finds, reads and validates the customer manifest.
 *
 * Which file: `PAL_CONFIG=<path>` when set; else `pal.config.yaml` (or `.yml` / `.json`) in the
 * working directory; else the bundled example fleet `examples/fleet/pal.config.yaml`, with a line
 * saying so. YAML and JSON are both accepted (JSON by the `.json` extension).
 */
import * as fs from "fs";
import * as path from "path";
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, Node as YamlNode } from "yaml";
import { FleetSpec } from "../fleet-spec";
import { findPackageRoot } from "../package-root";
import { ManifestError, ManifestPath, ManifestProblem } from "./manifest-error";
import { validateManifest } from "./validate-manifest";

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
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new ManifestError(displayName, [{ path: [], message: `cannot read the manifest: ${(err as Error).message}` }]);
  }
  return parseManifest(text, displayName, file.endsWith(".json") ? "json" : "yaml");
}

/** Parses and validates manifest text. `file` is only used in messages. */
export function parseManifest(text: string, file: string, format: "yaml" | "json" = "yaml"): FleetSpec {
  if (format === "json") {
    try {
      JSON.parse(text);
    } catch (err) {
      throw new ManifestError(file, [jsonSyntaxProblem(text, err as Error)]);
    }
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ManifestError(
      file,
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { path: [], message: `${format === "json" ? "JSON" : "YAML"} syntax error: ${e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")}`, line: pos.line, column: pos.col };
      }),
    );
  }
  const locate = (p: ManifestPath, atKey = false) => {
    const node = findNode(doc.contents as YamlNode | null, p, atKey);
    if (!node?.range) return undefined;
    const pos = lineCounter.linePos(node.range[0]);
    return { line: pos.line, column: pos.col };
  };
  const result = validateManifest(doc.toJS({ maxAliasCount: 100 }), file, locate);
  if (!result.spec) throw new ManifestError(file, result.problems);
  return result.spec;
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

function jsonSyntaxProblem(text: string, err: Error): ManifestProblem {
  const at = /position (\d+)/.exec(err.message);
  const lineCol = /line (\d+) column (\d+)/.exec(err.message);
  let line: number | undefined;
  let column: number | undefined;
  if (lineCol) {
    line = Number(lineCol[1]);
    column = Number(lineCol[2]);
  } else if (at) {
    const before = text.slice(0, Number(at[1]));
    line = before.split("\n").length;
    column = Number(at[1]) - before.lastIndexOf("\n");
  }
  const message = err.message.replace(/ in JSON at position \d+.*$/, "").replace(/^JSON\.parse: /, "");
  return { path: [], message: `JSON syntax error: ${message}`, ...(line ? { line, column } : {}) };
}
