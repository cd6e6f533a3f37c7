/**
 * The bench compares the kit with a plain-CDKTF baseline of the same contract (bench/baseline-fleet.ts).
 * The ratio means something only while both write the same stacks with the same kinds and numbers
 * of blocks; this test fails when the kit's output grows (a new resource, a read-back) and the
 * baseline is not brought along.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { generateFleetYaml } from "../tools/generate-fleet";
import { compiled, runMainInProcess } from "./support/run";

/** Per stack: the block kinds and resource/data types with their counts, names left out. */
function shapes(outdir: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const stack of fs.readdirSync(path.join(outdir, "stacks")).sort()) {
    const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
    const kinds: string[] = [];
    for (const block of ["resource", "data", "provider"]) {
      for (const [type, items] of Object.entries<Record<string, unknown> | unknown[]>(json[block] ?? {})) {
        kinds.push(`${block}.${type} x${Array.isArray(items) ? items.length : Object.keys(items).length}`);
      }
    }
    for (const block of ["locals", "output", "check"]) kinds.push(`${block} x${Object.keys(json[block] ?? {}).length}`);
    kinds.push(`removed x${(json.removed ?? []).length}`);
    out[stack] = kinds.sort();
  }
  return out;
}

test("the bench's baseline writes the same stacks, with the same kinds and numbers of blocks, as the kit", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "pal-bench-baseline-"));
  try {
    const manifest = path.join(work, "fleet.yaml");
    fs.writeFileSync(manifest, generateFleetYaml(8)); // every credential kind of the generated fleets
    expect(runMainInProcess(work, { PAL_CONFIG: manifest, CDKTF_OUTDIR: path.join(work, "kit") }).status).toBe(0);
    const baseline = spawnSync(process.execPath, [compiled("bench/baseline-fleet.js")], {
      cwd: work,
      env: { ...process.env, PAL_CONFIG: manifest, CDKTF_OUTDIR: path.join(work, "baseline") },
      encoding: "utf8",
    });
    expect(baseline.stderr).toBe("");
    expect(shapes(path.join(work, "baseline"))).toEqual(shapes(path.join(work, "kit")));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});
