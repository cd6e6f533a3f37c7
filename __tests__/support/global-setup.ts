/** Jest global setup: synthesises the shared fleets once for the whole run (see shared-fleets.ts). */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { SHARED_FLEETS, SHARED_FLEETS_ENV, SharedFleet, synthesizeSharedFleet } from "./shared-fleets";

export default function globalSetup(): void {
  if (!fs.existsSync(path.join(__dirname, "..", "..", "dist", "main.js"))) return; // tests that need dist/ say so themselves
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pal-shared-fleets-"));
  for (const fleet of Object.keys(SHARED_FLEETS) as SharedFleet[]) synthesizeSharedFleet(dir, fleet);
  process.env[SHARED_FLEETS_ENV] = dir; // inherited by the test workers
}
