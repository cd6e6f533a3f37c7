/**
 * Writes the manifest's JSON Schema, schemas/pal-config.schema.json, from the zod schema in
 * stacks/manifest/manifest-schema.ts (the same key lists and value kinds the validator uses).
 *
 *   npm run generate:schema
 *
 * A test (__tests__/manifest-schema.test.ts) fails when the committed file differs from this output.
 */
import * as fs from "fs";
import * as path from "path";
import { MANIFEST_JSON_SCHEMA_PATH, manifestJsonSchema } from "../stacks/manifest/manifest-schema";
import { findPackageRoot } from "../stacks/package-root";

/** The file's exact content: two-space JSON and a final newline. */
export function manifestJsonSchemaText(): string {
  return `${JSON.stringify(manifestJsonSchema(), null, 2)}\n`;
}

if (require.main === module) {
  const file = path.join(findPackageRoot(), MANIFEST_JSON_SCHEMA_PATH);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, manifestJsonSchemaText());
  console.log(`wrote ${MANIFEST_JSON_SCHEMA_PATH}`);
}
