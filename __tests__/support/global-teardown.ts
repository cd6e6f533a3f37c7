/** Jest global teardown: removes the shared fleets of global-setup.ts and the run's temporary directory. */
import * as fs from "fs";
import { SHARED_FLEETS_ENV } from "./shared-fleets";
import { removeRunTmpdir } from "./test-tmpdir";

export default function globalTeardown(): void {
  const dir = process.env[SHARED_FLEETS_ENV];
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  removeRunTmpdir();
}
