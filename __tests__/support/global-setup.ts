/** Jest global setup: synthesises the shared fleets once for the whole run (see shared-fleets.ts). */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { SHARED_FLEETS_ENV, synthesizeSharedFleets } from "./shared-fleets";

export default async function globalSetup(): Promise<void> {
  if (!fs.existsSync(path.join(__dirname, "..", "..", "dist", "main.js"))) return; // tests that need dist/ say so themselves
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pal-shared-fleets-"));
  await synthesizeSharedFleets(dir);
  process.env[SHARED_FLEETS_ENV] = dir; // inherited by the test workers
}
