/**
 * `npm run bench`: the kit's synthesis against a baseline, in one run, on the same generated fleets.
 *
 * 1. Comparison (default 1000 customers, 3 runs, alternating): the kit in one thread, the kit
 *    with its worker threads (PAL_SYNTH_WORKERS, default 2), and the baseline - a plain CDKTF
 *    implementation of the same two stacks per customer (bench/baseline-fleet.ts). Prints CPU,
 *    wall and peak RSS (medians) and the kit/baseline ratios.
 * 2. Scaling (default 100, 1000 and 5000 customers): time per customer, marginal cost between
 *    sizes, and peak RSS of the (single) synthesis process.
 * 3. One customer out of a 1000-customer manifest (PAL_CUSTOMERS) against a 1-customer manifest.
 * 4. `npm run synth` end to end (its incremental tsc build included).
 *
 * Each measurement is a fresh `node` process, as `npm run synth` and `cdktf synth` run it.
 *
 *   npm run bench
 *   npm run bench -- --compare 300 --runs 5 --sizes 100,1000 --workers 2
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { findPackageRoot } from "../stacks/package-root";
import { generateFleetYaml } from "../tools/generate-fleet";

const ROOT = findPackageRoot(__dirname);

interface Sample {
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
  readonly peakRssMb: number;
}

/** Runs `script` (relative to dist/) in a fresh node on `manifest`; returns its wall time, CPU time and peak RSS. */
function run(script: string, manifest: string, work: string, env: Record<string, string> = {}): Sample {
  const outdir = fs.mkdtempSync(path.join(work, "out-"));
  const usageFile = path.join(outdir + ".usage.json");
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ["--require", path.join(ROOT, "dist/bench/report-rss.js"), path.join(ROOT, "dist", script)], {
    cwd: work,
    env: { ...process.env, ...env, PAL_CONFIG: manifest, CDKTF_OUTDIR: outdir, PAL_BENCH_RSS_FILE: usageFile },
    // The findings table of a large fleet is megabytes: not captured (spawnSync would stop at maxBuffer).
    stdio: ["ignore", "ignore", "pipe"],
    encoding: "utf8",
  });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (child.status !== 0) throw new Error(`${script} on ${manifest} failed (${child.error?.message ?? child.signal ?? child.status}):\n${child.stderr}`);
  const usage = JSON.parse(fs.readFileSync(usageFile, "utf8"));
  fs.rmSync(outdir, { recursive: true, force: true });
  fs.rmSync(usageFile, { force: true });
  return { wallSeconds, cpuSeconds: (usage.userMicros + usage.systemMicros) / 1e6, peakRssMb: usage.maxRssKb / 1024 };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function medianSample(samples: readonly Sample[]): Sample {
  return {
    wallSeconds: median(samples.map((s) => s.wallSeconds)),
    cpuSeconds: median(samples.map((s) => s.cpuSeconds)),
    peakRssMb: median(samples.map((s) => s.peakRssMb)),
  };
}

function fleetFile(work: string, customers: number): string {
  const file = path.join(work, `fleet-${customers}.yaml`);
  if (!fs.existsSync(file)) fs.writeFileSync(file, generateFleetYaml(customers));
  return file;
}

const f = (n: number, digits = 2, width = 8) => n.toFixed(digits).padStart(width);

function compare(customers: number, runs: number, workers: number, work: string): void {
  const manifest = fleetFile(work, customers);
  const variants: Array<{ name: string; script: string; env: Record<string, string> }> = [
    { name: "kit, 1 thread", script: "main.js", env: { PAL_SYNTH_WORKERS: "1" } },
    { name: `kit, ${workers} threads`, script: "main.js", env: { PAL_SYNTH_WORKERS: String(workers) } },
    { name: "baseline (plain CDKTF)", script: "bench/baseline-fleet.js", env: {} },
  ];
  const samples = variants.map(() => [] as Sample[]);
  // Alternating, so load changes on a shared machine hit every variant alike.
  for (let r = 0; r < runs; r++) variants.forEach((v, i) => samples[i].push(run(v.script, manifest, work, v.env)));
  const medians = samples.map(medianSample);
  const base = medians[2];
  console.log(`\n${customers} customers, ${runs} alternating runs each (medians):`);
  console.log("variant                     CPU (s)  wall (s)  peak RSS (MB)  CPU / baseline  wall / baseline");
  variants.forEach((v, i) => {
    const m = medians[i];
    console.log(
      `${v.name.padEnd(26)} ${f(m.cpuSeconds)} ${f(m.wallSeconds, 2, 9)} ${f(m.peakRssMb, 0, 14)} ${f(m.cpuSeconds / base.cpuSeconds, 2, 15)}x ${f(m.wallSeconds / base.wallSeconds, 2, 15)}x`,
    );
  });
}

function scaling(sizes: readonly number[], work: string): void {
  console.log("\nScaling, kit in one thread (batches of PAL_SYNTH_BATCH_SIZE, default 100):");
  console.log("customers  stacks  wall (s)  CPU (s)  per customer (ms)  peak RSS (MB)");
  const results = sizes.map((customers) => ({ customers, ...run("main.js", fleetFile(work, customers), work, { PAL_SYNTH_WORKERS: "1" }) }));
  for (const m of results) {
    console.log(
      `${String(m.customers).padStart(9)}  ${String(2 * m.customers).padStart(6)}  ${f(m.wallSeconds)} ${f(m.cpuSeconds)}  ${f((m.cpuSeconds * 1000) / m.customers, 1, 17)}  ${f(m.peakRssMb, 0, 13)}`,
    );
  }
  for (let i = 1; i < results.length; i++) {
    const [a, b] = [results[i - 1], results[i]];
    const marginal = ((b.cpuSeconds - a.cpuSeconds) * 1000) / (b.customers - a.customers);
    console.log(`marginal CPU cost ${a.customers} -> ${b.customers} customers: ${marginal.toFixed(2)} ms per customer`);
  }
}

function oneCustomer(runs: number, work: string): void {
  const big = fleetFile(work, 1000);
  const small = fleetFile(work, 1);
  const selected: Sample[] = [];
  const alone: Sample[] = [];
  for (let r = 0; r < runs; r++) {
    selected.push(run("main.js", big, work, { PAL_CUSTOMERS: "customer-0000" }));
    alone.push(run("main.js", small, work));
  }
  const [s, a] = [medianSample(selected), medianSample(alone)];
  console.log(
    `\nPAL_CUSTOMERS=customer-0000 of a 1000-customer manifest: ${s.wallSeconds.toFixed(2)} s wall, ${s.cpuSeconds.toFixed(2)} s CPU; ` +
      `a 1-customer manifest: ${a.wallSeconds.toFixed(2)} s wall, ${a.cpuSeconds.toFixed(2)} s CPU; ratio ${(s.wallSeconds / a.wallSeconds).toFixed(2)}x wall, ${(s.cpuSeconds / a.cpuSeconds).toFixed(2)}x CPU`,
  );
}

function npmRunSynth(customers: number, work: string): void {
  const started = process.hrtime.bigint();
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const child = spawnSync(npm, ["run", "--silent", "synth"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, PAL_CONFIG: fleetFile(work, customers), CDKTF_OUTDIR: path.join(work, "npm-out") },
    encoding: "utf8",
  });
  if (child.status !== 0) throw new Error(`npm run synth failed:\n${child.stderr}`);
  console.log(`\nnpm run synth end to end (tsc build + synthesis), ${customers} customers: ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(2)} s`);
}

function main(): void {
  const { values } = parseArgs({
    options: {
      compare: { type: "string", default: "1000" },
      runs: { type: "string", default: "3" },
      sizes: { type: "string", default: "100,1000,5000" },
      workers: { type: "string", default: "2" },
    },
  });
  const runs = Number(values.runs);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "pal-bench-"));
  try {
    console.log(`PAL Kit synthesis benchmark: node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)}`);
    compare(Number(values.compare), runs, Number(values.workers), work);
    scaling(values.sizes.split(",").map(Number), work);
    oneCustomer(runs, work);
    npmRunSynth(Number(values.compare), work);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main();
