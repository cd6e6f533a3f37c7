/**
 * `npm run bench`: synthesises generated fleets of 1, 100 and 1000 customers with the compiled
 * kit, exactly as `npm run synth` does (a fresh `node dist/main.js` per size), and prints wall
 * time, time per customer and peak RSS for each; then `npm run synth` end to end (with its tsc
 * build) for the largest size.
 *
 *   npm run bench                      # 1, 100, 1000 customers, one run each
 *   npm run bench -- --sizes 10,500 --runs 3   # other sizes; median of 3 runs
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { findPackageRoot } from "../stacks/package-root";
import { generateFleetYaml } from "../tools/generate-fleet";

interface Measurement {
  readonly customers: number;
  readonly stacks: number;
  readonly wallSeconds: number;
  readonly peakRssMb: number;
}

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

function measure(customers: number, work: string): Measurement {
  const root = findPackageRoot(__dirname);
  const manifest = path.join(work, `fleet-${customers}.yaml`);
  const outdir = path.join(work, `out-${customers}`);
  const rssFile = path.join(work, `rss-${customers}`);
  fs.writeFileSync(manifest, generateFleetYaml(customers));
  fs.rmSync(outdir, { recursive: true, force: true });
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ["--require", path.join(root, "dist/bench/report-rss.js"), path.join(root, "dist/main.js")], {
    cwd: work,
    env: { ...process.env, PAL_CONFIG: manifest, CDKTF_OUTDIR: outdir, PAL_BENCH_RSS_FILE: rssFile },
    encoding: "utf8",
  });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`synthesis of ${customers} customers failed:\n${run.stderr}`);
  const stacks = fs.readdirSync(path.join(outdir, "stacks")).length;
  return { customers, stacks, wallSeconds, peakRssMb: Number(fs.readFileSync(rssFile, "utf8")) / 1024 };
}

/** Wall time of `npm run --silent synth` for the fleet `measure` wrote for `customers`. */
function measureNpmRunSynth(customers: number, work: string): number {
  const root = findPackageRoot(__dirname);
  const outdir = path.join(work, `npm-out-${customers}`);
  const started = process.hrtime.bigint();
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const run = spawnSync(npm, ["run", "--silent", "synth"], {
    cwd: root,
    env: { ...process.env, PAL_CONFIG: path.join(work, `fleet-${customers}.yaml`), CDKTF_OUTDIR: outdir },
    encoding: "utf8",
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`npm run synth of ${customers} customers failed:\n${run.stderr}`);
  return seconds;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function main(): void {
  const sizes = option("sizes", "1,100,1000").split(",").map(Number);
  const runs = Number(option("runs", "1"));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "pal-bench-"));
  console.log(`PAL Kit synthesis benchmark: node ${process.version}, ${os.cpus().length} CPUs, ${runs} run(s) per size (median)`);
  console.log("customers  stacks  wall (s)  per customer (ms)  peak RSS (MB)");
  const results: Measurement[] = [];
  for (const customers of sizes) {
    const samples = Array.from({ length: runs }, () => measure(customers, work));
    const m = { ...samples[0], wallSeconds: median(samples.map((s) => s.wallSeconds)), peakRssMb: median(samples.map((s) => s.peakRssMb)) };
    results.push(m);
    console.log(
      `${String(customers).padStart(9)}  ${String(m.stacks).padStart(6)}  ${m.wallSeconds.toFixed(2).padStart(8)}  ${((m.wallSeconds * 1000) / customers).toFixed(1).padStart(17)}  ${m.peakRssMb.toFixed(0).padStart(13)}`,
    );
  }
  for (let i = 1; i < results.length; i++) {
    const a = results[i - 1];
    const b = results[i];
    const marginal = ((b.wallSeconds - a.wallSeconds) * 1000) / (b.customers - a.customers);
    console.log(`marginal cost ${a.customers} -> ${b.customers} customers: ${marginal.toFixed(1)} ms per customer`);
  }
  // The table times the synthesis process; `npm run synth` also runs the (incremental) tsc build first.
  const largest = Math.max(...sizes);
  const e2e = measureNpmRunSynth(largest, work);
  console.log(`npm run synth end to end (tsc build + synthesis), ${largest} customers: ${e2e.toFixed(2)} s`);
  fs.rmSync(work, { recursive: true, force: true });
}

main();
