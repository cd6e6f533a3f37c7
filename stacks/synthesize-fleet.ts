/**
 * Synthesises a fleet into an output directory, all or nothing, with the PAL policy checks.
 */
import * as fs from "fs";
import { Finding, isBlocking } from "../constructs/checks/finding";
import { skipTokenStackTraces } from "../constructs/internal/token-stack-traces";
import { hclRequested } from "./hcl/json-synthesis";
import { FleetSpec } from "./fleet-spec";
import { writeFindingsFile } from "./findings-report";
import { writeMergedManifest } from "./fleet-synthesis/merged-manifest";
import { resolveBatchSize, resolveWorkers, runBatches } from "./fleet-synthesis/run-batches";
import { selectCustomers, selectsFleetLevel } from "./fleet-synthesis/select-customers";
import { BatchRequest, FLEET_UNIT } from "./fleet-synthesis/synthesize-batch";
import { checkingUnits, packUnits, withSharedPrincipals } from "./fleet-synthesis/shared-principals";
import { createStagingDir, discardStagingDir, publishStagingDir } from "./publish-output";

/** Options of {@link synthesizeFleet}. */
export interface SynthesizeFleetOptions {
  /** Where to write: `cdktf.out` by default, or `CDKTF_OUTDIR` when set (as CDKTF does). */
  readonly outdir: string;
  /**
   * Write HCL (`cdk.tf`) instead of JSON (`cdk.tf.json`), as `cdktf synth --hcl` does.
   * @default true when SYNTH_HCL_OUTPUT=true (set by `cdktf synth --hcl`), else false
   */
  readonly hcl?: boolean;
  /**
   * Synthesise only these customers' stacks (by manifest `name`); the whole manifest was still
   * validated. Their files are byte-identical to a full synthesis. An unknown name throws.
   * @default every customer
   */
  readonly customers?: readonly string[];
  /**
   * Threads to shard the customers over: this one and `workers - 1` worker threads (1: this
   * thread only). The output is byte-identical whatever the number.
   * @default PAL_SYNTH_WORKERS, else one per CPU for 200 customers or more, else 1
   */
  readonly workers?: number;
  /**
   * Customers built and synthesised together; memory grows with this, not with the fleet.
   * @default PAL_SYNTH_BATCH_SIZE, else 100
   */
  readonly batchSize?: number;
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
 *
 * Customers are built in batches (each batch's construct tree is released once written), in this
 * thread or sharded over worker threads; the output is the same bytes either way.
 */
export function synthesizeFleet(spec: FleetSpec, options: SynthesizeFleetOptions): SynthesizeFleetResult {
  const hcl = options.hcl ?? hclRequested();
  const customers = selectCustomers(spec, options.customers);
  // Customers that share an existing principal are checked together, also when only one is selected.
  const built = options.customers ? withSharedPrincipals(spec.customers, customers) : customers;
  const batches = packUnits(checkingUnits(built), resolveBatchSize(options.batchSize));
  const workers = resolveWorkers(options.workers, built.length, batches.length);
  skipTokenStackTraces();
  const staging = createStagingDir(options.outdir);
  try {
    const fleet = { source: spec.source, backend: spec.backend, policy: spec.policy };
    const keep = built === customers ? undefined : customers.map((c) => c.name);
    const requests: Omit<BatchRequest, "write">[] = batches.map((batch, index) => ({ fleet, customers: batch, outdir: staging, hcl, index, keep }));
    const fleetLevel = fleetLevelStacks(spec, options.customers);
    if (fleetLevel) {
      // Built with the customer-side customers that share a tenant or subscription with a
      // Lighthouse customer (not written again), so PAL027 sees both routes.
      requests.push({ fleet, customers: overlappingCustomers(spec), outdir: staging, hcl, index: requests.length, keep: [], fleetLevel });
    }
    const results = runBatches(requests, workers);
    // In manifest order, as one App would have visited and listed them; the fleet-level stacks last.
    const byCustomer = new Map(results.flatMap((r) => r.customers).map((c) => [c.customer, c]));
    const ordered = [...customers.map((c) => byCustomer.get(c.name)!), ...(fleetLevel ? [byCustomer.get(FLEET_UNIT)!] : [])];
    const stacks = ordered.flatMap((c) => c.stacks);
    const findings = ordered.flatMap((c) => c.findings);
    if (findings.some(isBlocking)) {
      discardStagingDir(staging);
      writeFindingsFile(options.outdir, findings);
      return { stacks, outdir: options.outdir, findings, published: false };
    }
    writeMergedManifest(staging, results.map((r) => r.manifest!), hcl);
    writeFindingsFile(staging, findings);
    publishStagingDir(staging, options.outdir);
    return { stacks, outdir: options.outdir, findings, published: true };
  } catch (err) {
    if (fs.existsSync(staging)) discardStagingDir(staging);
    throw err;
  }
}

/** The fleet-level part of `spec` to synthesise: in a full synthesis, or when the selection names a Lighthouse customer. */
function fleetLevelStacks(spec: FleetSpec, selection: readonly string[] | undefined): Pick<FleetSpec, "partner" | "lighthouse"> | undefined {
  if (!spec.partner && !spec.lighthouse) return undefined;
  if (!selectsFleetLevel(spec, selection)) return undefined;
  return { ...(spec.partner ? { partner: spec.partner } : {}), ...(spec.lighthouse ? { lighthouse: spec.lighthouse } : {}) };
}

/** Customer-side customers in a tenant or subscription that a Lighthouse customer also has. */
function overlappingCustomers(spec: FleetSpec): FleetSpec["customers"] {
  const lighthouse = spec.lighthouse?.customers ?? [];
  const tenants = new Set(lighthouse.map((c) => c.tenantId));
  const subscriptions = new Set(lighthouse.flatMap((c) => c.scopes.map((s) => s.split("/")[2]?.toLowerCase())));
  return spec.customers.filter((c) => tenants.has(c.tenantId) || c.scopes.some((s) => s.startsWith("/subscriptions/") && subscriptions.has(s.split("/")[2].toLowerCase())));
}
