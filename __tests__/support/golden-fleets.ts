/**
 * The fleets whose synthesised output must stay byte-identical across performance work: the
 * bundled example fleet (local state and an azurerm backend) and the coverage fleet, which uses
 * every manifest option. Their files' SHA-256 hashes are committed in
 * __tests__/fixtures/golden/output-hashes.json, captured from the kit before the issue-14 changes.
 *
 * When a change is meant to alter the output (a new resource, a new stack), regenerate the fixture
 * and review the diff of the synthesised files:  PAL_UPDATE_GOLDEN=1 npx jest __tests__/golden-output.test.ts
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { parse, stringify } from "yaml";
import { bundledExampleManifest, parseManifest } from "../../stacks/manifest/load-manifest";
import { synthesizeFleet } from "../../stacks/synthesize-fleet";
import { coverageFleetManifest } from "../../tools/generate-fleet";
import { listFiles } from "./synth";

export const GOLDEN_FIXTURE = path.join(__dirname, "..", "fixtures", "golden", "output-hashes.json");

/** Synthesises the golden fleets (JSON output) into `workDir` and returns `<fleet>/<file>` → SHA-256. */
export function goldenFleetHashes(workDir: string): Record<string, string> {
  const example = fs.readFileSync(bundledExampleManifest(), "utf8");
  const azurerm = { type: "azurerm", resourceGroupName: "rg-state", storageAccountName: "stpal", containerName: "pal" };
  const fleets = {
    example: parseManifest(example, "examples/fleet/pal.config.yaml"),
    "example-azurerm": parseManifest(stringify({ ...parse(example), backend: azurerm }), "example-azurerm.yaml"),
    coverage: parseManifest(stringify(coverageFleetManifest()), "coverage-fleet.yaml"),
  };
  const hashes: Record<string, string> = {};
  for (const [name, spec] of Object.entries(fleets)) {
    const outdir = path.join(workDir, name);
    const result = synthesizeFleet(spec, { outdir, hcl: false });
    if (!result.published) throw new Error(`the ${name} fleet did not synthesise`);
    for (const file of listFiles(outdir)) {
      hashes[`${name}/${file.split(path.sep).join("/")}`] = createHash("sha256").update(fs.readFileSync(path.join(outdir, file))).digest("hex");
    }
  }
  return hashes;
}
