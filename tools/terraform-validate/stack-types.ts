/**
 * Reads which resource, data source and ephemeral resource types synthesised stacks use, so a
 * session can serve only those schemas in full (see terraform-schema-provider/type-selection.ts).
 */
import * as fs from "fs";
import type { TypeSelection } from "../terraform-schema-provider/type-selection";

interface StackJson {
  resource?: Record<string, unknown>;
  data?: Record<string, unknown>;
  ephemeral?: Record<string, unknown>;
}

/** The types one `.tf.json` (or native `.tf`) file declares, or `undefined` when it cannot be read. */
export function stackTypes(file: string): TypeSelection | undefined {
  if (file.endsWith(".tf")) return nativeStackTypes(file);
  try {
    const doc = JSON.parse(fs.readFileSync(file, "utf8")) as StackJson;
    return {
      resources: Object.keys(doc.resource ?? {}),
      data_sources: Object.keys(doc.data ?? {}),
      ephemeral_resources: Object.keys(doc.ephemeral ?? {}),
    };
  } catch {
    return undefined;
  }
}

/** The types a native-syntax file declares: the first labels of its top-level `resource`/`data`/`ephemeral` blocks. */
function nativeStackTypes(file: string): TypeSelection | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  const labels = (kind: string) => [...new Set([...text.matchAll(new RegExp(`^${kind}\\s+"([^"]+)"`, "gm"))].map((m) => m[1]))];
  return { resources: labels("resource"), data_sources: labels("data"), ephemeral_resources: labels("ephemeral") };
}

/** The union of the types of all files that can be read (unreadable files fail in Terraform anyway). */
export function collectTypeSelection(files: string[]): TypeSelection {
  const union = { resources: new Set<string>(), data_sources: new Set<string>(), ephemeral_resources: new Set<string>() };
  for (const file of files) {
    const types = stackTypes(file);
    if (!types) continue;
    types.resources.forEach((t) => union.resources.add(t));
    types.data_sources.forEach((t) => union.data_sources.add(t));
    types.ephemeral_resources.forEach((t) => union.ephemeral_resources.add(t));
  }
  return {
    resources: [...union.resources].sort(),
    data_sources: [...union.data_sources].sort(),
    ephemeral_resources: [...union.ephemeral_resources].sort(),
  };
}

/** Types `used` declares that `served` does not cover, as `resource x` / `data x` / `ephemeral x`. */
export function uncoveredTypes(used: TypeSelection, served: TypeSelection): string[] {
  const missing = (kind: string, names: string[], have: string[]): string[] =>
    names.filter((n) => !have.includes(n)).map((n) => `${kind} ${n}`);
  return [
    ...missing("resource", used.resources, served.resources),
    ...missing("data", used.data_sources, served.data_sources),
    ...missing("ephemeral", used.ephemeral_resources, served.ephemeral_resources),
  ];
}
