/**
 * Regenerates the typed azapi bindings in `constructs/azapi/` from the committed schema subset
 * `tools/terraform-schema-provider/schemas/azapi-2.12.0.json`, fully offline, with `@cdktf/provider-generator` (the code
 * generator behind `cdktf get`). No `@cdktf/provider-azapi` package exists on npm, and
 * `cdktf get` needs the Terraform registry; this needs neither.
 *
 *   npm run generate:azapi            # rewrite constructs/azapi/**
 *   npm run generate:azapi -- --check # exit 1 if the committed bindings are stale
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AZAPI_BINDINGS_DIR, AZAPI_PROVIDER_CONSTRAINT, generateAzapiBindings } from "./azapi-bindings";

async function main(): Promise<void> {
  const check = process.argv.includes("--check");
  const outDir = check ? fs.mkdtempSync(path.join(os.tmpdir(), "pal-azapi-")) : AZAPI_BINDINGS_DIR;
  const files = await generateAzapiBindings(outDir);
  if (!check) {
    console.log(`generated ${files.length} files in ${path.relative(process.cwd(), outDir) || "."} (azure/azapi ${AZAPI_PROVIDER_CONSTRAINT})`);
    return;
  }
  const stale = files.filter((f) => {
    const committed = path.join(AZAPI_BINDINGS_DIR, f);
    return !fs.existsSync(committed) || fs.readFileSync(committed, "utf8") !== fs.readFileSync(path.join(outDir, f), "utf8");
  });
  fs.rmSync(outDir, { recursive: true, force: true });
  if (stale.length > 0) {
    console.error(`azapi bindings are stale: ${stale.join(", ")}. Run \`npm run generate:azapi\` and commit the result.`);
    process.exit(1);
  }
  console.log(`azapi bindings are up to date (${files.length} files)`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
