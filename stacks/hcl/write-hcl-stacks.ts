/**
 * Turns a synthesised output directory into HCL output: every stack's `cdk.tf.json` becomes a
 * `cdk.tf` (plus `metadata.json` with CDKTF's metadata, as `cdktf synth --hcl` writes), and
 * manifest.json points at the HCL files, so the CDKTF CLI deploys them as usual.
 */
import { TerraformStack } from "cdktf";
import * as fs from "fs";
import * as path from "path";
import { collectBlockHints } from "./block-hints";
import { terraformJsonToHcl } from "./terraform-json-to-hcl";

/**
 * What CDKTF keeps beside an HCL stack for its CLI (which reads it where it would read the JSON):
 * the stack metadata, the terraform block, and each resource's and data source's metadata.
 */
function metadataOf(config: Record<string, any>): Record<string, unknown> {
  const meta: Record<string, any> = { "//": config["//"], ...(config.terraform ? { terraform: config.terraform } : {}) };
  for (const kind of ["resource", "data"]) {
    for (const [type, byName] of Object.entries<Record<string, any>>(config[kind] ?? {})) {
      for (const [name, body] of Object.entries<any>(byName)) {
        if (body["//"]) ((meta[kind] ??= {})[type] ??= {})[name] = { "//": body["//"] };
      }
    }
  }
  return meta;
}

/** Rewrites the stacks of `outdir` (a finished JSON synthesis of `stacks`) as HCL. */
export function writeHclStacks(outdir: string, stacks: readonly TerraformStack[]): void {
  const manifestFile = path.join(outdir, "manifest.json");
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
  for (const stack of stacks) {
    const entry = manifest.stacks[stack.node.id];
    const jsonFile = path.join(outdir, entry.synthesizedStackPath);
    const config = JSON.parse(fs.readFileSync(jsonFile, "utf8"));
    const hclFile = jsonFile.replace(/\.tf\.json$/, ".tf");
    fs.writeFileSync(hclFile, terraformJsonToHcl(config, collectBlockHints(stack)));
    fs.writeFileSync(path.join(outdir, entry.stackMetadataPath), JSON.stringify(metadataOf(config), null, 2));
    fs.rmSync(jsonFile);
    entry.synthesizedStackPath = path.relative(outdir, hclFile).split(path.sep).join("/");
  }
  fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
}
