/**
 * Publishing when the file system fails at the worst moment: the rename that swaps the new tree
 * in (EACCES, as a permission change mid-run gives). fs is mocked here, so this is its own file.
 */
import * as os from "os";
import * as path from "path";

const realFs = jest.requireActual<typeof import("fs")>("fs");
let failRenameFrom: string | undefined;
jest.mock("fs", () => ({
  ...jest.requireActual("fs"),
  renameSync: (from: string, to: string) => {
    if (failRenameFrom !== undefined && from === failRenameFrom) throw Object.assign(new Error(`EACCES: permission denied, rename '${from}'`), { code: "EACCES" });
    return jest.requireActual("fs").renameSync(from, to);
  },
}));

import { createStagingDir, discardStagingDir, publishStagingDir } from "../stacks/publish-output";
import { listFiles } from "./support/synth";

test("a failed swap puts the previous tree back byte-identical, removes the staging tree and releases the lock", () => {
  const dir = realFs.realpathSync(realFs.mkdtempSync(path.join(os.tmpdir(), "pal-publish-fail-")));
  const out = path.join(dir, "out");
  realFs.mkdirSync(path.join(out, "stacks/a/.terraform"), { recursive: true });
  realFs.writeFileSync(path.join(out, "manifest.json"), JSON.stringify({ version: "0.21.0", stacks: { a: {} } }));
  realFs.writeFileSync(path.join(out, "stacks/a/cdk.tf.json"), "old");
  realFs.writeFileSync(path.join(out, "stacks/a/.terraform/plugin"), "binary");
  const snapshot = () => listFiles(out).map((f) => [f, realFs.readFileSync(path.join(out, f), "utf8")]);
  const before = snapshot();

  const staging = createStagingDir(out);
  realFs.mkdirSync(path.join(staging, "stacks/a"), { recursive: true });
  realFs.writeFileSync(path.join(staging, "manifest.json"), JSON.stringify({ version: "0.21.0", stacks: { a: {} } }));
  realFs.writeFileSync(path.join(staging, "stacks/a/cdk.tf.json"), "new");
  failRenameFrom = staging;
  expect(() => publishStagingDir(staging, out)).toThrow(/EACCES/);
  failRenameFrom = undefined;

  expect(snapshot()).toEqual(before);
  expect(realFs.readdirSync(dir)).toEqual(["out"]);
  discardStagingDir(createStagingDir(out, { waitMs: 0 })); // the lock was released
});
