/** Jest global setup: the run's temporary directory (test-tmpdir.ts), and the shared fleets synthesised once for the whole run (shared-fleets.ts). */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { SHARED_FLEETS_ENV, synthesizeSharedFleets } from "./shared-fleets";
import { useRunTmpdir } from "./test-tmpdir";

export default async function globalSetup(): Promise<void> {
  useRunTmpdir();
  if (!fs.existsSync(path.join(__dirname, "..", "..", "dist", "main.js"))) return; // tests that need dist/ say so themselves
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pal-shared-fleets-"));
  await synthesizeSharedFleets(dir);
  process.env[SHARED_FLEETS_ENV] = dir; // inherited by the test workers
}
