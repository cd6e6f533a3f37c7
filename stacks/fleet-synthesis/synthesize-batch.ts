/**
 * One batch of customers: built into its own App, checked by the PAL rules in one pass over the
 * tree, synthesised into the shared staging directory, then released (the App and the tokens it
 * registered), so memory depends on the batch size, not on the fleet size.
 */
import { App, TerraformStack } from "cdktf";
import { Finding, isBlocking } from "../../constructs/checks/finding";
import { PalChecks } from "../../constructs/checks/pal-checks";
import * as fs from "fs";
import * as path from "path";
import { buildFleet } from "../fleet";
import { CustomerSpec, FleetSpec } from "../fleet-spec";
import { buildForJsonSynthesis } from "../hcl/json-synthesis";
import { writeHclStacks } from "../hcl/write-hcl-stacks";
import { markTokenRegistry, releaseTokensSince } from "./token-registry";

/** What to synthesise in one batch. Plain data: it is sent to worker threads. */
export interface BatchRequest {
  /** The fleet's backend and policy (its customers are not read). */
  readonly fleet: Pick<FleetSpec, "source" | "backend" | "policy">;
  /** The customers of this batch, in manifest order. */
  readonly customers: readonly CustomerSpec[];
  /** The staging directory: the batch is synthesised into `<outdir>/.batch-<index>` and its stack folders moved to `<outdir>/stacks/`. */
  readonly outdir: string;
  /** The batch's position in the run (names its own synthesis folder, so that concurrent batches never share a manifest.json). */
  readonly index: number;
  /** Convert the stacks to HCL after the JSON synthesis. */
  readonly hcl: boolean;
  /** Write the stacks (false: only run the checks, because an earlier batch already found a blocking error). */
  readonly write: boolean;
}

/** What one batch produced. Plain data. */
export interface BatchResult {
  /** The stack names, in manifest order. */
  readonly stacks: readonly string[];
  /** Every finding of the PAL checks, in tree order. */
  readonly findings: readonly Finding[];
  /** The batch's manifest.json (`version` and `stacks` entries) when the stacks were written. */
  readonly manifest?: { readonly version: string; readonly stacks: Record<string, unknown> };
}

/** Builds, checks and (unless a finding blocks or `write` is false) synthesises one batch. */
export function synthesizeBatch(request: BatchRequest): BatchResult {
  const mark = markTokenRegistry();
  try {
    const own = path.join(request.outdir, `.batch-${request.index}`);
    const app = buildForJsonSynthesis(() => {
      // No stack traces in manifest.json: they hold absolute paths and would make output machine-specific.
      const created = new App({ outdir: own, hclOutput: false, stackTraces: false });
      buildFleet(created, { ...request.fleet, customers: request.customers });
      return created;
    });
    const stacks = app.node.children.filter(TerraformStack.isStack);

    // One pass of the checks over the whole tree, before synthesis: every finding of every customer
    // is reported, and findings become annotations that synthesis writes into manifest.json. (The
    // checks are not also added as an Aspect: that would run every rule on every construct again.)
    const checks = new PalChecks({ maxPasswordLifetimeHours: request.fleet.policy.maxPasswordLifetimeHours });
    for (const node of app.node.findAll()) checks.visit(node);
    const result = { stacks: stacks.map((s) => s.node.id), findings: checks.findings };
    if (!request.write || checks.findings.some(isBlocking)) return result;

    app.synth();
    if (request.hcl) writeHclStacks(own, stacks);
    const manifest = JSON.parse(fs.readFileSync(path.join(own, "manifest.json"), "utf8"));
    // The manifest's paths are relative to the output directory, so they stay right after the move.
    const shared = path.join(request.outdir, "stacks");
    fs.mkdirSync(shared, { recursive: true });
    for (const stack of stacks) fs.renameSync(path.join(own, "stacks", stack.node.id), path.join(shared, stack.node.id));
    fs.rmSync(own, { recursive: true, force: true });
    return { ...result, manifest: { version: manifest.version, stacks: manifest.stacks } };
  } finally {
    releaseTokensSince(mark);
  }
}
