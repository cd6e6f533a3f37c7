/**
 * The output directory contract, the lock and the atomic publish (stacks/publish-output.ts).
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { createStagingDir, discardStagingDir, publishStagingDir } from "../stacks/publish-output";
import { OutputDirectoryError, protectFromOutput } from "../stacks/output-directory";
import { lockDirOf } from "../stacks/output-lock";
import { compiled, ROOT, runMainInProcess } from "./support/run";
import { sharedFleet } from "./support/shared-fleets";
import { listFiles } from "./support/synth";

function tempDir(): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "pal-publish-")));
}

/** Every file under `dir` with its text. */
function snapshot(dir: string): [string, string][] {
  return listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]);
}

/** Writes a small CDKTF-shaped output tree into `dir`, every file saying `tag`. */
function writeTree(dir: string, tag: string, stacks = ["a", "b", "c"]): void {
  fs.mkdirSync(dir, { recursive: true });
  const manifest = { version: "0.21.0", stacks: Object.fromEntries(stacks.map((s) => [s, { name: s, tag }])) };
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest));
  for (const s of stacks) {
    fs.mkdirSync(path.join(dir, "stacks", s), { recursive: true });
    fs.writeFileSync(path.join(dir, "stacks", s, "cdk.tf.json"), JSON.stringify({ tag }));
  }
}

describe("output directory contract", () => {
  test.each([
    ["the file system root", () => "/", /it is the file system root/],
    ["the home directory", () => os.homedir(), /home directory/],
    ["PAL Kit's package root", () => ROOT, /PAL Kit's own package folder/],
    ["a parent of the package root", () => path.dirname(ROOT), /own package folder|home directory/],
  ])("refuses %s before writing anything", (_what, dir, reason) => {
    expect(() => createStagingDir(dir())).toThrow(OutputDirectoryError);
    expect(() => createStagingDir(dir())).toThrow(reason);
    expect(fs.existsSync(lockDirOf(path.resolve(dir())))).toBe(false);
  });

  test("refuses a non-empty directory that holds no previous synthesis, and lists what it holds", () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, "stacks"));
    fs.writeFileSync(path.join(dir, "stacks", "identity-stack.ts"), "// the kit's own code\n");
    fs.writeFileSync(path.join(dir, "package.json"), "{}");
    expect(() => createStagingDir(dir)).toThrow(/it is not empty \(package\.json, stacks\) and holds no previous synthesis/);
    expect(snapshot(dir)).toEqual([
      ["package.json", "{}"],
      ["stacks/identity-stack.ts", "// the kit's own code\n"],
    ]);
    expect(fs.readdirSync(path.dirname(dir)).filter((e) => e.startsWith(`.${path.basename(dir)}.`))).toEqual([]);
  });

  test("refuses a directory that contains the manifest being read, even a CDKTF-shaped one", () => {
    // Inside a parent of its own: the parent of a bare temp folder may also hold this checkout (a clone in /tmp).
    const dir = path.join(tempDir(), "out");
    fs.mkdirSync(dir);
    writeTree(dir, "old");
    protectFromOutput(path.join(dir, "manifest.json"));
    expect(() => createStagingDir(dir)).toThrow(/it contains the manifest .*manifest\.json/);
    expect(() => createStagingDir(path.dirname(dir))).toThrow(/contains the manifest/);
  });

  test("refuses a symbolic link and a file", () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, "real"));
    fs.symlinkSync(path.join(dir, "real"), path.join(dir, "link"));
    fs.writeFileSync(path.join(dir, "file"), "x");
    expect(() => createStagingDir(path.join(dir, "link"))).toThrow(/symbolic link/);
    expect(() => createStagingDir(path.join(dir, "file"))).toThrow(/not a directory/);
  });

  test("accepts an absent, an empty and a previous output directory", () => {
    const dir = tempDir();
    for (const out of ["absent", "empty", "previous"]) {
      if (out === "empty") fs.mkdirSync(path.join(dir, out));
      if (out === "previous") writeTree(path.join(dir, out), "old");
      const staging = createStagingDir(path.join(dir, out));
      writeTree(staging, "new");
      publishStagingDir(staging, path.join(dir, out));
      expect(JSON.parse(fs.readFileSync(path.join(dir, out, "stacks/a/cdk.tf.json"), "utf8"))).toEqual({ tag: "new" });
    }
    expect(fs.readdirSync(dir).sort()).toEqual(["absent", "empty", "previous"]);
  });

  test("npm run synth with CDKTF_OUTDIR=. in a project folder exits 1, says why, and deletes nothing", () => {
    const project = tempDir();
    fs.mkdirSync(path.join(project, "stacks"));
    fs.writeFileSync(path.join(project, "stacks", "own.ts"), "export {};\n");
    const before = snapshot(project);
    const run = runMainInProcess(project, { CDKTF_OUTDIR: "." });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/refusing to write the output directory .*: it is the current directory/);
    expect(snapshot(project)).toEqual(before);
  });

  test("an output directory holding the manifest (manifest.json) is refused, and the manifest kept", () => {
    const dir = tempDir();
    const manifest = fs.readFileSync(path.join(ROOT, "examples/fleet/pal.config.yaml"), "utf8");
    const asJson = JSON.stringify(require("yaml").parse(manifest));
    fs.mkdirSync(path.join(dir, "out"));
    fs.writeFileSync(path.join(dir, "out", "manifest.json"), asJson);
    const run = runMainInProcess(dir, { PAL_CONFIG: "out/manifest.json", CDKTF_OUTDIR: "out" });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/contains the manifest/);
    expect(fs.readFileSync(path.join(dir, "out", "manifest.json"), "utf8")).toBe(asJson);
  });
});

describe("atomic publish", () => {
  test("a failure while building the new tree leaves the previous output byte-identical and releases the lock", () => {
    const dir = tempDir();
    const out = path.join(dir, "out");
    writeTree(out, "old");
    fs.mkdirSync(path.join(out, "stacks/a/.terraform"));
    fs.writeFileSync(path.join(out, "stacks/a/.terraform/plugin"), "binary");
    const before = snapshot(out);
    const staging = createStagingDir(out);
    fs.writeFileSync(path.join(staging, "stacks"), "not a directory"); // carrying Terraform's files over fails
    expect(() => publishStagingDir(staging, out)).toThrow(/EEXIST|ENOTDIR/);
    expect(snapshot(out)).toEqual(before);
    expect(fs.readdirSync(dir)).toEqual(["out"]); // no staging, previous tree or lock left
    discardStagingDir(createStagingDir(out)); // the lock was released
  });

  test("keeps Terraform's files of re-synthesised stacks by hard link, drops removed stacks", () => {
    const dir = tempDir();
    const out = path.join(dir, "out");
    writeTree(out, "old");
    fs.mkdirSync(path.join(out, "stacks/a/.terraform"));
    fs.writeFileSync(path.join(out, "stacks/a/.terraform/plugin"), "binary");
    fs.writeFileSync(path.join(out, "stacks/a/.terraform.lock.hcl"), "# lock\n");
    const inode = fs.statSync(path.join(out, "stacks/a/.terraform/plugin")).ino;
    const staging = createStagingDir(out);
    writeTree(staging, "new", ["a", "b"]);
    publishStagingDir(staging, out, { keepRemovedStacks: false });
    expect(listFiles(out)).toEqual(["manifest.json", "stacks/a/.terraform.lock.hcl", "stacks/a/.terraform/plugin", "stacks/a/cdk.tf.json", "stacks/b/cdk.tf.json"]);
    expect(fs.statSync(path.join(out, "stacks/a/.terraform/plugin")).ino).toBe(inode);
  });

  test("the next run repairs what a run killed mid-publish left: previous tree back, staging and a dead lock removed", () => {
    const dir = tempDir();
    const out = path.join(dir, "out");
    writeTree(out, "old");
    const before = snapshot(out);
    // As if killed -9 between the two renames of a swap, holding the lock.
    fs.renameSync(out, path.join(dir, ".out.previous-999999-abc"));
    writeTree(path.join(dir, ".out.staging-999999-def"), "half");
    fs.mkdirSync(lockDirOf(out));
    fs.writeFileSync(path.join(lockDirOf(out), "owner"), JSON.stringify({ host: os.hostname(), pid: 2 ** 22 + 12345, token: "dead" }));
    const staging = createStagingDir(out, { waitMs: 2000 });
    expect(snapshot(out)).toEqual(before);
    expect(fs.readdirSync(dir).sort()).toEqual([".out.lock", path.basename(staging), "out"].sort());
    discardStagingDir(staging);
    expect(fs.readdirSync(dir)).toEqual(["out"]);
  });

  test("a live lock makes the next run wait, then fail with 'another synthesis is writing <dir>'", async () => {
    const dir = tempDir();
    const out = path.join(dir, "out");
    const holder = spawn(process.execPath, [
      "-e",
      `const p=require(${JSON.stringify(compiled("stacks/publish-output.js"))}); p.createStagingDir(process.argv[1]); process.stdout.write("held"); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)),0,0,100000)`,
      out,
    ]);
    // Killed (SIGTERM) as soon as it holds the lock: exactly the stale state a CI cancel leaves.
    const held = await new Promise<string>((resolve) => {
      let stdout = "";
      holder.stdout.setEncoding("utf8").on("data", (d: string) => {
        stdout += d;
        if (stdout === "held") holder.kill("SIGTERM");
      });
      holder.on("close", () => resolve(stdout));
    });
    expect(held).toBe("held");
    expect(fs.existsSync(lockDirOf(out))).toBe(true);
    const owner = JSON.parse(fs.readFileSync(path.join(lockDirOf(out), "owner"), "utf8"));
    // A live owner: pretend this process holds it.
    fs.writeFileSync(path.join(lockDirOf(out), "owner"), JSON.stringify({ ...owner, pid: process.pid }));
    expect(() => createStagingDir(out, { waitMs: 300 })).toThrow(new RegExp(`another synthesis is writing ${out.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} \\(process ${process.pid}`));
    // Its process gone, the lock is stale and broken by the next run.
    fs.writeFileSync(path.join(lockDirOf(out), "owner"), JSON.stringify(owner));
    const staging = createStagingDir(out, { waitMs: 300 });
    discardStagingDir(staging);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  // 8 writers: without the lock this test failed 4 runs out of 4 (6 writers: 1 out of 4).
  test("8 racing runs into one directory: every run succeeds, readers only ever see one run's whole tree", async () => {
    const dir = tempDir();
    const out = path.join(dir, "out");
    const script = path.join(dir, "writer.js");
    fs.writeFileSync(
      script,
      `const fs = require("fs"), path = require("path");
const p = require(${JSON.stringify(compiled("stacks/publish-output.js"))});
const [out, tag] = process.argv.slice(2);
const staging = p.createStagingDir(out);
const stacks = Array.from({ length: 12 }, (_, i) => "s" + i);
fs.writeFileSync(path.join(staging, "manifest.json"), JSON.stringify({ version: "0.21.0", stacks: Object.fromEntries(stacks.map((s) => [s, tag])) }));
for (const s of stacks) { fs.mkdirSync(path.join(staging, "stacks", s), { recursive: true }); fs.writeFileSync(path.join(staging, "stacks", s, "cdk.tf.json"), tag); }
if (Number(tag) % 4 === 3) { p.discardStagingDir(staging); process.exit(3); } // some runs fail: they must change nothing
p.publishStagingDir(staging, out);
`,
    );
    const runs = Array.from({ length: 8 }, (_, i) =>
      new Promise<number>((resolve) => spawn(process.execPath, [script, out, String(i)], { stdio: "ignore" }).on("exit", (code) => resolve(code ?? -1))),
    );
    let done = false;
    const seen = new Set<string>();
    const mixed: string[] = [];
    const reader = (async () => {
      while (!done) {
        try {
          // One pass over the tree, bracketed by two reads of manifest.json: every run's tag is
          // unique and published once, so equal tags before and after mean no swap happened in
          // between, and the pass must then have seen one run's files only.
          const tagOf = () => [...new Set(Object.values(JSON.parse(fs.readFileSync(path.join(out, "manifest.json"), "utf8")).stacks as Record<string, string>))].join();
          const before = tagOf();
          const tags = new Set([before]);
          for (const s of fs.readdirSync(path.join(out, "stacks"))) tags.add(fs.readFileSync(path.join(out, "stacks", s, "cdk.tf.json"), "utf8"));
          if (tagOf() === before) {
            if (tags.size !== 1) mixed.push([...tags].join(" | "));
            seen.add(before);
          }
        } catch (err) {
          // A read during a swap may find no tree (ENOENT), or a tree renamed away under it; never a mix.
          if (!["ENOENT"].includes((err as NodeJS.ErrnoException).code ?? "")) throw err;
        }
        await new Promise((r) => setImmediate(r));
      }
    })();
    const codes = await Promise.all(runs);
    done = true;
    await reader;
    expect(codes.sort((a, b) => a - b)).toEqual([...Array(6).fill(0), ...Array(2).fill(3)]);
    expect(mixed).toEqual([]);
    expect(seen.size).toBeGreaterThan(1); // the reader did watch trees change
    expect(fs.readdirSync(dir).sort()).toEqual(["out", "writer.js"]);
    const finalTags = new Set(listFiles(path.join(out, "stacks")).map((f) => fs.readFileSync(path.join(out, "stacks", f), "utf8")));
    expect(finalTags.size).toBe(1);
    expect(Number([...finalTags][0]) % 4).not.toBe(3);
  }, 60_000);
});

describe("racing real syntheses (node dist/main.js)", () => {
  test("3 runs into one output directory all succeed, one after another, and leave one run's tree and nothing beside it", async () => {
    const cwd = tempDir();
    const single = sharedFleet("example"); // the bundled example fleet, synthesised alone (once per jest run)
    const { PAL_CONFIG: _a, CDKTF_OUTDIR: _b, ...env } = process.env;
    const runs = Array.from({ length: 3 }, () =>
      new Promise<{ code: number; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [compiled("main.js")], { cwd, env: { ...env, CDKTF_OUTDIR: "cdktf.out" }, stdio: ["ignore", "ignore", "pipe"] });
        let stderr = "";
        child.stderr.on("data", (d) => (stderr += d));
        child.on("exit", (code) => resolve({ code: code ?? -1, stderr }));
      }),
    );
    const results = await Promise.all(runs);
    expect(results).toEqual(Array(3).fill({ code: 0, stderr: "" }));
    expect(snapshot(path.join(cwd, "cdktf.out"))).toEqual(snapshot(single));
    expect(fs.readdirSync(cwd)).toEqual(["cdktf.out"]);
  }, 60_000);
});
