/**
 * Preloaded into the process under measurement (`node --require`): writes its resource usage
 * when it exits to PAL_BENCH_RSS_FILE, as JSON: peak resident set size (kB) and user and system
 * CPU time (µs) of the whole process, worker threads included.
 */
import * as fs from "fs";

const target = process.env.PAL_BENCH_RSS_FILE;
if (target) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    fs.writeFileSync(target, JSON.stringify({ maxRssKb: usage.maxRSS, userMicros: usage.userCPUTime, systemMicros: usage.systemCPUTime }));
  });
}
