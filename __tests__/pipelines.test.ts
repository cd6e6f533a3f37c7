/**
 * The CI templates in examples/pipelines/: GitHub Actions workflows (checked against SchemaStore's
 * github-workflow schema by @action-validator/core), Azure Pipelines files and templates, and the
 * pipeline manifest (loaded with the kit's own loader). Offline and fast: nothing is run.
 */
import { runStep } from "./support/step-shell";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseDocument } from "yaml";
import { validateWorkflow } from "@action-validator/core";
import { loadManifest } from "../stacks/manifest/load-manifest";
import { GITHUB_ACTIONS_ISSUER } from "../constructs/federated-credential";

const ROOT = path.resolve(__dirname, "..");
const PIPELINES = path.join(ROOT, "examples", "pipelines");
const WORKFLOWS = path.join(PIPELINES, "github", "workflows");
const ADO = path.join(PIPELINES, "azure-devops");
const MANIFEST = path.join(PIPELINES, "pal.config.yaml");

type Yaml = any;

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
const rel = (file: string) => path.relative(ROOT, file);
const read = (file: string) => fs.readFileSync(file, "utf8");

/** Parses one YAML file strictly (duplicate keys are errors); throws with every problem. */
function load(file: string): Yaml {
  const doc = parseDocument(read(file), { uniqueKeys: true, prettyErrors: true });
  const problems = [...doc.errors, ...doc.warnings].map((e) => e.message);
  if (problems.length > 0) throw new Error(`${rel(file)}: ${problems.join("; ")}`);
  return doc.toJS();
}

const yamlFiles = walk(PIPELINES).filter((f) => /\.ya?ml$/.test(f));
const templateFiles = yamlFiles.filter((f) => f !== MANIFEST);
const workflowFiles = fs.readdirSync(WORKFLOWS).filter((f) => f.endsWith(".yml")).map((f) => path.join(WORKFLOWS, f));
const workflow = (name: string): Yaml => load(path.join(WORKFLOWS, name));
const adoPipeline = (): Yaml => load(path.join(ADO, "pal-pipeline.yml"));
const adoOffboard = (): Yaml => load(path.join(ADO, "pal-offboard.yml"));

const packageScripts: Record<string, string> = JSON.parse(read(path.join(ROOT, "package.json"))).scripts;
const manifest = loadManifest(MANIFEST, rel(MANIFEST));
const manifestCustomers = manifest.customers.map((c) => c.name);

/** The shell text of every `run:` (GitHub) / `bash:` `script:` `inlineScript:` / template `script` parameter in a parsed file. */
function scripts(node: Yaml, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => scripts(n, out));
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === "string" && ["run", "bash", "script", "inlineScript"].includes(key)) out.push(value);
      else scripts(value, out);
    }
  }
  return out;
}

/** Every `npx cdktf ...` command line in a text: [command, args]. */
function cdktfCommands(text: string): { command: string; args: string[]; line: string }[] {
  const found: { command: string; args: string[]; line: string }[] = [];
  for (const m of text.matchAll(/npx cdktf\s+(\S+)([^\n]*)/g)) {
    const rest = m[2].split(/\s(?:&&|\|\||;|\|)\s|;|\)/)[0];
    const words = rest.split(/\s+/).filter((w) => w && !/^\d*>/.test(w)); // drop redirections such as 2>&1
    found.push({ command: m[1], args: words.map((a) => a.replace(/^["']|["']$/g, "")), line: m[0] });
  }
  return found;
}

/** The steps of a GitHub job whose scripts run `npx cdktf <verb>`. */
const jobRuns = (job: Yaml, verb: RegExp) => scripts(job.steps ?? []).some((s) => verb.test(s));

/** A job that comments on the pull request (it asks for pull-requests permission). */
const isCommentJob = (job: Yaml) => job.permissions && typeof job.permissions === "object" && "pull-requests" in job.permissions;

/**
 * Whether a job runs code of the commit it was triggered for (in a pull_request run, the pull
 * request's code): it checks the repository out, or runs anything but a fixed inline script.
 */
const runsCheckedOutCode = (job: Yaml) =>
  (job.steps as Yaml[]).some((s) => String(s.uses).startsWith("actions/checkout@") || typeof s.run === "string");

describe("pipeline templates: files", () => {
  test("the expected templates exist", () => {
    const names = yamlFiles.map(rel).sort();
    expect(names).toEqual(
      [
        "examples/pipelines/azure-devops/pal-offboard.yml",
        "examples/pipelines/azure-devops/pal-pipeline.yml",
        "examples/pipelines/azure-devops/pal-status.yml",
        "examples/pipelines/azure-devops/templates/automation-step.yml",
        "examples/pipelines/azure-devops/templates/link-steps.yml",
        "examples/pipelines/azure-devops/templates/setup-steps.yml",
        "examples/pipelines/github/workflows/pal-deploy.yml",
        "examples/pipelines/github/workflows/pal-offboard.yml",
        "examples/pipelines/github/workflows/pal-plan.yml",
        "examples/pipelines/github/workflows/pal-status.yml",
        "examples/pipelines/pal.config.yaml",
      ].sort(),
    );
  });

  test.each(yamlFiles.map(rel))("%s is valid YAML without duplicate keys", (file) => {
    expect(() => load(path.join(ROOT, file))).not.toThrow();
  });
});

describe("pipeline templates: GitHub Actions", () => {
  test("the validator rejects a broken workflow (so that passing means something)", () => {
    const broken = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    strategy:\n      max-parallel: many\n    concurrency:\n      grup: x\n    steps:\n      - run: echo\n";
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
  });

  test.each(workflowFiles.map(rel))("%s validates against SchemaStore's github-workflow schema", (file) => {
    expect(validateWorkflow(read(path.join(ROOT, file))).errors).toEqual([]);
  });

  test.each(workflowFiles.map(rel))("%s: id-token: write only on the jobs that sign in, contents: read, nothing broader", (file) => {
    const wf = load(path.join(ROOT, file));
    expect(wf.permissions).toEqual({ contents: "read" });
    for (const [id, job] of Object.entries<Yaml>(wf.jobs)) {
      const signsIn = job.env?.ARM_USE_OIDC === "true";
      const where = `${rel(file)} jobs.${id}`;
      if (signsIn) expect([where, job.permissions]).toEqual([where, { "id-token": "write", contents: "read" }]);
      else if (isCommentJob(job)) expect([where, job.permissions]).toEqual([where, { "pull-requests": "write" }]); // asserted in full below
      else expect([where, job.permissions === undefined || JSON.stringify(job.permissions) === "{}"]).toEqual([where, true]);
    }
  });

  test.each(workflowFiles.map(rel))("%s sets CI and CHECKPOINT_DISABLE, Terraform 1.11.4 without the wrapper, Node 20", (file) => {
    const wf = load(path.join(ROOT, file));
    expect(wf.env).toMatchObject({ CI: "true", CHECKPOINT_DISABLE: "1" });
    const steps: Yaml[] = Object.values<Yaml>(wf.jobs).flatMap((j) => j.steps ?? []);
    const uses = (prefix: string) => steps.filter((s) => typeof s.uses === "string" && s.uses.startsWith(prefix));
    for (const s of uses("hashicorp/setup-terraform@")) expect(s.with).toEqual({ terraform_version: "1.11.4", terraform_wrapper: false });
    for (const s of uses("actions/setup-node@")) expect(s.with).toEqual({ "node-version": 20, cache: "npm" });
    // Every job that runs cdktf or the tests has Terraform.
    for (const job of Object.values<Yaml>(wf.jobs)) {
      if (jobRuns(job, /npx cdktf|npm test/)) expect((job.steps as Yaml[]).some((s) => String(s.uses).startsWith("hashicorp/setup-terraform@"))).toBe(true);
    }
  });

  test("jobs that deploy, destroy or diff take their customers from a bounded matrix or one input, and synthesise only those", () => {
    let checked = 0;
    for (const file of workflowFiles) {
      for (const [id, job] of Object.entries<Yaml>(load(file).jobs)) {
        if (!jobRuns(job, /npx cdktf (deploy|destroy|diff)/)) continue;
        checked++;
        const where = `${rel(file)} jobs.${id}`;
        if (job.strategy?.matrix) {
          expect([where, job.strategy["max-parallel"]]).toEqual([where, expect.any(Number)]);
          expect(job.strategy["fail-fast"]).toBe(false);
          // The shards of `npm run customers` (at most 256 entries), never a list of every customer.
          expect([where, job.strategy.matrix]).toEqual([where, expect.stringMatching(/^\$\{\{ fromJSON\(needs\.\w+\.outputs\.matrix\) \}\}$/)]);
          expect([where, job.env.PAL_CUSTOMERS]).toEqual([where, "${{ join(matrix.customers, ',') }}"]);
        } else if (id === "lighthouse") {
          // The Lighthouse stacks: one job, synthesising only them (`npm run customers`'s lighthouse.synthCustomers).
          expect([where, job.env.PAL_CUSTOMERS]).toEqual([where, "${{ needs.affected.outputs.lighthouse_synth }}"]);
        } else {
          expect([where, job.env.PAL_CUSTOMERS]).toEqual([where, "${{ inputs.customer }}"]);
        }
      }
    }
    expect(checked).toBe(4); // plan: diff; deploy: deploy, lighthouse; offboard: offboard
  });

  test("jobs that change state wait for a state lease; no workflow-level group drops pending deploy runs", () => {
    for (const file of workflowFiles) {
      for (const [id, job] of Object.entries<Yaml>(load(file).jobs)) {
        if (!jobRuns(job, /npx cdktf (deploy|destroy)/)) continue;
        expect([`${rel(file)} jobs.${id}`, job.env.TF_CLI_ARGS_apply]).toEqual([`${rel(file)} jobs.${id}`, "-lock-timeout=10m"]);
      }
    }
    // A workflow-level group would cancel pending deploy runs, losing other customers' changes.
    expect(workflow("pal-deploy.yml").concurrency).toBeUndefined();
    expect(workflow("pal-offboard.yml").concurrency).toBeUndefined();
  });

  test("pull request plans are cancellable because they never take a state lease", () => {
    const plan = workflow("pal-plan.yml");
    expect(plan.concurrency).toEqual({ group: "pal-plan-${{ github.event.pull_request.number }}", "cancel-in-progress": true });
    expect(plan.jobs.diff.env.TF_CLI_ARGS_plan).toBe("-lock=false");
    expect(plan.jobs.diff.if).toContain("github.event.pull_request.head.repo.full_name == github.repository"); // forks get no OIDC token
  });

  const triggers = (wf: Yaml): string[] => (typeof wf.on === "string" ? [wf.on] : Array.isArray(wf.on) ? wf.on : Object.keys(wf.on));
  const DEFAULT_BRANCH_GUARD = "github.ref == format('refs/heads/{0}', github.event.repository.default_branch)";

  test("trust boundary: no job of a pull_request-triggered workflow references the write-capable automation identity", () => {
    const prWorkflows = workflowFiles.filter((f) => triggers(load(f)).some((t) => t === "pull_request" || t === "pull_request_target"));
    expect(prWorkflows.map(rel)).toEqual(["examples/pipelines/github/workflows/pal-plan.yml"]);
    for (const file of prWorkflows) {
      const wf = load(file);
      expect(triggers(wf)).not.toContain("pull_request_target"); // would run with the base repository's privileges
      for (const [id, job] of Object.entries<Yaml>(wf.jobs)) {
        const where = `${rel(file)} jobs.${id}`;
        expect([where, JSON.stringify(job).includes("PAL_AUTOMATION_CLIENT_ID")]).toEqual([where, false]);
        expect([where, job.environment]).toEqual([where, undefined]); // pal-onboarding is never reachable from a pull request
        if (job.env?.ARM_USE_OIDC === "true") expect([where, job.env.ARM_CLIENT_ID]).toEqual([where, "${{ vars.PAL_PLAN_CLIENT_ID }}"]);
      }
      // Nothing that writes: no deploy, destroy, state rm or import.
      for (const text of scripts(wf)) expect(/npx cdktf (deploy|destroy)|state rm|terraform import/.test(text)).toBe(false);
    }
  });

  test("trust boundary: no job that runs the pull request's code has pull-requests: write (or any write but id-token)", () => {
    let checked = 0;
    for (const file of workflowFiles.filter((f) => triggers(load(f)).includes("pull_request"))) {
      for (const [id, job] of Object.entries<Yaml>(load(file).jobs)) {
        if (!runsCheckedOutCode(job)) continue;
        checked++;
        const where = `${rel(file)} jobs.${id}`;
        const writes = Object.entries<string>(job.permissions ?? {}).filter(([scope, level]) => level === "write" && scope !== "id-token");
        expect([where, writes]).toEqual([where, []]);
        expect([where, typeof job.permissions === "string"]).toEqual([where, false]); // write-all / read-all
      }
    }
    expect(checked).toBe(2); // test and diff
  });

  test("trust boundary: the plan comment job has pull-requests: write and nothing else, and runs nothing of the pull request", () => {
    const plan = workflow("pal-plan.yml");
    const commenters = Object.entries<Yaml>(plan.jobs).filter(([, job]) => isCommentJob(job));
    expect(commenters.map(([id]) => id)).toEqual(["comment"]);
    const job = plan.jobs.comment;
    expect(job.permissions).toEqual({ "pull-requests": "write" }); // no id-token, no contents, nothing else
    expect(job.environment).toBeUndefined();
    expect(JSON.stringify(job)).not.toMatch(/ARM_|AZURE_|PAL_PLAN_CLIENT_ID|PAL_AUTOMATION_CLIENT_ID|secrets\./);
    // No checkout, no shell: only downloading this run's artifacts and an inline script of this file.
    expect((job.steps as Yaml[]).map((s) => String(s.uses).replace(/@.*/, ""))).toEqual(["actions/download-artifact", "actions/github-script"]);
    expect(runsCheckedOutCode(job)).toBe(false);
    expect(job.steps[0].with).toEqual({ pattern: "pal-plan-*", path: "${{ runner.temp }}/pal-plan", "merge-multiple": true }); // this run's artifacts only
    expect(job.steps[1].with.script).not.toMatch(/require\(["'](child_process|\.)/); // reads files, runs nothing
    expect(job.needs).toEqual(["test", "diff"]);
    // Forks get a read-only token: skipped, like the diff.
    expect(job.if).toContain("github.event.pull_request.head.repo.full_name == github.repository");
    expect(job.if).toContain("needs.diff.result == 'success' || needs.diff.result == 'failure'");
    // The diff jobs hand over their plans as artifacts, also when a diff failed.
    const upload = (plan.jobs.diff.steps as Yaml[]).find((s) => String(s.uses).startsWith("actions/upload-artifact@"));
    expect(upload).toMatchObject({ if: "always()", with: { name: "pal-plan-${{ strategy.job-index }}", path: "${{ runner.temp }}/pal-plan/" } });
  });

  test("trust boundary: the automation identity signs in only in pal-onboarding, from workflows that run on main, on a schedule or by hand", () => {
    let checked = 0;
    for (const file of workflowFiles) {
      const wf = load(file);
      for (const [id, job] of Object.entries<Yaml>(wf.jobs)) {
        if (!JSON.stringify(job).includes("PAL_AUTOMATION_CLIENT_ID")) continue;
        checked++;
        const where = `${rel(file)} jobs.${id}`;
        expect([where, job.environment]).toEqual([where, "pal-onboarding"]);
        const status = jobRuns(job, /npm run --silent status/);
        expect([where, job.env]).toEqual([
          where,
          status // npm run status (read-only, GET only) signs in through @azure/identity's variables
            ? expect.objectContaining({ ARM_USE_OIDC: "true", AZURE_CLIENT_ID: "${{ vars.PAL_AUTOMATION_CLIENT_ID }}", PAL_CONFIG: "pal.config.yaml" })
            : expect.objectContaining({ ARM_USE_OIDC: "true", ARM_CLIENT_ID: "${{ vars.PAL_AUTOMATION_CLIENT_ID }}", ARM_TENANT_ID: "${{ vars.PAL_STATE_TENANT_ID }}", PAL_CONFIG: "pal.config.yaml" }),
        ]);
        expect([where, triggers(wf).every((t) => t === "workflow_dispatch" || t === "push" || t === "schedule")]).toEqual([where, true]);
        if (wf.on.push) expect(wf.on.push).toEqual({ branches: ["main"] });
      }
    }
    expect(checked).toBe(4); // deploy, lighthouse, offboard and status
  });

  test("trust boundary: every job of a workflow that can be dispatched by hand refuses any ref but the default branch", () => {
    let checked = 0;
    for (const file of workflowFiles) {
      const wf = load(file);
      if (!triggers(wf).includes("workflow_dispatch")) continue;
      for (const [id, job] of Object.entries<Yaml>(wf.jobs)) {
        checked++;
        expect([`${rel(file)} jobs.${id}`, String(job.if ?? "")]).toEqual([`${rel(file)} jobs.${id}`, expect.stringContaining(DEFAULT_BRANCH_GUARD)]);
      }
    }
    expect(checked).toBeGreaterThanOrEqual(4);
  });

  test("no job signs in with a secret; the provider plugin cache is used by every job that runs cdktf", () => {
    for (const file of workflowFiles) {
      for (const [id, job] of Object.entries<Yaml>(load(file).jobs)) {
        if (!jobRuns(job, /npx cdktf/)) continue;
        expect([`${rel(file)} jobs.${id}`, job.env]).toEqual([
          `${rel(file)} jobs.${id}`,
          expect.objectContaining({ ARM_USE_OIDC: "true", TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: "true" }),
        ]);
        expect(job.env.ARM_CLIENT_SECRET).toBeUndefined();
        expect((job.steps as Yaml[]).some((s) => String(s.uses).startsWith("actions/cache@") && /terraform-plugin-cache/.test(s.with.path))).toBe(true);
      }
    }
  });

  test("per-customer approvals: an optional job without token in environment pal-approve-<customer> gates the deploy", () => {
    const deploy = workflow("pal-deploy.yml");
    expect(deploy.jobs.approve).toMatchObject({ environment: "pal-approve-${{ matrix.customer }}", permissions: {} });
    expect(deploy.jobs.approve.if).toContain("vars.PAL_APPROVE_PER_CUSTOMER == 'true'");
    expect(deploy.jobs.deploy.needs).toEqual(["affected", "approve"]);
    expect(deploy.jobs.deploy.if).toContain("needs.approve.result == 'success' || needs.approve.result == 'skipped'");
  });

  test("jobs that compute affected customers fetch the whole history", () => {
    for (const file of workflowFiles) {
      for (const job of Object.values<Yaml>(load(file).jobs)) {
        if (!jobRuns(job, /--changed-since/)) continue;
        expect((job.steps as Yaml[]).find((s) => String(s.uses).startsWith("actions/checkout@"))?.with).toEqual({ "fetch-depth": 0 });
      }
    }
  });

  test("the deploy workflow runs identity, then link, and can be run by hand for named customers", () => {
    const deploy = workflow("pal-deploy.yml");
    expect(deploy.on.push.branches).toEqual(["main"]);
    expect(deploy.on.workflow_dispatch.inputs.customers).toMatchObject({ type: "string", required: true });
    const text = (deploy.jobs.deploy.steps as Yaml[]).map((s) => s.run ?? "").join("\n");
    const identity = text.indexOf('npx cdktf deploy "$PAL_CUSTOMER-identity"');
    const link = text.indexOf('npx cdktf deploy "$PAL_CUSTOMER-link"');
    expect(identity).toBeGreaterThan(-1);
    expect(link).toBeGreaterThan(identity);
    expect(text).toContain('for PAL_CUSTOMER in ${PAL_CUSTOMERS//,/ }; do');
  });

  test("Lighthouse: one job deploys the managing tenant's pair (automation app, then the principal itself), then the delegations only when opted in", () => {
    const deploy = workflow("pal-deploy.yml");
    const job = deploy.jobs.lighthouse;
    expect(job.environment).toBe("pal-onboarding");
    expect(job.strategy).toBeUndefined(); // one job: the order matters
    expect(job.needs).toEqual(["affected", "approve"]);
    expect(job.if).toContain("needs.affected.outputs.lighthouse_stacks != ''");
    expect(job.env).toMatchObject({ PAL_STACKS: "${{ needs.affected.outputs.lighthouse_stacks }}", PAL_DEPLOY_DELEGATIONS: "${{ vars.PAL_DEPLOY_DELEGATIONS }}" });
    expect(deploy.jobs.affected.outputs).toMatchObject({ lighthouse_stacks: "${{ steps.affected.outputs.lighthouse_stacks }}", lighthouse_synth: "${{ steps.affected.outputs.lighthouse_synth }}" });
    const text = (job.steps as Yaml[]).map((s) => s.run ?? "").join("\n");
    expect(text).toContain("for stack in $PAL_STACKS; do"); // `npm run customers`'s order: the pair, then the delegations
    const identity = text.indexOf("npx cdktf deploy managing-tenant-identity");
    const link = text.indexOf("npx cdktf deploy managing-tenant-link");
    const delegation = text.indexOf('npx cdktf deploy "$PAL_CUSTOMER-delegation"');
    expect(identity).toBeGreaterThan(-1);
    expect(link).toBeGreaterThan(identity);
    expect(delegation).toBeGreaterThan(link);
    expect(text.slice(text.lastIndexOf('if [ "$PAL_DEPLOY_DELEGATIONS" = true ]', delegation), delegation)).toContain("PAL_DEPLOY_DELEGATIONS");
    expect(text).toMatch(/managing-tenant-\*\) echo .*; break ;;/); // a failed managing-tenant stack stops the delegations
    // The hand-over: the customer's onboarding templates as an artifact.
    expect((job.steps as Yaml[]).find((s) => String(s.uses).startsWith("actions/upload-artifact@"))?.with).toMatchObject({ path: "cdktf.out/lighthouse/" });
  });

  test("Lighthouse: the deploy step runs the stacks in order, stops after a failed managing-tenant stack, goes on after a failed delegation", () => {
    const step = (workflow("pal-deploy.yml").jobs.lighthouse.steps as Yaml[]).find((s) => /for stack in \$PAL_STACKS/.test(s.run ?? ""));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pal-gh-lighthouse-"));
    try {
      const bin = path.join(dir, "bin");
      fs.mkdirSync(bin);
      // A stand-in for npx that records each cdktf command and fails for the stacks in $FAIL; sleep returns at once.
      fs.writeFileSync(path.join(bin, "npx"), '#!/bin/bash\necho "$2 $3" >> "$LOG"\nfor f in $FAIL; do [ "$3" = "$f" ] && exit 1; done\nexit 0\n', { mode: 0o755 });
      fs.writeFileSync(path.join(bin, "sleep"), "#!/bin/bash\nexit 0\n", { mode: 0o755 });
      const stacks = "managing-tenant-identity managing-tenant-link litware-delegation adatum-delegation";
      const run = (env: Record<string, string>) => {
        const log = path.join(dir, "log");
        const temp = fs.mkdtempSync(path.join(dir, "runner-"));
        fs.writeFileSync(log, "");
        const r = runStep(step.run, { PATH: `${bin}:${process.env.PATH}`, LOG: log, RUNNER_TEMP: temp, PAL_STACKS: stacks, PAL_DEPLOY_DELEGATIONS: "", FAIL: "", ...env });
        const handover = path.join(temp, "pal-lighthouse", "handover.txt");
        return { status: r.status, calls: fs.readFileSync(log, "utf8").trim().split("\n").filter(Boolean), handover: fs.existsSync(handover) ? fs.readFileSync(handover, "utf8").trim().split("\n") : [] };
      };
      const pair = ["deploy managing-tenant-identity", "deploy managing-tenant-link"];
      expect(run({ PAL_DEPLOY_DELEGATIONS: "true" })).toEqual({ status: 0, calls: [...pair, "deploy litware-delegation", "deploy adatum-delegation"], handover: [] });
      // Not opted in: no delegation is deployed; they are handed over to the customers.
      expect(run({})).toEqual({ status: 0, calls: pair, handover: ["litware", "adatum"] });
      expect(run({ FAIL: "managing-tenant-identity", PAL_DEPLOY_DELEGATIONS: "true" })).toMatchObject({ status: 1, calls: ["deploy managing-tenant-identity"] });
      const link = run({ FAIL: "managing-tenant-link", PAL_DEPLOY_DELEGATIONS: "true" });
      expect(link).toMatchObject({ status: 1, calls: ["deploy managing-tenant-identity", ...Array(4).fill("deploy managing-tenant-link")] }); // retried, then stopped
      expect(run({ FAIL: "litware-delegation", PAL_DEPLOY_DELEGATIONS: "true" })).toMatchObject({ status: 1, calls: [...pair, "deploy litware-delegation", "deploy adatum-delegation"] });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the affected step's jq turns `npm run customers` output into the Lighthouse job's inputs", () => {
    const step = (workflow("pal-deploy.yml").jobs.affected.steps as Yaml[]).find((s) => s.id === "affected");
    const lines = (step.run as string).split("\n").filter((l) => /lighthouse_(stacks|synth)=/.test(l));
    expect(lines).toHaveLength(2);
    const output = JSON.stringify({ customers: [], lighthouse: { stacks: ["managing-tenant-identity", "managing-tenant-link", "litware-delegation"], synthCustomers: "litware" } });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pal-gh-output-"));
    try {
      const out = path.join(dir, "out");
      const script = `set -euo pipefail\n${lines.join("\n")}`;
      const run = (json: string) => {
        fs.writeFileSync(out, "");
        const r = runStep(script, { ...process.env, result: json, GITHUB_OUTPUT: out });
        if (r.status !== 0) throw new Error(`the step failed: ${r.stderr}`);
        return fs.readFileSync(out, "utf8");
      };
      expect(run(output)).toBe("lighthouse_stacks=managing-tenant-identity managing-tenant-link litware-delegation\nlighthouse_synth=litware\n");
      expect(run(JSON.stringify({ customers: ["contoso"] }))).toBe("lighthouse_stacks=\nlighthouse_synth=\n"); // no section: the job is skipped
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("offboarding destroys the link (only when opted in) before the identity stack", () => {
    const job = workflow("pal-offboard.yml").jobs.offboard;
    const steps: Yaml[] = job.steps;
    const index = (re: RegExp) => steps.findIndex((s) => re.test(s.run ?? ""));
    const check = index(/select\(\.method == "DELETE"\)/);
    const record = index(/npx cdktf deploy "\$PAL_CUSTOMER-link"/);
    const unlink = index(/npx cdktf destroy "\$PAL_CUSTOMER-link"/);
    const forget = index(/state rm/);
    const identity = index(/npx cdktf destroy "\$PAL_CUSTOMER-identity"/);
    expect([check, record, unlink, forget, identity].every((i) => i >= 0)).toBe(true);
    expect(check).toBeLessThan(record);
    expect(record).toBeLessThan(unlink);
    expect(Math.max(unlink, forget)).toBeLessThan(identity);
    for (const i of [check, record, unlink]) expect(steps[i].if).toMatch(/^inputs\.remove-link && /);
    expect(steps[forget].if).toMatch(/^!inputs\.remove-link && /);
    expect(steps[identity].if).toBeUndefined();
    const inputs = workflow("pal-offboard.yml").on.workflow_dispatch.inputs;
    expect(inputs["remove-link"]).toMatchObject({ type: "boolean", default: false });
    expect(inputs.confirm).toMatchObject({ type: "string", required: true });
    expect(job.needs).toBe("confirm");
    expect(job.environment).toBe("pal-onboarding");
    // The confirm job accepts exactly one customer-side customer: not a Lighthouse customer or managing-tenant.
    const confirm = (workflow("pal-offboard.yml").jobs.confirm.steps as Yaml[]).find((s) => /--customers "\$CUSTOMER"/.test(s.run ?? "")).run as string;
    const accepts = (json: string) => runStep(confirm.replace(/npm run --silent customers -- --customers "\$CUSTOMER"/, "echo \"$OUT\""), { ...process.env, CUSTOMER: "litware", OUT: json }).status === 0;
    expect(accepts(JSON.stringify({ customers: ["litware"] }))).toBe(true);
    expect(accepts(JSON.stringify({ customers: [], lighthouse: { stacks: ["litware-delegation"] } }))).toBe(false);
    expect(accepts(JSON.stringify({ customers: ["contoso", "litware"] }))).toBe(false);
  });
});

describe("pipeline templates: commands", () => {
  const allScripts = templateFiles.map((f) => ({ file: rel(f), text: read(f) }));

  test("every `npm run` / `npm test` script the templates use exists in package.json", () => {
    const used = new Set<string>();
    for (const { text } of allScripts) {
      for (const m of text.matchAll(/\bnpm run\s+(?:--silent\s+)?([A-Za-z0-9:_-]+)/g)) used.add(m[1]);
      if (/\bnpm test\b/.test(text)) used.add("test");
    }
    expect([...used].sort()).toEqual(["customers", "prerequisites", "status", "synth", "test"]);
    for (const name of used) expect([name, packageScripts[name]]).toEqual([name, expect.any(String)]);
  });

  test("`npm run customers` gets only the options scripts/customers.ts accepts", () => {
    for (const { text } of allScripts) {
      for (const m of text.matchAll(/npm run(?: --silent)? customers -- ([^\n)|]*)/g)) {
        for (const option of m[1].match(/--[a-z-]+/g) ?? []) expect(["--changed-since", "--customers", "--format", "--max-jobs"]).toContain(option);
      }
    }
  });

  test("every `npx cdktf` is a real command on <customer>-identity, <customer>-link, a delegation or the managing tenant's pair", () => {
    const flags = new Set(["--auto-approve", "--skip-synth", "--skip-provider-lock", "--ignore-missing-stack-dependencies"]);
    const commands = allScripts.flatMap(({ file, text }) => cdktfCommands(text).map((c) => ({ file, ...c })));
    expect(commands.length).toBeGreaterThan(10);
    for (const { file, command, args, line } of commands) {
      const where = `${file}: ${line}`;
      expect([where, command]).toEqual([where, expect.stringMatching(/^(synth|diff|deploy|destroy|output)$/)]);
      for (const flag of args.filter((a) => a.startsWith("-"))) expect([where, flags.has(flag)]).toEqual([where, true]);
      const stacks = args.filter((a) => !a.startsWith("-"));
      expect([where, stacks.length]).toEqual([where, 1]);
      for (const stack of stacks) expect([where, stack]).toEqual([where, expect.stringMatching(/^(\$PAL_CUSTOMER-(identity|link|delegation)|managing-tenant-(identity|link))$/)]);
      if (command === "deploy" || command === "destroy") expect([where, args]).toEqual([where, expect.arrayContaining(["--auto-approve"])]);
      // A stack deployed or destroyed without the other one says so explicitly (a delegation depends on managing-tenant-link).
      if (command === "deploy" && /-(link|delegation)$/.test(stacks[0])) expect([where, args]).toEqual([where, expect.arrayContaining(["--ignore-missing-stack-dependencies"])]);
      if (command === "destroy" && stacks[0].endsWith("-identity")) expect(args).toContain("--ignore-missing-stack-dependencies");
    }
  });

  test("no template needs a secret: OIDC and workload identity federation only", () => {
    for (const { file, text } of allScripts) {
      expect([file, /\bsecrets\.|ARM_CLIENT_SECRET=|servicePrincipalKey/.test(text)]).toEqual([file, false]);
    }
  });
});

describe("pipeline templates: pal.config.yaml", () => {
  test("loads with the kit's loader, with an azurerm backend", () => {
    expect(manifest.backend).toMatchObject({ type: "azurerm", containerName: expect.any(String), keyPrefix: "pal/" });
    expect(manifestCustomers.length).toBeGreaterThan(1);
  });

  test("every customer's principal trusts the protected GitHub environment pal-onboarding of the deploy jobs", () => {
    const raw = load(MANIFEST);
    expect(raw.defaults.credential.github.environment).toBe("pal-onboarding");
    const repository = raw.defaults.credential.github.repository;
    for (const c of manifest.customers) {
      expect(c.credential).toMatchObject({ type: "federated", issuer: GITHUB_ACTIONS_ISSUER, subject: `repo:${repository}:environment:pal-onboarding` });
    }
  });

  test("one customer can have its link deleted by the offboarding workflow", () => {
    expect(manifest.customers.some((c) => c.deleteLinkOnDestroy)).toBe(true);
  });
});

describe("pipeline templates: Azure DevOps", () => {
  const EACH = "${{ each customer in parameters.customers }}";
  const stage = (name: string) => adoPipeline().stages.find((s: Yaml) => s.stage === name);

  test("parameters.customers lists exactly the customers of examples/pipelines/pal.config.yaml", () => {
    const customers = adoPipeline().parameters.find((p: Yaml) => p.name === "customers");
    expect(customers.type).toBe("object");
    expect(customers.default).toEqual(manifestCustomers);
  });

  test("stages Test -> Affected -> Plan (pull requests) / Deploy (main)", () => {
    const stages = adoPipeline().stages;
    expect(stages.map((s: Yaml) => s.stage)).toEqual(["Test", "Affected", "Plan", "Deploy"]);
    expect(stage("Affected").dependsOn).toBe("Test");
    expect(stage("Plan").condition).toContain("eq(variables['Build.Reason'], 'PullRequest')");
    expect(stage("Deploy").condition).toContain("eq(variables['Build.SourceBranch'], 'refs/heads/main')");
    expect(adoPipeline().lockBehavior).toBe("sequential");
  });

  test("Deploy has one deployment job per customer, in environment pal-<customer>, gated by the Affected output", () => {
    const affected = stage("Affected").jobs[0];
    expect(affected.job).toBe("affected");
    const list = affected.steps.find((s: Yaml) => s.name === "list");
    expect(list.bash).toContain("variable=names;isOutput=true]");
    expect(list.bash).toContain("--changed-since");
    for (const name of ["Deploy"]) {
      const jobs = stage(name).jobs;
      expect(jobs).toHaveLength(2); // the customers' jobs, then the Lighthouse job
      expect(jobs[1].deployment).toBe("deploy_lighthouse");
      const [generated] = jobs[0][EACH];
      expect(generated.condition).toBe("contains(stageDependencies.Affected.affected.outputs['list.names'], ',${{ customer }},')");
      expect(generated.variables.PAL_CUSTOMER).toBe("${{ customer }}");
      expect(generated.variables.PAL_CUSTOMERS).toBe("${{ customer }}"); // synthesise only this customer
    }
    const [deploy] = stage("Deploy").jobs[0][EACH];
    expect(deploy.deployment).toBe("deploy_${{ replace(customer, '-', '_') }}");
    expect(deploy.environment).toBe("pal-${{ customer }}");
    expect(deploy.strategy.runOnce.deploy.steps.length).toBeGreaterThan(2);
    expect(stage("Plan").jobs[0].variables.TF_CLI_ARGS_plan).toBe("-lock=false");
  });

  test("trust boundary: the pull request Plan signs in only as the plan identity, over at most 256 shards", () => {
    const plan = stage("Plan");
    expect(plan.condition).toContain("eq(variables['Build.Reason'], 'PullRequest')");
    const text = JSON.stringify(plan);
    expect(text).not.toContain("automationConnection");
    expect(text).not.toContain("link-steps.yml");
    expect(text).not.toMatch(/npx cdktf (deploy|destroy)/);
    const [job] = plan.jobs;
    expect(job.strategy.matrix).toBe("$[ stageDependencies.Affected.affected.outputs['list.matrix'] ]");
    const connections = scripts(plan).length > 0 ? (job.steps as Yaml[]).filter((s) => s.task === "AzureCLI@2").map((s) => s.inputs.azureSubscription) : [];
    expect(connections).toEqual(["${{ parameters.planConnection }}"]);
    expect(adoPipeline().parameters.find((p: Yaml) => p.name === "planConnection")).toMatchObject({ default: "pal-plan" });
    const list = stage("Affected").jobs[0].steps.find((s: Yaml) => s.name === "list");
    expect(list.bash).toContain("variable=matrix;isOutput=true]");
  });

  test("Lighthouse: one deployment job, the managing tenant's pair (automation app, then pal-managing-tenant), then delegations only when opted in", () => {
    const job = stage("Deploy").jobs[1];
    expect(job).toMatchObject({ deployment: "deploy_lighthouse", environment: "pal-managing-tenant", condition: "ne(stageDependencies.Affected.affected.outputs['list.lighthouse'], '')" });
    expect(job.variables).toMatchObject({
      PAL_CUSTOMERS: "$[ stageDependencies.Affected.affected.outputs['list.lighthouseSynth'] ]",
      PAL_STACKS: "$[ stageDependencies.Affected.affected.outputs['list.lighthouse'] ]",
    });
    const steps: Yaml[] = job.strategy.runOnce.deploy.steps;
    const identity = steps.findIndex((s) => s.template === "templates/automation-step.yml" && /npx cdktf deploy managing-tenant-identity/.test(s.parameters.script));
    const linked = steps.findIndex((s) => s["${{ if eq(parameters.managingTenantLinked, true) }}"]);
    const delegations = steps.findIndex((s) => s["${{ if eq(parameters.deployDelegations, true) }}"]);
    expect(identity).toBeGreaterThan(-1);
    expect(linked).toBeGreaterThan(identity);
    expect(delegations).toBeGreaterThan(linked);
    const [link] = steps[linked]["${{ if eq(parameters.managingTenantLinked, true) }}"];
    expect(link).toMatchObject({ template: "templates/link-steps.yml", parameters: { customer: "managing-tenant", command: "deploy" } }); // signs in as the managing tenant's principal
    const [deploy] = steps[delegations]["${{ if eq(parameters.deployDelegations, true) }}"];
    expect(deploy.parameters.script).toContain('npx cdktf deploy "$PAL_CUSTOMER-delegation"');
    for (const p of ["managingTenantLinked", "deployDelegations"]) expect(adoPipeline().parameters.find((x: Yaml) => x.name === p)).toMatchObject({ type: "boolean", default: false });
    const list = stage("Affected").jobs[0].steps.find((s: Yaml) => s.name === "list");
    expect(list.bash).toContain("variable=lighthouse;isOutput=true]$(jq -r '.lighthouse.stacks // [] | join(\" \")'");
    expect(list.bash).toContain("variable=lighthouseSynth;isOutput=true]$(jq -r '.lighthouse.synthCustomers // \"\"'");
  });

  test("trust boundary: Deploy and offboarding run only from main", () => {
    expect(stage("Deploy").condition).toContain("eq(variables['Build.SourceBranch'], 'refs/heads/main')");
    for (const s of adoOffboard().stages) expect([s.stage, s.condition]).toEqual([s.stage, expect.stringContaining("eq(variables['Build.SourceBranch'], 'refs/heads/main')")]);
  });

  test("templates exist and get only parameters they declare (and every required one)", () => {
    const checked: string[] = [];
    const visit = (file: string, node: Yaml) => {
      if (Array.isArray(node)) return node.forEach((n) => visit(file, n));
      if (!node || typeof node !== "object") return;
      if (typeof node.template === "string") {
        const target = path.join(path.dirname(file), node.template);
        expect([rel(file), node.template, fs.existsSync(target)]).toEqual([rel(file), node.template, true]);
        const declared: Yaml[] = load(target).parameters ?? [];
        const given = Object.keys(node.parameters ?? {});
        for (const g of given) expect([node.template, g, declared.some((d) => d.name === g)]).toEqual([node.template, g, true]);
        for (const d of declared.filter((d) => d.default === undefined)) expect([node.template, d.name, given.includes(d.name)]).toEqual([node.template, d.name, true]);
        const values = Object.fromEntries(declared.filter((d) => d.values).map((d) => [d.name, d.values as string[]]));
        for (const [k, v] of Object.entries<Yaml>(node.parameters ?? {})) if (values[k]) expect(values[k]).toContain(v);
        checked.push(node.template);
      }
      Object.values(node).forEach((v) => visit(file, v));
    };
    for (const file of walk(ADO).filter((f) => f.endsWith(".yml"))) visit(file, load(file));
    expect(new Set(checked)).toEqual(new Set(["templates/setup-steps.yml", "templates/automation-step.yml", "templates/link-steps.yml"]));
  });

  test("the identity stage and the backend sign in as the automation app's service connection", () => {
    const [task] = load(path.join(ADO, "templates", "automation-step.yml")).steps;
    expect(task.task).toBe("AzureCLI@2");
    expect(task.inputs).toMatchObject({ azureSubscription: "${{ parameters.automationConnection }}", addSpnToEnvironment: true });
    expect(task.inputs.inlineScript).toContain('export ARM_CLIENT_ID="$servicePrincipalId" ARM_OIDC_TOKEN="$idToken" ARM_TENANT_ID="$tenantId" ARM_USE_OIDC=true');
  });

  test("the link stage gives azapi the principal's token and leaves the backend on the automation app's CLI login", () => {
    const [token, run] = load(path.join(ADO, "templates", "link-steps.yml")).steps;
    expect(token.inputs).toMatchObject({ azureSubscription: "pal-${{ parameters.customer }}", addSpnToEnvironment: true });
    expect(token.inputs.inlineScript).toContain("variable=PAL_LINK_OIDC_TOKEN;issecret=true]$idToken");
    expect(run.inputs.azureSubscription).toBe("${{ parameters.automationConnection }}");
    expect(run.inputs.addSpnToEnvironment).toBeUndefined();
    expect(run.env.ARM_OIDC_TOKEN).toBe("$(PAL_LINK_OIDC_TOKEN)");
    // Without ARM_USE_OIDC the azurerm backend ignores ARM_OIDC_TOKEN and uses the Azure CLI login.
    const unset = run.inputs.inlineScript.match(/unset ((?:[^\n\\]|\\\n)*)/)[1].split(/[\s\\]+/);
    expect(unset).toEqual(expect.arrayContaining(["ARM_USE_OIDC", "ARM_CLIENT_ID", "ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID", "ARM_OIDC_AZURE_SERVICE_CONNECTION_ID"]));
    expect(unset).not.toContain("ARM_OIDC_TOKEN");
  });

  test("offboarding destroys the link (only when opted in) before the identity stack", () => {
    const pipeline = adoOffboard();
    expect(pipeline.trigger).toBe("none");
    expect(pipeline.parameters.find((p: Yaml) => p.name === "removeLink")).toMatchObject({ type: "boolean", default: false });
    const job = pipeline.stages.find((s: Yaml) => s.stage === "Offboard").jobs[0];
    expect(job.environment).toBe("pal-${{ parameters.customer }}");
    expect(job.variables.PAL_CUSTOMERS).toBe("${{ parameters.customer }}");
    const steps: Yaml[] = job.strategy.runOnce.deploy.steps;
    const ifRemove = steps.findIndex((s) => s["${{ if eq(parameters.removeLink, true) }}"]);
    const orElse = steps.findIndex((s) => s["${{ else }}"]);
    const identity = steps.findIndex((s) => /npx cdktf destroy "\$PAL_CUSTOMER-identity"/.test(s.parameters?.script ?? ""));
    expect(ifRemove).toBeGreaterThan(-1);
    expect(orElse).toBe(ifRemove + 1);
    expect(identity).toBeGreaterThan(orElse);
    const removing: Yaml[] = steps[ifRemove]["${{ if eq(parameters.removeLink, true) }}"];
    expect(removing.map((s) => s.template ?? "check")).toEqual(["check", "templates/link-steps.yml"]);
    expect(removing[1].parameters.command).toBe("unlink");
    expect(JSON.stringify(steps[orElse])).toContain("state rm");
    expect(JSON.stringify(steps[orElse])).not.toContain("cdktf destroy");
    const link = load(path.join(ADO, "templates", "link-steps.yml")).steps[1].inputs.inlineScript as string;
    const unlink = link.slice(link.indexOf("unlink)"));
    expect(unlink.indexOf('npx cdktf destroy "$PAL_CUSTOMER-link"')).toBeGreaterThan(unlink.indexOf('npx cdktf deploy "$PAL_CUSTOMER-link"'));
  });
});

describe("pipeline templates: README", () => {
  const readme = read(path.join(ROOT, "README.md"));
  const start = readme.indexOf("\n## Onboarding from CI\n");
  const section = readme.slice(start, readme.indexOf("\n## ", start + 1));

  test('README has the section "Onboarding from CI" that every template points to', () => {
    expect(start).toBeGreaterThan(-1);
    const entryPoints = [...workflowFiles, path.join(ADO, "pal-pipeline.yml"), path.join(ADO, "pal-offboard.yml"), MANIFEST];
    for (const file of entryPoints) expect([rel(file), read(file)]).toEqual([rel(file), expect.stringContaining('README.md, "Onboarding from CI"')]);
  });

  test("the section links every workflow and pipeline file, and each link resolves", () => {
    const links = [...section.matchAll(/\]\((examples\/pipelines\/[^)]+)\)/g)].map((m) => m[1]);
    for (const link of links) expect([link, fs.existsSync(path.join(ROOT, link))]).toEqual([link, true]);
    const top = [...workflowFiles, path.join(ADO, "pal-pipeline.yml"), path.join(ADO, "pal-offboard.yml"), MANIFEST].map(rel);
    expect(links).toEqual(expect.arrayContaining(top));
  });

  test("the section names every repository variable the GitHub workflows read", () => {
    const vars = new Set(workflowFiles.flatMap((f) => [...read(f).matchAll(/vars\.([A-Z_]+)/g)].map((m) => m[1])));
    expect(vars.size).toBeGreaterThan(2);
    for (const v of vars) expect([v, section.includes(`\`${v}\``)]).toEqual([v, true]);
  });

  test("the section's backend example is the pipeline manifest's backend", () => {
    const yamlBlock = section.match(/```yaml\n([\s\S]*?)```/)![1];
    const shown = parseDocument(yamlBlock).toJS().backend;
    expect(Object.keys(shown).sort()).toEqual(Object.keys(load(MANIFEST).backend).sort());
    expect(shown).toMatchObject({ type: "azurerm", keyPrefix: "pal/" });
  });
});
