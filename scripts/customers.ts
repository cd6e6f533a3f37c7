#!/usr/bin/env node
/**
 * `npm run customers`: which customers a pipeline run should touch, as JSON for a job matrix.
 *
 *   npm run --silent customers                              # every customer in the manifest
 *   npm run --silent customers -- --changed-since origin/main
 *   npm run --silent customers -- --customers "contoso, fabrikam"   # named customers (run by hand)
 *   npm run --silent customers -- --changed-since HEAD~1 --format azure-devops --max-jobs 64
 *
 * (`--silent` keeps npm's own banner off stdout, so that stdout is exactly one JSON line.)
 *
 * With --changed-since, a customer is affected when it is new or its resolved settings (defaults
 * applied) differ from the manifest at that git ref; every customer is affected when the
 * fleet-wide settings (backend, policy) or the kit itself (constructs/, stacks/, main.ts,
 * package files) changed. Customers that were removed are listed apart: offboarding them is a
 * deliberate step (the offboarding workflow), never a side effect of a merge.
 *
 * Output (one line), --format github (the default):
 *   {"customers":[...],"removed":[...],"all":bool,"reason":"...",
 *    "matrix":{"include":[{"shard":"1/3","customers":["a","b"]},...]}}
 * `matrix` is a GitHub Actions job matrix (`strategy.matrix: ${{ fromJSON(...) }}`) of at most
 * --max-jobs entries (default 256, GitHub's limit of jobs a matrix may generate per workflow run:
 * GitHub Docs, "Running variations of jobs in a workflow"). Up to that many affected customers, each
 * entry holds one customer; beyond it, the customers are cut into --max-jobs shards of consecutive
 * customers (sizes differ by at most one), each deployed in sequence by one job. Every affected
 * customer is in exactly one shard. No customer affected: `include` is empty.
 * With a `lighthouse:` section in the manifest (either version), the line also has
 *   "lighthouse":{"managingTenant":bool,"delegations":[...],"removed":[...],
 *                 "stacks":["managing-tenant-identity","managing-tenant-link","<c>-delegation",...],
 *                 "synthCustomers":"<PAL_CUSTOMERS for them>"}
 * (affectedLighthouse below): the Lighthouse stacks are no customer-side customers, never in
 * `customers` or the matrix; one job deploys `stacks` in order. When there are any, that job counts
 * against --max-jobs: the customer shards get one job fewer (but at least one). `--customers` also takes Lighthouse
 * customers (their delegation) and `managing-tenant` (the managing tenant's pair).
 * With --format azure-devops: {"shard_1_of_3":{"shard":"1/3","PAL_CUSTOMERS":"a,b"},...}, a matrix
 * for Azure Pipelines (`strategy: matrix: $[ ... ]`): keys are letters, digits and "_" only, and each
 * entry's PAL_CUSTOMERS becomes the job's variable (and environment variable) of that name.
 */
import { execFileSync } from "child_process";
import * as path from "path";
import { FleetSpec } from "../stacks/fleet-spec";
import { ManifestError } from "../stacks/manifest/manifest-error";
import { loadManifest, locateManifest, parseManifest } from "../stacks/manifest/load-manifest";
import { lighthouseNames } from "../stacks/fleet-synthesis/select-customers";
import { delegationStackName, LighthouseSpec, MANAGING_TENANT_NAME, MANAGING_TENANT_STACKS } from "../stacks/lighthouse-spec";

/** Paths whose change affects every customer's stacks (relative to the kit's repository root). */
export const KIT_PATHS = ["constructs", "stacks", "main.ts", "package.json", "package-lock.json", "cdktf.json"];

/** What changed between two versions of a fleet. */
export interface AffectedCustomers {
  /** Customers to plan/deploy, in manifest order. */
  readonly customers: string[];
  /** Customers in the old manifest that are gone from the new one. */
  readonly removed: string[];
  /** True when every customer is affected. */
  readonly all: boolean;
  /** Why, in one line. */
  readonly reason: string;
}

/** Compares two resolved fleets. `before` undefined means there was no (valid) manifest before. */
export function affectedCustomers(before: FleetSpec | undefined, after: FleetSpec, beforeNote = "no manifest at that ref"): AffectedCustomers {
  const names = after.customers.map((c) => c.name);
  if (!before) return { customers: names, removed: [], all: true, reason: beforeNote };
  const removed = before.customers.map((c) => c.name).filter((n) => !names.includes(n));
  if (JSON.stringify(before.backend) !== JSON.stringify(after.backend) || JSON.stringify(before.policy) !== JSON.stringify(after.policy)) {
    return { customers: names, removed, all: true, reason: "fleet-wide settings (backend or policy) changed" };
  }
  const old = new Map(before.customers.map((c) => [c.name, JSON.stringify(c)]));
  const changed = after.customers.filter((c) => old.get(c.name) !== JSON.stringify(c)).map((c) => c.name);
  return { customers: changed, removed, all: false, reason: changed.length || removed.length ? "customers added, changed or removed in the manifest" : "no customer changed" };
}

// --- Azure Lighthouse -------------------------------------------------------------------------
// The manifest's `lighthouse:` section synthesises `managing-tenant-identity` (the PAL principal of
// the managing tenant), `managing-tenant-link` (its link, sent signed in as it) and one
// `<customer>-delegation` per Lighthouse customer, which names that principal and so comes after the
// pair (stacks/lighthouse-stacks.ts). These are not customer-side customers: they have no
// `<customer>-identity` / `<customer>-link` and never go into the customer matrix. One pipeline job
// deploys them in `stacks` order, and exactly once each. (In this file, not one of its own: the
// package ships dist/scripts/customers.js alone as the pal-kit-customers bin.)

/** The Lighthouse stacks a run deploys. */
export interface AffectedLighthouse {
  /** Whether `managing-tenant-identity` and `managing-tenant-link` are deployed. */
  readonly managingTenant: boolean;
  /** The Lighthouse customers whose `<customer>-delegation` is deployed, in manifest order. */
  readonly delegations: string[];
  /** Lighthouse customers in the old manifest that are gone from the new one (their delegations stay in Azure). */
  readonly removed: string[];
  /** The stacks to deploy, in deployment order: the managing tenant's pair first, then the delegations. */
  readonly stacks: string[];
  /**
   * The `PAL_CUSTOMERS` value that synthesises these stacks: every Lighthouse customer of the
   * manifest (a selection naming a Lighthouse customer builds the managing tenant's stacks and the
   * delegations, stacks/fleet-synthesis/select-customers.ts). Empty when the section has no
   * customer: then the job synthesises the whole fleet.
   */
  readonly synthCustomers: string;
}

/** How the customer-side part chose its customers. */
export type LighthouseSelection =
  | { readonly kind: "all" }
  | { readonly kind: "requested"; readonly names: readonly string[] }
  | { readonly kind: "changed"; readonly before: FleetSpec };

/** Everything of the section but its customers: what the managing tenant's stacks and every delegation are built from. */
function shared(lh: LighthouseSpec): string {
  const { customers: _customers, ...rest } = lh;
  return JSON.stringify(rest);
}

/**
 * The Lighthouse stacks to deploy for `after`; undefined when neither version of the manifest has a
 * `lighthouse:` section. `fleetWide` is true when every stack is affected anyway (a backend, policy
 * or kit change, or no usable manifest at the ref).
 */
export function affectedLighthouse(after: FleetSpec, selection: LighthouseSelection, fleetWide = false): AffectedLighthouse | undefined {
  const lh = after.lighthouse;
  const before = selection.kind === "changed" ? selection.before.lighthouse : undefined;
  if (!lh && !before) return undefined;
  const names = (lh?.customers ?? []).map((c) => c.name);
  const removed = (before?.customers ?? []).map((c) => c.name).filter((n) => !names.includes(n));
  let managingTenant = false;
  let delegations: string[] = [];
  if (lh && selection.kind === "requested") {
    managingTenant = selection.names.includes(MANAGING_TENANT_NAME);
    delegations = names.filter((n) => selection.names.includes(n));
  } else if (lh && (selection.kind === "all" || fleetWide || !before || shared(before) !== shared(lh))) {
    managingTenant = true; // the managing tenant's settings (or everything) changed: the pair and every delegation
    delegations = names;
  } else if (lh && before) {
    const old = new Map(before.customers.map((c) => [c.name, JSON.stringify(c)]));
    delegations = lh.customers.filter((c) => old.get(c.name) !== JSON.stringify(c)).map((c) => c.name);
  }
  const stacks = [...(managingTenant ? [MANAGING_TENANT_STACKS.identity, MANAGING_TENANT_STACKS.link] : []), ...delegations.map(delegationStackName)];
  return { managingTenant, delegations, removed, stacks, synthCustomers: names.join(",") };
}

// ------------------------------------------------------------------------------------------------

function git(cwd: string, args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** The root of the git repository holding `file`; throws a usage error when there is none. */
function repositoryRoot(file: string): string {
  try {
    return git(path.dirname(file), ["rev-parse", "--show-toplevel"]).trim();
  } catch {
    throw new UsageError(`--changed-since needs a git repository, and ${file} is not in one`);
  }
}

/**
 * Checks that `ref` names a commit. An unknown ref must not read as "the manifest did not exist
 * there" (every customer affected): in a shallow CI checkout that would deploy the whole fleet.
 */
function verifyRef(root: string, ref: string): void {
  if (ref.startsWith("-")) throw new UsageError(`--changed-since "${ref}" is not a git ref`);
  try {
    git(root, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  } catch {
    throw new UsageError(
      `--changed-since ${ref}: no such commit in ${root}. In CI, fetch it first (actions/checkout with fetch-depth: 0, or git fetch origin <branch>)`,
    );
  }
}

/** The manifest as it was at `ref` (a verified commit), or undefined (with why) when it did not exist or was invalid there. */
function manifestAt(root: string, file: string, ref: string): { spec?: FleetSpec; note: string } {
  const relative = path.relative(root, file).split(path.sep).join("/");
  let text: string;
  try {
    text = git(root, ["show", `${ref}:${relative}`]); // the commit exists (verifyRef): a failure means the file did not
  } catch {
    return { note: `${relative} did not exist at ${ref}` };
  }
  try {
    return { spec: parseManifest(text, `${relative}@${ref}`, file.endsWith(".json") ? "json" : "yaml"), note: "" };
  } catch (err) {
    if (err instanceof ManifestError) return { note: `${relative} was not valid at ${ref}` };
    throw err;
  }
}

/** True when files of the kit itself changed since `ref` (paths the repository does not have match nothing). */
function kitChangedSince(root: string, ref: string): boolean {
  return git(root, ["diff", "--name-only", ref, "--", ...KIT_PATHS]).trim() !== "";
}

const USAGE = "usage: npm run --silent customers -- [--changed-since <git-ref>] [--customers <names>] [--format github|azure-devops] [--max-jobs <n>]";

/** GitHub Actions: "A matrix will generate a maximum of 256 jobs per workflow run" (GitHub Docs, "Running variations of jobs in a workflow"). */
export const DEFAULT_MAX_JOBS = 256;

/** One matrix entry: a batch of customers that one job deploys in sequence. */
export interface Shard {
  /** "<i>/<n>", 1-based. */
  readonly shard: string;
  /** The customers of this shard, in manifest order. */
  readonly customers: string[];
}

/**
 * Cuts `customers` into at most `maxJobs` shards of consecutive customers whose sizes differ by at
 * most one; each customer is in exactly one shard. Fewer customers than maxJobs: one per shard.
 */
export function shardCustomers(customers: readonly string[], maxJobs: number = DEFAULT_MAX_JOBS): Shard[] {
  if (!Number.isInteger(maxJobs) || maxJobs < 1) throw new UsageError(`--max-jobs must be a whole number of at least 1, not ${maxJobs}`);
  const count = Math.min(customers.length, maxJobs);
  const shards: Shard[] = [];
  let start = 0;
  for (let i = 0; i < count; i++) {
    const size = Math.floor(customers.length / count) + (i < customers.length % count ? 1 : 0);
    shards.push({ shard: `${i + 1}/${count}`, customers: customers.slice(start, start + size) });
    start += size;
  }
  return shards;
}

/** A mistake in how the command was called, or in the repository it runs in. */
export class UsageError extends Error {}

/** Parses argv and returns the output line. Exported for tests. */
export function run(argv: string[], cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): string {
  const option = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    if (i < 0) return undefined;
    const value = argv[i + 1];
    if (!value || value.startsWith("--")) throw new UsageError(`--${name} needs a value; ${USAGE}`);
    return value;
  };
  const OPTIONS = ["--changed-since", "--customers", "--format", "--max-jobs"];
  const isValue = (i: number) => i > 0 && OPTIONS.includes(argv[i - 1]);
  const unknown = argv.filter((a, i) => !isValue(i) && !OPTIONS.includes(a));
  if (unknown.length) {
    const what = unknown[0].startsWith("-") ? `unknown option ${unknown[0]}` : `unexpected argument "${unknown[0]}" (a git ref goes after --changed-since)`;
    throw new UsageError(`${what}; ${USAGE}`);
  }
  const format = option("format") ?? "github";
  if (format !== "github" && format !== "azure-devops") throw new UsageError(`--format must be github or azure-devops, not "${format}"`);
  const maxJobsText = option("max-jobs") ?? String(DEFAULT_MAX_JOBS);
  if (!/^[1-9][0-9]*$/.test(maxJobsText)) throw new UsageError(`--max-jobs must be a whole number of at least 1, not "${maxJobsText}"`);
  const maxJobs = Number(maxJobsText);

  const location = locateManifest(cwd, env);
  const spec = loadManifest(location.file, path.relative(cwd, location.file) || location.file);
  const since = option("changed-since");
  const requested = option("customers");
  if (since && requested) throw new UsageError(`give --changed-since or --customers, not both; ${USAGE}`);
  let result: AffectedCustomers;
  let lighthouse: AffectedLighthouse | undefined;
  if (requested) {
    const names = requested.split(/[\s,]+/).filter(Boolean);
    const known = spec.customers.map((c) => c.name);
    const unknownNames = names.filter((n) => !known.includes(n) && !lighthouseNames(spec).includes(n));
    if (unknownNames.length) {
      throw new UsageError(`--customers: not in ${path.relative(cwd, location.file) || location.file}: ${unknownNames.join(", ")}. Customers: ${[...known, ...lighthouseNames(spec)].join(", ")}`);
    }
    result = { customers: known.filter((n) => names.includes(n)), removed: [], all: false, reason: "requested by hand" };
    lighthouse = affectedLighthouse(spec, { kind: "requested", names });
  } else if (!since) {
    result = { customers: spec.customers.map((c) => c.name), removed: [], all: true, reason: "every customer (no --changed-since)" };
    lighthouse = affectedLighthouse(spec, { kind: "all" });
  } else {
    const root = repositoryRoot(location.file);
    verifyRef(root, since);
    const before = manifestAt(root, location.file, since);
    result = affectedCustomers(before.spec, spec, before.note);
    if (!result.all && kitChangedSince(root, since)) {
      result = { ...result, customers: spec.customers.map((c) => c.name), all: true, reason: `the kit itself changed since ${since}` };
    }
    const selection: LighthouseSelection = before.spec ? { kind: "changed", before: before.spec } : { kind: "all" };
    lighthouse = affectedLighthouse(spec, selection, result.all);
  }
  // The Lighthouse stacks are deployed by one job of their own: it counts against --max-jobs.
  const lighthouseJobs = lighthouse && lighthouse.stacks.length > 0 ? 1 : 0;
  // (--max-jobs 1 still gets one shard: a matrix needs an entry, and GitHub's limit is far above 2.)
  const shards = shardCustomers(result.customers, Math.max(1, maxJobs - lighthouseJobs));
  if (format === "azure-devops") {
    return JSON.stringify(Object.fromEntries(shards.map((s) => [`shard_${s.shard.replace("/", "_of_")}`, { shard: s.shard, PAL_CUSTOMERS: s.customers.join(",") }])));
  }
  return JSON.stringify({ ...result, matrix: { include: shards }, ...(lighthouse ? { lighthouse } : {}) });
}

if (require.main === module) {
  try {
    console.log(run(process.argv.slice(2)));
  } catch (err) {
    if (err instanceof ManifestError) console.error(err.format("no customers were listed"));
    else if (err instanceof UsageError) console.error(`customers: ${err.message}`);
    else console.error(`customers: ${err instanceof Error ? err.stack : String(err)}`);
    process.exit(1);
  }
}
