/**
 * Preloaded into the process under measurement (`node --require`): writes its peak resident set
 * size (kB) to PAL_BENCH_RSS_FILE when it exits.
 */
import * as fs from "fs";

const target = process.env.PAL_BENCH_RSS_FILE;
if (target) {
  process.on("exit", () => fs.writeFileSync(target, String(process.resourceUsage().maxRSS)));
}
