/**
 * Fleets that several tests read but none changes, synthesised once per `jest` run by
 * global-setup.ts (with the compiled kit, `node dist/main.js`, as `npm run synth` does) instead of
 * once per test. A test that needs its own output directory (to change or re-synthesise it)
 * synthesises its own.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { generateFleetManifest } from "../../tools/generate-fleet";
import { MainRun, ROOT, runMain, runMainAsync } from "./run";

/** Where global-setup.ts put the shared fleets. */
export const SHARED_FLEETS_ENV = "PAL_TEST_SHARED_FLEETS";

/** The shared fleets: the bundled example fleet, and a generated one with every credential type, scope kind and option. */
export const SHARED_FLEETS = {
  example: undefined,
  "generated-20": generateFleetManifest(20),
} as const;

export type SharedFleet = keyof typeof SHARED_FLEETS;

/**
 * Synthesises `fleet` into `<dir>/<fleet>` and returns that output directory. In a new process,
 * never in jest's own: jest copies that process's globals into every test file's sandbox from then
 * on, and cdktf keeps its token registry on a global.
 */
export function synthesizeSharedFleet(dir: string, fleet: SharedFleet): string {
  const { cwd, outdir } = prepareSharedFleet(dir, fleet);
  checkSharedFleetRun(fleet, runMain(cwd, { CDKTF_OUTDIR: outdir }));
  return outdir;
}

/** Every shared fleet into `<dir>/<fleet>`, their processes at the same time (global setup runs before any test, on one core otherwise). */
export async function synthesizeSharedFleets(dir: string): Promise<void> {
  await Promise.all(
    (Object.keys(SHARED_FLEETS) as SharedFleet[]).map(async (fleet) => {
      const { cwd, outdir } = prepareSharedFleet(dir, fleet);
      checkSharedFleetRun(fleet, await runMainAsync(cwd, { CDKTF_OUTDIR: outdir }));
    }),
  );
}

/** The working directory and output directory of `fleet` under `dir`, its manifest written. */
function prepareSharedFleet(dir: string, fleet: SharedFleet): { cwd: string; outdir: string } {
  const work = path.join(dir, fleet);
  fs.mkdirSync(work, { recursive: true });
  const manifest = SHARED_FLEETS[fleet];
  if (manifest) fs.writeFileSync(path.join(work, "pal.config.yaml"), stringify(manifest));
  // The example: from the project root, as `npm run synth` finds it.
  return { cwd: manifest ? work : ROOT, outdir: path.join(work, "cdktf.out") };
}

function checkSharedFleetRun(fleet: SharedFleet, run: MainRun): void {
  if (run.status !== 0 || run.stderr !== "") throw new Error(`synthesis of the shared ${fleet} fleet failed:\n${run.stderr}`);
}

/** The output directory of a shared fleet (read it, never write it); synthesised now when no global setup ran. */
export function sharedFleet(fleet: SharedFleet): string {
  const dir = process.env[SHARED_FLEETS_ENV];
  const outdir = dir ? path.join(dir, fleet, "cdktf.out") : undefined;
  if (outdir && fs.existsSync(outdir)) return outdir;
  const own = fs.mkdtempSync(path.join(os.tmpdir(), "pal-shared-"));
  return synthesizeSharedFleet(own, fleet);
}
