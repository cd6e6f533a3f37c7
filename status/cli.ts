#!/usr/bin/env node
/**
 * `npm run status` (and the package's `pal-kit-status` bin): which customers are linked and
 * earning recognition right now. Read-only.
 *
 *   npm run --silent status                         # every customer: table on stdout
 *   npm run --silent status -- --json --out status.json --markdown summary.md
 *   npm run --silent status -- --customers contoso,fabrikam --fail-on not-earning
 *
 * Exit code: 0 every customer earning; 1 a customer at risk or not earning (see --fail-on);
 * 2 the command itself failed (bad arguments, manifest, every customer's reads failed).
 * Sign-in and endpoints: status/sign-in.ts and status/azure-clients.ts; README "Is it working?".
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { clientOptionsFromEnv } from "./azure-clients";
import { FailOn, buildReport, exitCodeFor, renderMarkdown, renderTable } from "./report";
import { runStatus } from "./run-status";
import { readEvidence, staffCoverage } from "../staff/evidence";
import { concurrencyOption, loadCommandManifest, namedCustomers } from "./cli-common";

export const STATUS_USAGE = `Usage: npm run --silent status -- [options]

Reads Azure (never writes) for every customer in the manifest and says, per customer, whether it
is earning recognition: link, principal, roles per scope, verdict and findings (PALS001-PALS099).

Options:
  --customers <a,b>    only these customers (names from the manifest)
  --json               print the JSON report (schema: status/status-report.schema.json) instead of the table
  --out <file>         also write the JSON report to this file
  --markdown <file>    also write the Markdown report (for $GITHUB_STEP_SUMMARY or an Azure DevOps summary)
  --fail-on <level>    exit 1 when a customer is at-risk (default), only when not-earning, or never
  --concurrency <n>    tenants read at once (default 8)
  --evidence <file>    also report staff coverage per customer (principal + N staff) from the
                       npm run link-staff evidence file (JSON Lines)
  -h, --help           show this help

Manifest: PAL_CONFIG, else ./pal.config.yaml, else the bundled example fleet.
Sign-in (README "Is it working?"): AZURE_CLIENT_ID with AZURE_FEDERATED_TOKEN_FILE or
AZURE_CLIENT_SECRET (the plan identity, in each customer tenant), else DefaultAzureCredential;
the link is read as each customer's principal: PAL_OIDC_TOKEN_FILE[_<CUSTOMER>] or
PAL_CLIENT_SECRET_<CUSTOMER>.
Endpoints: AZURE_AUTHORITY_HOST, PAL_ARM_ENDPOINT, PAL_GRAPH_ENDPOINT (npm run emulator prints them).
`;

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: {
        customers: { type: "string" },
        json: { type: "boolean", default: false },
        out: { type: "string" },
        markdown: { type: "string" },
        "fail-on": { type: "string", default: "at-risk" },
        concurrency: { type: "string", default: "8" },
        evidence: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
    }).values;
  } catch (err) {
    process.stderr.write(`status: ${(err as Error).message}\n\n${STATUS_USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(STATUS_USAGE);
    return 0;
  }
  const failOn = values["fail-on"] as FailOn;
  if (!["at-risk", "not-earning", "never"].includes(failOn)) {
    process.stderr.write(`status: --fail-on must be at-risk, not-earning or never, not "${failOn}"\n`);
    return 2;
  }
  const err = (text: string) => process.stderr.write(text);
  const concurrency = concurrencyOption("status", values.concurrency, err);
  if (concurrency === undefined) return 2;
  const manifest = loadCommandManifest("status", cwd, env, err);
  if (!manifest) return 2;
  const { fleet, location } = manifest;
  let customers = fleet.customers;
  const lighthouse = fleet.lighthouse?.customers ?? [];
  if (!values.customers && lighthouse.length > 0) {
    const names = lighthouse.map((c) => c.name);
    err(
      `status: not read: the Lighthouse managing tenant and ${names.length} Lighthouse customer${names.length === 1 ? "" : "s"} ` +
        `(${names.length > 5 ? `${names.slice(0, 5).join(", ")}, ...` : names.join(", ")}); npm run status reads the customer-side customers only\n`,
    );
  }
  if (values.customers) {
    const wanted = namedCustomers("status", fleet, values.customers, err);
    if (!wanted) return 2;
    customers = customers.filter((c) => wanted.includes(c.name));
  }
  let evidence;
  try {
    evidence = values.evidence ? readEvidence(path.resolve(cwd, values.evidence)) : undefined;
  } catch (err) {
    process.stderr.write(`status: --evidence: ${(err as Error).message}\n`);
    return 2;
  }
  const now = new Date();
  const read = await runStatus(customers, { clients: clientOptionsFromEnv(env), env, concurrency, now });
  const statuses = evidence ? read.map((s) => ({ ...s, staff: staffCoverage(evidence, s.tenantId, s.link.intendedPartnerId) })) : read;
  const report = buildReport(statuses, path.relative(cwd, location.file) || location.file, now);
  const json = JSON.stringify(report, null, 2) + "\n";
  if (values.out) fs.writeFileSync(values.out, json);
  if (values.markdown) fs.writeFileSync(values.markdown, renderMarkdown(report));
  process.stdout.write(values.json ? json : renderTable(report));
  if (statuses.length > 0 && statuses.every((s) => s.error !== undefined)) {
    process.stderr.write(`status: reading Azure failed for every customer (first: ${statuses[0].error})\n`);
    return 2;
  }
  return exitCodeFor(report, failOn);
}

/** Runs {@link main} on this process's arguments and sets its exit code (2 when the command itself failed). */
export function runCli(): void {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err: Error) => {
      process.stderr.write(`status: ${err.message}\n`);
      process.exitCode = 2;
    },
  );
}

if (require.main === module) runCli();
