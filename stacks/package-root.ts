/** The folder that holds PAL Kit's own package.json, from source (ts-jest) or compiled (dist/) code. */
import * as fs from "fs";
import * as path from "path";

/** Walks up from `start` to the folder whose package.json is named "pal-kit". */
export function findPackageRoot(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, "utf8")).name === "pal-kit") return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find PAL Kit's package.json above ${start}`);
    dir = parent;
  }
}
