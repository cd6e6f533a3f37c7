/**
 * The pull request plan comment of examples/pipelines/github/workflows/pal-plan.yml: the inline
 * actions/github-script script of the `comment` job, run here as GitHub would run it (an async
 * function of `github`, `context`, `core`, `require`) against plan artifacts written to a temp folder
 * and a fake GitHub API. The artifacts are what the pull request's own code wrote, so the tests feed
 * hostile text and check it stays inert.
 */
import { runStep } from "./support/step-shell";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";

const WORKFLOW = path.resolve(__dirname, "..", "examples", "pipelines", "github", "workflows", "pal-plan.yml");
const plan = parse(fs.readFileSync(WORKFLOW, "utf8"));
const script: string = plan.jobs.comment.steps.find((s: any) => String(s.uses).startsWith("actions/github-script@")).with.script;
const diffStep: string = plan.jobs.diff.steps.find((s: any) => /npx cdktf diff/.test(s.run ?? "")).run;
const MARKER = "<!-- pal-kit:plan-comment -->";
const RUN_URL = "https://github.com/contoso-msp/pal/actions/runs/42";
const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor;

interface Comment {
  id: number;
  body: string;
  user: { login: string; type: string };
}

/** Runs the comment script on `plans` ({ customer: [status, plan text] }) with `existing` comments on the pull request. */
async function runScript(plans: Record<string, [string, string]>, existing: Comment[] = [], touched = true) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pal-plan-comment-"));
  try {
    for (const [name, [status, plan]] of Object.entries(plans)) {
      fs.writeFileSync(path.join(dir, `${name}.status`), `${status}\n`);
      fs.writeFileSync(path.join(dir, `${name}.plan.txt`), plan);
    }
    return await runScriptOn(dir, existing, touched);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the comment script on the plan artifacts in `dir`. */
async function runScriptOn(dir: string, existing: Comment[] = [], touched = true, writeError?: { status: number; message: string }) {
  const calls: { method: string; args: any }[] = [];
  const listComments = async () => ({ data: existing });
  const github = {
    paginate: async (fn: any, args: any) => {
      calls.push({ method: "listComments", args });
      return (await fn(args)).data;
    },
    rest: {
      issues: {
        listComments,
        createComment: async (args: any) => {
          if (writeError) throw Object.assign(new Error(writeError.message), { status: writeError.status });
          calls.push({ method: "createComment", args });
        },
        updateComment: async (args: any) => void calls.push({ method: "updateComment", args }),
      },
    },
  };
  const context = { serverUrl: "https://github.com", repo: { owner: "contoso-msp", repo: "pal" }, runId: 42, payload: { pull_request: { number: 7 } } };
  const warnings: string[] = [];
  const core = { info: () => undefined, warning: (m: string) => void warnings.push(m) };
  const saved = { dir: process.env.PAL_PLAN_DIR, any: process.env.PAL_ANY };
  process.env.PAL_PLAN_DIR = dir;
  process.env.PAL_ANY = String(touched);
  try {
    await new AsyncFunction("github", "context", "core", "require", script)(github, context, core, require);
  } finally {
    for (const [key, value] of [["PAL_PLAN_DIR", saved.dir], ["PAL_ANY", saved.any]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
  const written = calls.filter((c) => c.method !== "listComments");
  expect(written.length).toBeLessThanOrEqual(1); // at most one comment written per run
  return { call: written[0], body: (written[0]?.args.body ?? "") as string, calls, written, warnings };
}

/** The fenced code blocks of a Markdown text, per CommonMark: an opening fence of n >= 3 backticks closes at a line of >= n backticks only. */
function codeBlocks(markdown: string): { fence: string; content: string }[] {
  const blocks: { fence: string; content: string }[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})\s*$/.exec(lines[i]);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && new RegExp(`^\`{${open[1].length},}\\s*$`).test(l));
    expect(end).toBeGreaterThan(i); // every block is closed
    blocks.push({ fence: open[1], content: lines.slice(i + 1, end).join("\n") });
    i = end;
  }
  return blocks;
}

/** `text` includes `part` (without printing a 64 KiB body when it does not). */
const has = (text: string, part: string) => text.includes(part);

/** The comment's text outside code blocks. */
const outsideCode = (markdown: string) => markdown.replace(/^(`{3,})\s*\n[\s\S]*?\n\1`*\s*$/gm, "");

describe("pull request plan comment", () => {
  test("end to end: the diff step's artifacts and job summary, then the comment, with a hostile plan", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pal-plan-e2e-"));
    try {
      const bin = path.join(dir, "bin");
      fs.mkdirSync(bin);
      // A stand-in for npx: `cdktf diff <customer>-identity` prints a plan with colours and backtick fences; fabrikam's fails.
      fs.writeFileSync(
        path.join(bin, "npx"),
        '#!/bin/bash\nprintf "\\033[1mPlan\\033[0m for %s\\n\\`\\`\\`\\`\\n@dana </details>\\n" "$3"\n[ "$3" = fabrikam-identity ] && exit 1\nexit 0\n',
        { mode: 0o755 },
      );
      const temp = path.join(dir, "runner");
      fs.mkdirSync(temp);
      const summary = path.join(dir, "summary.md");
      fs.writeFileSync(summary, "");
      const r = runStep(diffStep, { PATH: `${bin}:${process.env.PATH}`, RUNNER_TEMP: temp, GITHUB_STEP_SUMMARY: summary, PAL_CUSTOMERS: "contoso,fabrikam", ARM_CLIENT_ID: "plan-app" });
      expect(r.status).toBe(1); // fabrikam's diff failed: the job fails, after planning every customer
      const artifacts = path.join(temp, "pal-plan");
      expect(fs.readdirSync(artifacts).sort()).toEqual(["contoso.plan.txt", "contoso.status", "fabrikam.plan.txt", "fabrikam.status"]);
      expect(fs.readFileSync(path.join(artifacts, "fabrikam.status"), "utf8").trim()).toBe("failed");
      expect(fs.readFileSync(path.join(artifacts, "contoso.plan.txt"), "utf8")).toBe("Plan for contoso-identity\n````\n@dana </details>\n");
      // The job summary's blocks hold the plans whole: the fence is longer than the plan's ````.
      const blocks = codeBlocks(fs.readFileSync(summary, "utf8"));
      expect(blocks.map((b) => b.fence.length)).toEqual([5, 5]);
      expect(blocks[0].content).toContain("````\n@dana </details>");
      const { body } = await runScriptOn(artifacts);
      expect(body).toContain("2 customer(s), 1 failed");
      expect(codeBlocks(body).map((b) => b.content.split("\n")[0])).toEqual(["Plan for fabrikam-identity", "Plan for contoso-identity"]);
      expect(/@[a-z]/.test(body)).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("one comment with each customer's plan in a code block, failures first, marked for finding it again", async () => {
    const { call, body } = await runScript({
      contoso: ["ok", "Plan: 4 to add, 0 to change, 0 to destroy."],
      fabrikam: ["failed", "Error: AuthorizationFailed"],
    });
    expect(call.method).toBe("createComment");
    expect(call.args).toMatchObject({ owner: "contoso-msp", repo: "pal", issue_number: 7 });
    expect(body.startsWith(MARKER)).toBe(true);
    expect(body).toContain("2 customer(s), 1 failed");
    expect(body).toContain(`[job summary](${RUN_URL})`);
    expect(body.indexOf("fabrikam-identity: failed")).toBeLessThan(body.indexOf("contoso-identity: ok"));
    expect(codeBlocks(body).map((b) => b.content)).toEqual(["Error: AuthorizationFailed", "Plan: 4 to add, 0 to change, 0 to destroy."]);
  });

  test("updates its own earlier comment instead of adding one; ignores a pasted marker in someone else's comment", async () => {
    const existing: Comment[] = [
      { id: 1, body: `${MARKER}\nplanted by a person`, user: { login: "mallory", type: "User" } },
      { id: 2, body: "LGTM", user: { login: "github-actions[bot]", type: "Bot" } },
      { id: 3, body: `${MARKER}\nold plan`, user: { login: "github-actions[bot]", type: "Bot" } },
    ];
    const { call, calls } = await runScript({ contoso: ["ok", "No changes."] }, existing);
    expect(call.method).toBe("updateComment");
    expect(call.args).toMatchObject({ owner: "contoso-msp", repo: "pal", comment_id: 3 });
    expect(calls[0]).toMatchObject({ method: "listComments", args: { issue_number: 7, per_page: 100 } });
    const { call: fresh } = await runScript({ contoso: ["ok", "No changes."] }, existing.slice(0, 2));
    expect(fresh.method).toBe("createComment"); // mallory's comment is not ours to edit
  });

  test("plan text cannot close its code block, @mention anyone, or smuggle HTML and control characters", async () => {
    const hostile = [
      "```",
      "</details> <img src=x onerror=alert(1)> @contoso-msp/admins @dana",
      "````````",
      "\u001b[31mred\u001b[0m \u202eevil\u2066 \u0007bell\r\nend",
      "~~~",
    ].join("\n");
    const { body } = await runScript({ contoso: ["ok", hostile] });
    const blocks = codeBlocks(body);
    expect(blocks).toHaveLength(1);
    expect(blocks[0].fence.length).toBeGreaterThan(8); // longer than the longest run of backticks in the plan
    expect(blocks[0].content).toContain("</details> <img src=x onerror=alert(1)>"); // inert inside the block
    expect(blocks[0].content).toContain("````````");
    expect(body).not.toMatch(/@[A-Za-z0-9]/); // a word joiner after every @: no mention forms, in or out of code
    expect(body).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069\r]/);
    expect(blocks[0].content).toContain("red evil bell\nend");
    // Outside the code block only the kit's own text remains.
    expect(outsideCode(body)).not.toMatch(/onerror|<img/);
    expect(outsideCode(body).match(/<\/details>/g)).toHaveLength(1);
  });

  test("artifact files that are not customer names are ignored; an unknown status reads as failed", async () => {
    const { body } = await runScript({
      "contoso": ["success?", "x"],
      "@everyone": ["ok", "y"],
      "Evil-Name": ["ok", "z"],
    });
    expect(body).toContain("1 customer(s), 1 failed");
    expect(body).toContain("contoso-identity: failed");
    expect(body).not.toMatch(/everyone|Evil-Name/);
  });

  test("stays within GitHub's 65,536-character comment limit at 256 large plans, shortening plans to their end and pointing to the job summary", async () => {
    const plans: Record<string, [string, string]> = {};
    for (let i = 0; i < 256; i++) plans[`customer-${String(i).padStart(3, "0")}`] = [i % 7 === 0 ? "failed" : "ok", `${"x".repeat(59000)}\nPlan: ${i} to add`];
    const { body } = await runScript(plans);
    expect(body.length).toBeLessThanOrEqual(65536);
    expect(has(body, "Shortened to its end")).toBe(true);
    expect(/_\d+ more customer\(s\) not shown .*\[job summary\]/.test(body)).toBe(true);
    expect(has(body, "Plan: 0 to add") && has(body, "Plan: 7 to add")).toBe(true); // failed ones first, each with the end of its plan
    const blocks = codeBlocks(body);
    expect(blocks.length).toBeGreaterThan(10);
    for (const b of blocks) expect(b.content.length).toBeGreaterThanOrEqual(200);
  });

  test("long plans of astral characters are shortened to fit, never split inside a surrogate pair", async () => {
    for (const odd of [0, 1]) {
      const { body } = await runScript({ contoso: ["ok", "🌈".repeat(40000) + "\nPlan: 1 to add"], fabrikam: ["ok", "x".repeat(odd) + "🌈".repeat(40000) + "\nPlan: 2 to add"] });
      expect(body.length).toBeLessThanOrEqual(65536);
      expect(has(body, "Plan: 1 to add") && has(body, "Plan: 2 to add") && has(body, "Shortened to its end")).toBe(true);
      expect(/(^|[^\ud800-\udbff])[\udc00-\udfff]|[\ud800-\udbff]($|[^\udc00-\udfff])/.test(body)).toBe(false); // no lone surrogate
    }
  });

  test("a push that touches no customer updates an earlier plan comment (never left stale) and creates none", async () => {
    const mine: Comment = { id: 9, body: `${MARKER}\nold plan of contoso`, user: { login: "github-actions[bot]", type: "Bot" } };
    const { call, body } = await runScript({}, [mine], false);
    expect(call).toMatchObject({ method: "updateComment", args: { comment_id: 9 } });
    expect(body).toContain("changes no customer's identity stack: nothing to plan");
    expect((await runScript({}, [], false)).written).toEqual([]);
  });

  test("a read-only token (Dependabot's pull requests) is a warning, not a failed run; other API errors fail it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pal-plan-ro-"));
    try {
      fs.writeFileSync(path.join(dir, "contoso.status"), "ok\n");
      fs.writeFileSync(path.join(dir, "contoso.plan.txt"), "No changes.");
      const { written, warnings } = await runScriptOn(dir, [], true, { status: 403, message: "Resource not accessible by integration" });
      expect(written).toEqual([]);
      expect(warnings).toEqual([expect.stringMatching(/read-only token\. The plans are in the job summary/)]);
      await expect(runScriptOn(dir, [], true, { status: 500, message: "Server Error" })).rejects.toThrow("Server Error");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("no artifacts (every diff failed before planning): the comment says so", async () => {
    const { body } = await runScript({});
    expect(body).toContain("0 customer(s), 0 failed");
    expect(body).toContain("No plan was recorded");
  });
});
