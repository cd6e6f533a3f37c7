/** The scheduled status templates: daily, sharded, report published, failing when a customer stops earning. */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { STATUS_USAGE } from "../scripts/status";
import { ROOT } from "./support/run";

const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), "utf8");
const github = parse(read("examples/pipelines/github/workflows/pal-status.yml"));
const ado = parse(read("examples/pipelines/azure-devops/pal-status.yml"));

/** Every `npm run --silent status -- …` option a template passes, and whether status knows it. */
function statusOptions(text: string): string[] {
  const joined = text.replace(/\\\n\s*/g, " "); // shell line continuations
  return [...joined.matchAll(/npm run --silent status -- ([^\n]*)/g)].flatMap((m) => m[1].match(/--[a-z-]+/g) ?? []);
}

test("GitHub: a daily schedule, one job per shard in environment pal-onboarding (no extra federated credential), report as summary and artifact", () => {
  expect(github.on.schedule).toEqual([{ cron: expect.stringMatching(/^\d+ \d+ \* \* \*$/) }]);
  const job = github.jobs.status;
  expect(job.environment).toBe("pal-onboarding");
  expect(job.strategy).toEqual({ "fail-fast": false, "max-parallel": 4, matrix: "${{ fromJSON(needs.shards.outputs.matrix) }}" });
  expect(job.env.CUSTOMERS).toBe("${{ join(matrix.customers, ',') }}");
  const steps: { name?: string; run?: string; uses?: string; if?: string; with?: Record<string, unknown> }[] = job.steps;
  const publish = steps.find((s) => s.run?.includes("GITHUB_STEP_SUMMARY"))!;
  const upload = steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"))!;
  // Both publish even when status failed (exit 1 = a customer is not earning, which fails the job).
  expect([publish.if, upload.if]).toEqual(["always()", "always()"]);
  expect(upload.with!.path).toBe("${{ runner.temp }}/pal-status.json");
});

test("Azure DevOps: a daily schedule that runs without changes, a runtime matrix of shards, summary and artifact", () => {
  expect(ado.schedules).toEqual([expect.objectContaining({ cron: expect.any(String), always: true, branches: { include: ["main"] } })]);
  const job = ado.stages[0].jobs.find((j: { job: string }) => j.job === "Status");
  expect(job.strategy.matrix).toBe("$[ dependencies.Shards.outputs['shards.matrix'] ]");
  const text = read("examples/pipelines/azure-devops/pal-status.yml");
  expect(text).toContain("##vso[task.uploadsummary]");
  expect(job.steps.find((s: { task?: string }) => s.task === "PublishPipelineArtifact@1").condition).toBe("always()");
});

test("both pass status only options it has, and --fail-on / --out / --markdown", () => {
  for (const file of ["examples/pipelines/github/workflows/pal-status.yml", "examples/pipelines/azure-devops/pal-status.yml"]) {
    const options = statusOptions(read(file));
    expect(options).toEqual(expect.arrayContaining(["--customers", "--fail-on", "--out", "--markdown"]));
    for (const o of options) expect([file, o, STATUS_USAGE.includes(o)]).toEqual([file, o, true]);
  }
});

test("both shard the fleet with npm run customers (at most --max-jobs entries, each customer once)", () => {
  expect(read("examples/pipelines/github/workflows/pal-status.yml")).toMatch(/npm run --silent customers -- --format github --max-jobs "\$MAX_JOBS"/);
  expect(read("examples/pipelines/azure-devops/pal-status.yml")).toMatch(/npm run --silent customers -- --format azure-devops --max-jobs "\$\{\{ parameters\.maxJobs \}\}"/);
  expect(read("examples/pipelines/azure-devops/pal-status.yml")).toContain('--customers "$(PAL_CUSTOMERS)"');
});
