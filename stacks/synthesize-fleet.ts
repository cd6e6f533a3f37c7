/**
 * Synthesises a fleet into an output directory, all or nothing, with the PAL policy checks.
 */
import { App, TerraformStack } from "cdktf";
import * as fs from "fs";
import { Finding, isBlocking } from "../constructs/checks/finding";
import { PalChecks } from "../constructs/checks/pal-checks";
import { buildFleet } from "./fleet";
import { buildForJsonSynthesis, hclRequested } from "./hcl/json-synthesis";
import { writeHclStacks } from "./hcl/write-hcl-stacks";
import { FleetSpec } from "./fleet-spec";
import { writeFindingsFile } from "./findings-report";
import { createStagingDir, discardStagingDir, publishStagingDir } from "./publish-output";
import { addApprovalRecords, writeCustomerPacks } from "./transparency";

/** Options of {@link synthesizeFleet}. */
export interface SynthesizeFleetOptions {
  /** Where to write: `cdktf.out` by default, or `CDKTF_OUTDIR` when set (as CDKTF does). */
  readonly outdir: string;
  /**
   * Write HCL (`cdk.tf`) instead of JSON (`cdk.tf.json`), as `cdktf synth --hcl` does.
   * @default true when SYNTH_HCL_OUTPUT=true (set by `cdktf synth --hcl`), else false
   */
  readonly hcl?: boolean;
}

/** What a synthesis produced. */
export interface SynthesizeFleetResult {
  /** Names of the stacks, in manifest order. */
  readonly stacks: readonly string[];
  /** The output directory. */
  readonly outdir: string;
  /** Every finding of the PAL checks. */
  readonly findings: readonly Finding[];
  /** False when an unacknowledged error finding stopped synthesis: then only pal-findings.json was written. */
  readonly published: boolean;
}

/**
 * Builds every customer's stacks, runs the PAL checks and writes the stacks to `options.outdir`.
 * Everything is synthesised into a staging directory first and published only when synthesis
 * succeeds and no unacknowledged error was found, so a failure leaves a previous output directory
 * as it was (except `pal-findings.json`, which always reports the latest checks).
 */
export function synthesizeFleet(spec: FleetSpec, options: SynthesizeFleetOptions): SynthesizeFleetResult {
  const hcl = options.hcl ?? hclRequested();
  const staging = createStagingDir(options.outdir);
  try {
    // Always JSON, converted afterwards when HCL is asked for (see stacks/hcl/json-synthesis.ts).
    const { app } = buildForJsonSynthesis(() => {
      // No stack traces in manifest.json: they hold absolute paths and would make output machine-specific.
      const created = new App({ outdir: staging, hclOutput: false, stackTraces: false });
      return { app: created, customers: buildFleet(created, spec) };
    });
    // Every stack of the app: the customers' in manifest order, then those of other access models (Lighthouse).
    const allStacks = app.node.findAll().filter(TerraformStack.isStack);
    const stacks = allStacks.map((s) => s.node.id);

    // The checks are an Aspect, and also run over the whole app up front: CDKTF applies aspects
    // stack by stack during synthesis and stops at the first stack with an error, and a run must
    // report every finding of every customer.
    addApprovalRecords(app, spec); // PAL017's records (stacks/transparency)
    const checks = PalChecks.addTo(app, { maxPasswordLifetimeHours: spec.policy.maxPasswordLifetimeHours });
    for (const node of app.node.findAll()) checks.visit(node);
    if (checks.findings.some(isBlocking)) {
      discardStagingDir(staging);
      writeFindingsFile(options.outdir, checks.findings);
      return { stacks, outdir: options.outdir, findings: checks.findings, published: false };
    }

    app.synth();
    if (hcl) writeHclStacks(staging, allStacks);
    writeFindingsFile(staging, checks.findings);
    writeCustomerPacks(staging, spec); // cdktf.out/customers/<customer>.md and .html (stacks/transparency)
    publishStagingDir(staging, options.outdir);
    return { stacks, outdir: options.outdir, findings: checks.findings, published: true };
  } catch (err) {
    if (fs.existsSync(staging)) discardStagingDir(staging);
    throw err;
  }
}
