/**
 * Locates `shared/reference/`: the verbatim reference files (OpenAPI spec, provider
 * schemas, plugin protocol, PEC role table) that tests read but the project never copies.
 *
 * Looked up, in order: `PAL_SHARED_REFERENCE` (a path to the `reference` folder), then
 * `<dir>/shared/reference` for the project root and each of its parents (a checkout at
 * `/work/main` finds `/work/shared/reference`).
 */
import * as fs from "fs";
import * as path from "path";
import { findPackageRoot } from "../stacks/package-root";

/** The project root: the folder holding this kit's `package.json`. */
export const PROJECT_ROOT = findPackageRoot(__dirname);

/** Returns the absolute path of `shared/reference`, or `undefined` when it is not on this machine. */
export function findSharedReference(): string | undefined {
  const fromEnv = process.env.PAL_SHARED_REFERENCE;
  if (fromEnv) return fs.existsSync(fromEnv) ? path.resolve(fromEnv) : undefined;
  let dir = PROJECT_ROOT;
  for (;;) {
    const candidate = path.join(dir, "shared", "reference");
    if (fs.existsSync(path.join(candidate, "PAL-RULES.md"))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Like {@link findSharedReference} but throws a message that says how to make it available. */
export function requireSharedReference(): string {
  const found = findSharedReference();
  if (!found) {
    throw new Error(
      "shared/reference/ not found: set PAL_SHARED_REFERENCE to the folder that holds PAL-RULES.md " +
        "and provider-schemas/, or check the kit out next to shared/ (../shared/reference).",
    );
  }
  return found;
}
