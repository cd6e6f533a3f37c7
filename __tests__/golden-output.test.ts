/**
 * Performance work must not change what the kit writes: the example and coverage fleets synthesise
 * to exactly the bytes they did before (hashes in __tests__/fixtures/golden/output-hashes.json).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { GOLDEN_FIXTURE, goldenFleetHashes } from "./support/golden-fleets";

test("the example and coverage fleets synthesise byte-identical to the golden hashes", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "pal-golden-"));
  try {
    const actual = goldenFleetHashes(work);
    if (process.env.PAL_UPDATE_GOLDEN === "1") fs.writeFileSync(GOLDEN_FIXTURE, JSON.stringify(actual, null, 2) + "\n");
    const expected = JSON.parse(fs.readFileSync(GOLDEN_FIXTURE, "utf8"));
    expect(actual).toEqual(expected);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});
