/**
 * A file cache of serialized `GetProviderSchema.Response` bytes, so that the second and later
 * plugin processes for the same schema skip the JSON-to-protobuf conversion, and (for a type
 * selection) of the reduced schema JSON next to it, so they also skip parsing the whole schema
 * file (azurerm: 3 MB) to check configurations. Keyed by the schema file (path, size, mtime), the
 * provider address, the proto file, the type selection (if any) and a hash of the code that
 * converts and selects.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";

/**
 * The code that produces the cached files: the compiled converter, the schema reader, the type
 * selection and this file. A change to any (a new kit version, a rebuilt checkout) makes new
 * keys, so no stale conversion is served.
 */
const CACHE_FORMAT = crypto
  .createHash("sha256")
  .update(["proto-schema.js", "schema-json.js", "type-selection.js", "schema-cache.js"].map((f) => readOrEmpty(path.join(__dirname, f))).join("\0"))
  .digest("hex");

function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return ""; // running from TypeScript sources (ts-jest): the key still covers the schema and proto
  }
}

function fileStamp(file: string): string {
  const stat = fs.statSync(file);
  return `${path.resolve(file)}:${stat.size}:${stat.mtimeMs}`;
}

/** The cache file for these inputs; `variant` distinguishes reduced schemas (type selections). */
export function schemaCacheFile(cacheDir: string, schemaFile: string, address: string, protoFile: string, variant = ""): string {
  const key = crypto
    .createHash("sha256")
    .update([CACHE_FORMAT, address.toLowerCase(), fileStamp(schemaFile), fileStamp(protoFile), variant].join("\n"))
    .digest("hex")
    .slice(0, 32);
  return path.join(cacheDir, `schema-${key}.pb`);
}

/** The file caching the served (reduced) schema JSON that belongs to the response cache file `cacheFile`. */
export function servedSchemaCacheFile(cacheFile: string): string {
  return cacheFile.replace(/\.pb$/, ".json");
}

/** The cached bytes, or `undefined` when absent or unreadable. */
export function readSchemaCache(file: string): Buffer | undefined {
  try {
    const bytes = fs.readFileSync(file);
    const now = new Date();
    fs.utimesSync(file, now, now); // keeps entries in use from being pruned
    return bytes;
  } catch {
    return undefined;
  }
}

/** Entries unused for this long are deleted when a new entry is written. */
const MAX_AGE_MS = 7 * 24 * 3600_000;

/**
 * Writes atomically (temp file + rename) so parallel plugin processes never read half a file,
 * then prunes entries older than a week.
 */
export function writeSchemaCache(file: string, bytes: Buffer): void {
  try {
    const dir = path.dirname(file);
    fs.mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, file);
    const now = Date.now();
    for (const name of fs.readdirSync(dir)) {
      if (!/^schema-[0-9a-f]+\.(pb|json)$/.test(name)) continue;
      const entry = path.join(dir, name);
      if (now - fs.statSync(entry).mtimeMs > MAX_AGE_MS) fs.rmSync(entry, { force: true });
    }
  } catch {
    // A cache that cannot be written only costs speed.
  }
}
