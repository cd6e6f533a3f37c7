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
import { CDKTF_MANIFEST_FILE, CDKTF_STACKS_FOLDER } from "../output-directory";
import { CustomerSpec, FleetSpec } from "../fleet-spec";
import { buildForJsonSynthesis } from "../hcl/json-synthesis";
import { escapeTerraformLiterals } from "../hcl/literal-escaping";
import { addApprovalRecords, writeCustomerPacks } from "../transparency";
import { writeHclStacks } from "../hcl/write-hcl-stacks";
import { markTokenRegistry, releaseTokensSince } from "./token-registry";
import { lightenPreparingResolve } from "./preparing-resolve";
import { IdentityStack } from "../identity-stack";
import { LinkStack } from "../link-stack";

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
  /**
   * The customers whose stacks are written and whose findings are reported; the others are only
   * built so that checks about a shared principal see both sides (see shared-principals.ts).
   * @default every customer of the batch
   */
  readonly keep?: readonly string[];
  /**
   * The fleet-level stacks to build after the batch's customers (`pal-bootstrap` from `partner:`,
   * the Lighthouse managing tenant and delegations from `lighthouse:`): one unit, because the
   * delegations reference the managing tenant's identity stack. Reported as {@link FLEET_UNIT}.
   * @default none
   */
  readonly fleetLevel?: Pick<FleetSpec, "partner" | "lighthouse">;
}

/** The name under which a batch reports the fleet-level stacks (not a valid customer name, so it never clashes). */
export const FLEET_UNIT = "(fleet)";

/** What one batch produced for one customer. */
export interface CustomerResult {
  /** The customer's name. */
  readonly customer: string;
  /** Its stack names, in tree order. */
  readonly stacks: readonly string[];
  /** Findings of the PAL checks on its stacks, in tree order. */
  readonly findings: readonly Finding[];
}

/** What one batch produced. Plain data. */
export interface BatchResult {
  /** The kept customers, in batch order. */
  readonly customers: readonly CustomerResult[];
  /** The batch's manifest.json (`version` and `stacks` entries) when the stacks were written. */
  readonly manifest?: { readonly version: string; readonly stacks: Record<string, unknown> };
}

/** Whether a batch found an unacknowledged error (then nothing of the run is published). */
export function batchBlocks(result: BatchResult): boolean {
  return result.customers.some((c) => c.findings.some(isBlocking));
}

/** Builds, checks and (unless a finding blocks or `write` is false) synthesises one batch. */
export function synthesizeBatch(request: BatchRequest): BatchResult {
  const mark = markTokenRegistry();
  try {
    const own = path.join(request.outdir, `.batch-${request.index}`);
    // Unit by unit (each customer, then the fleet-level stacks), to know which stacks are whose:
    // buildFleet builds each customer from its own spec only.
    const stacksOf = new Map<string, string[]>();
    const app = buildForJsonSynthesis(() => {
      // No stack traces in manifest.json: they hold absolute paths and would make output machine-specific.
      const created = new App({ outdir: own, hclOutput: false, stackTraces: false });
      const add = (unit: string, spec: FleetSpec) => {
        const before = created.node.children.length;
        buildFleet(created, spec);
        stacksOf.set(unit, created.node.children.slice(before).filter(TerraformStack.isStack).map((s) => s.node.id));
      };
      for (const customer of request.customers) add(customer.name, { ...request.fleet, customers: [customer] });
      if (request.fleetLevel) add(FLEET_UNIT, { ...request.fleet, customers: [], ...request.fleetLevel });
      return created;
    });
    // No manifest string becomes Terraform code (stacks/hcl/literal-escaping.ts).
    escapeTerraformLiterals(app);
    // PAL017's approval records, on the link (or delegation) stacks of this batch (stacks/transparency).
    addApprovalRecords(app, { ...request.fleet, customers: request.customers, ...(request.fleetLevel ?? {}) });

    // One pass of the checks over the whole tree, before synthesis: every finding of every customer
    // is reported, and findings become annotations that synthesis writes into manifest.json. (The
    // checks are not also added as an Aspect: that would run every rule on every construct again.)
    const checks = new PalChecks({ maxPasswordLifetimeHours: request.fleet.policy.maxPasswordLifetimeHours });
    for (const node of app.node.findAll()) checks.visit(node);
    // A finding's construct path starts with its stack's name.
    const findingsOf = new Map<string, Finding[]>();
    for (const f of checks.findings) {
      const stack = f.path.split("/")[0];
      findingsOf.set(stack, [...(findingsOf.get(stack) ?? []), f]);
    }
    const kept = request.keep ? new Set(request.keep) : undefined;
    const units = [...request.customers.map((c) => c.name).filter((n) => !kept || kept.has(n)), ...(request.fleetLevel ? [FLEET_UNIT] : [])];
    const customers = units.map((unit): CustomerResult => {
      const stacks = stacksOf.get(unit)!;
      return { customer: unit, stacks, findings: stacks.flatMap((s) => findingsOf.get(s) ?? []) };
    });
    const result = { customers };
    if (!request.write || batchBlocks(result)) return result;

    // CDKTF's first resolution pass only finds cross-stack references: a customer's identity stack
    // has none, its link stack's are found from its tokens alone (preparing-resolve.ts).
    lightenPreparingResolve(app, (stack) => (stack instanceof IdentityStack ? "none" : stack instanceof LinkStack ? "light" : "full"));
    app.synth();
    const written = new Set(customers.flatMap((c) => c.stacks));
    // Only the stacks this batch writes (not those built only for the checks).
    if (request.hcl) writeHclStacks(own, app.node.children.filter((c): c is TerraformStack => TerraformStack.isStack(c) && written.has(c.node.id)));
    const manifest = JSON.parse(fs.readFileSync(path.join(own, CDKTF_MANIFEST_FILE), "utf8"));
    // The manifest's paths are relative to the output directory, so they stay right after the move.
    const shared = path.join(request.outdir, CDKTF_STACKS_FOLDER);
    fs.mkdirSync(shared, { recursive: true });
    const entries: Record<string, unknown> = {};
    for (const name of written) {
      fs.renameSync(path.join(own, CDKTF_STACKS_FOLDER, name), path.join(shared, name));
      entries[name] = manifest.stacks[name];
    }
    // Files the stacks write beside themselves (the Lighthouse onboarding templates in lighthouse/).
    for (const entry of fs.readdirSync(own)) {
      if (entry !== CDKTF_STACKS_FOLDER && entry !== CDKTF_MANIFEST_FILE) fs.renameSync(path.join(own, entry), path.join(request.outdir, entry));
    }
    fs.rmSync(own, { recursive: true, force: true });
    // cdktf.out/customers/<customer>.md and .html for the units written (stacks/transparency): each
    // pack depends on its own customer only, so batches write them in parallel, one file per customer.
    const packed = new Set(units);
    writeCustomerPacks(request.outdir, { ...request.fleet, customers: request.customers.filter((c) => packed.has(c.name)), ...(request.fleetLevel?.lighthouse ? { lighthouse: request.fleetLevel.lighthouse } : {}) });
    return { ...result, manifest: { version: manifest.version, stacks: entries } };
  } finally {
    releaseTokensSince(mark);
  }
}
