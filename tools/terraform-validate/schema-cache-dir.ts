/** Where Terraform sessions keep the schema-only plugins' cache of serialized schemas (tools/terraform-schema-provider/schema-cache.ts). */
import * as os from "os";
import * as path from "path";

/** Sets the cache directory (the test suite keeps it outside each run's own temporary directory). */
export const SCHEMA_CACHE_ENV = "PAL_TERRAFORM_SCHEMA_CACHE";

/** `$PAL_TERRAFORM_SCHEMA_CACHE`, else `<tmp>/pal-kit-terraform-schema-cache`. */
export function defaultSchemaCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env[SCHEMA_CACHE_ENV] || path.join(os.tmpdir(), "pal-kit-terraform-schema-cache");
}
