/**
 * PAL Kit's CDKTF app: loads the customer manifest, builds two stacks per customer and
 * synthesises them. Run by `npx cdktf synth` (via cdktf.json) and by `npm run synth`.
 *
 *   PAL_CONFIG=<manifest>   which manifest (default ./pal.config.yaml, else the bundled example fleet)
 *   CDKTF_OUTDIR=<dir>      where to write (default cdktf.out)
 *   PAL_CUSTOMERS=<a>,<b>   synthesise only these customers' stacks (also `--customers a,b`); the
 *                           whole manifest is still validated
 *   PAL_SYNTH_WORKERS=<n>   worker threads (default: one per CPU from 200 customers, else 1)
 */
import * as path from "path";
import { parseArgs } from "util";
import { ManifestError } from "./stacks/manifest/manifest-error";
import { loadManifest, locateManifest } from "./stacks/manifest/load-manifest";
import { synthesizeFleet } from "./stacks/synthesize-fleet";
import { FINDINGS_FILE, formatFindingsTable } from "./stacks/findings-report";
import { isBlocking } from "./constructs/checks/finding";
import { CUSTOMERS_ENV, CustomerSelectionError, parseCustomerSelection } from "./stacks/fleet-synthesis/select-customers";
import { FleetSpec } from "./stacks/fleet-spec";
import { MANAGING_TENANT_NAME } from "./stacks/lighthouse-spec";

/** Runs the app in this process (cwd, env and argv as given to it); returns the exit code. */
export function main(): number {
  const started = process.hrtime.bigint();
  const cwd = process.cwd();
  const shown = (file: string) => path.relative(cwd, file) || file;
  try {
    const location = locateManifest(cwd);
    if (location.origin === "bundled example") {
      console.log(`No pal.config.yaml in ${cwd} and PAL_CONFIG is not set: using the bundled example fleet ${shown(location.file)}.`);
    }
    const spec = loadManifest(location.file, shown(location.file));
    const outdir = process.env.CDKTF_OUTDIR || "cdktf.out";
    const { values } = parseArgs({ options: { customers: { type: "string" } }, strict: true });
    const customers = parseCustomerSelection(values.customers ?? process.env[CUSTOMERS_ENV]);
    const result = synthesizeFleet(spec, { outdir, customers });
    console.log(formatFindingsTable(result.findings));
    if (!result.published) {
      const blocking = result.findings.filter(isBlocking).length;
      console.error(
        `PAL Kit: ${blocking} unacknowledged error finding${blocking === 1 ? "" : "s"}; nothing was synthesised ` +
          `(details in ${shown(path.resolve(outdir, FINDINGS_FILE))}). Fix them, or acknowledge them per customer with a reason.`,
      );
      return 1;
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(
      `PAL Kit: ${describeCustomers(spec, customers)}, ${result.stacks.length} stacks ` +
        `from ${shown(location.file)} synthesised into ${shown(path.resolve(outdir))} in ${seconds.toFixed(1)} s`,
    );
    return 0;
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      console.error(`PAL Kit: ${(err as Error).message}. Usage: node dist/main.js [--customers <name>[,<name>...]]`);
      return 1;
    }
    if (err instanceof ManifestError || err instanceof CustomerSelectionError) {
      console.error(err.message);
      return 1;
    }
    console.error(`PAL Kit: synthesis failed; nothing was written: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

if (require.main === module) process.exitCode = main();

/**
 * The summary's count: "4 customers and 1 Lighthouse customer" for the whole manifest; for a
 * selection, "1 of 5 customers" (Lighthouse customers counted), "and the managing tenant" when named.
 */
function describeCustomers(spec: FleetSpec, selection: readonly string[] | undefined): string {
  const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
  const lighthouse = spec.lighthouse?.customers.length ?? 0;
  if (!selection) return plural(spec.customers.length, "customer") + (lighthouse > 0 ? ` and ${plural(lighthouse, "Lighthouse customer")}` : "");
  const managingTenant = selection.includes(MANAGING_TENANT_NAME);
  const selected = selection.length - (managingTenant ? 1 : 0);
  return `${selected} of ${plural(spec.customers.length + lighthouse, "customer")}${managingTenant ? " and the managing tenant" : ""}`;
}
