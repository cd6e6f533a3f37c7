/**
 * Synthesises a fleet into an output directory, all or nothing.
 */
import { App } from "cdktf";
import * as fs from "fs";
import { buildFleet } from "./fleet";
import { FleetSpec } from "./fleet-spec";
import { createStagingDir, discardStagingDir, publishStagingDir } from "./publish-output";

/** Options of {@link synthesizeFleet}. */
export interface SynthesizeFleetOptions {
  /** Where to write: `cdktf.out` by default, or `CDKTF_OUTDIR` when set (as CDKTF does). */
  readonly outdir: string;
  /**
   * Write HCL (`cdk.tf`) instead of JSON (`cdk.tf.json`), as `cdktf synth --hcl` does.
   * @default false, or true when SYNTH_HCL_OUTPUT=true (set by `cdktf synth --hcl`)
   */
  readonly hcl?: boolean;
}

/** What a synthesis produced. */
export interface SynthesizeFleetResult {
  /** Names of the stacks written, in manifest order. */
  readonly stacks: readonly string[];
  /** The output directory. */
  readonly outdir: string;
}

/**
 * Builds every customer's stacks and writes them to `options.outdir`. Everything is synthesised
 * into a staging directory first and published only when synthesis succeeds, so an error leaves
 * a previous output directory untouched.
 */
export function synthesizeFleet(spec: FleetSpec, options: SynthesizeFleetOptions): SynthesizeFleetResult {
  const staging = createStagingDir(options.outdir);
  try {
    const app = new App({
      outdir: staging,
      hclOutput: options.hcl ?? process.env.SYNTH_HCL_OUTPUT === "true",
      // No stack traces in manifest.json: they hold absolute paths and would make output machine-specific.
      stackTraces: false,
    });
    const customers = buildFleet(app, spec);
    app.synth();
    publishStagingDir(staging, options.outdir);
    return { stacks: customers.flatMap((c) => [c.identity.node.id, c.link.node.id]), outdir: options.outdir };
  } catch (err) {
    if (fs.existsSync(staging)) discardStagingDir(staging);
    throw err;
  }
}
