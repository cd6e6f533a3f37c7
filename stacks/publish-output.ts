/**
 * Synthesis writes into a staging directory next to the output directory; only a synthesis
 * without errors is published into the output directory. Bad input therefore never leaves
 * partial output, and a previous output directory stays as it was.
 */
import * as fs from "fs";
import * as path from "path";

/** A fresh staging directory beside `outdir` (same file system, so publishing is a rename). */
export function createStagingDir(outdir: string): string {
  const parent = path.dirname(path.resolve(outdir));
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(outdir)}.staging-`));
  // mkdtemp creates 0700; the output directory should have the usual permissions once renamed.
  fs.chmodSync(staging, 0o777 & ~process.umask());
  return staging;
}

/** Removes a staging directory. */
export function discardStagingDir(staging: string): void {
  fs.rmSync(staging, { recursive: true, force: true });
}

/** Files CDKTF writes into a stack directory; other files there (.terraform/, lock files) are Terraform's and kept. */
const SYNTHESISED_STACK_FILES = new Set(["cdk.tf.json", "cdk.tf", "metadata.json"]);

/**
 * Moves a finished synthesis from `staging` into `outdir` and removes `staging`. Stack
 * directories of stacks no longer synthesised are removed (as the CDKTF CLI does); in the
 * others, only the files CDKTF writes are replaced, so `terraform init` results survive.
 */
export function publishStagingDir(staging: string, outdir: string): void {
  if (!fs.existsSync(outdir)) {
    fs.renameSync(staging, outdir);
    return;
  }
  const newStacks = path.join(staging, "stacks");
  const oldStacks = path.join(outdir, "stacks");
  fs.mkdirSync(oldStacks, { recursive: true });
  const names = new Set(fs.existsSync(newStacks) ? fs.readdirSync(newStacks) : []);
  for (const old of fs.readdirSync(oldStacks)) {
    if (!names.has(old)) fs.rmSync(path.join(oldStacks, old), { recursive: true, force: true });
  }
  for (const name of names) {
    const from = path.join(newStacks, name);
    const to = path.join(oldStacks, name);
    fs.mkdirSync(to, { recursive: true });
    for (const file of fs.readdirSync(to)) {
      if (SYNTHESISED_STACK_FILES.has(file)) fs.rmSync(path.join(to, file), { force: true });
    }
    for (const file of fs.readdirSync(from)) fs.renameSync(path.join(from, file), path.join(to, file));
  }
  for (const entry of fs.readdirSync(staging)) {
    if (entry === "stacks") continue;
    // A directory (e.g. lighthouse/) is replaced whole: rename cannot replace a non-empty one.
    const to = path.join(outdir, entry);
    if (fs.statSync(to, { throwIfNoEntry: false })?.isDirectory()) fs.rmSync(to, { recursive: true, force: true });
    fs.renameSync(path.join(staging, entry), to);
  }
  discardStagingDir(staging);
}
