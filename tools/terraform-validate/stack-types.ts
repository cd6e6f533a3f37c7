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

/** The types one `.tf.json` file declares, or `undefined` when it cannot be read as JSON. */
export function stackTypes(file: string): TypeSelection | undefined {
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
