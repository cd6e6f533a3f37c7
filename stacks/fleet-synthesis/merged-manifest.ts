/**
 * The manifest.json of a batched synthesis: each batch's App wrote its own manifest.json; the
 * published one lists the stacks of every batch, written exactly as one App would have written it.
 */
import { Manifest } from "cdktf";
import * as fs from "fs";
import * as path from "path";

/** One batch's manifest.json content. */
export interface BatchManifest {
  readonly version: string;
  readonly stacks: Record<string, unknown>;
}

/**
 * Writes `<outdir>/manifest.json` listing the stacks of all `batches`. JSON output is written by
 * CDKTF's own `Manifest` (key-sorted); HCL output the way stacks/hcl/write-hcl-stacks.ts rewrites
 * it (`JSON.stringify` of the parsed, key-sorted file).
 */
export function writeMergedManifest(outdir: string, batches: readonly BatchManifest[], hcl: boolean): void {
  const stacks: Record<string, unknown> = {};
  for (const batch of batches) Object.assign(stacks, batch.stacks);
  const version = batches[0]?.version ?? "";
  if (!hcl) {
    const manifest = new Manifest(version, outdir, false);
    Object.assign(manifest.stacks, stacks);
    manifest.writeToFile();
    return;
  }
  fs.writeFileSync(path.join(outdir, Manifest.fileName), JSON.stringify(sortedKeys({ version, stacks }), null, 2));
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortedKeys((value as Record<string, unknown>)[key]);
  return out;
}
