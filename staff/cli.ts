#!/usr/bin/env node
/**
 * `npm run link-staff` (and the package's `pal-kit-link-staff` bin): links the signed-in person's
 * own user or guest account to the partner ID in every customer tenant of the manifest, checks
 * that they hold an active PEC-eligible role there, and appends the evidence (JSON Lines).
 *
 *   npm run --silent link-staff                       # every manifest customer, device-code sign-in
 *   npm run --silent link-staff -- --dry-run --all    # also every tenant the account can see
 *   npm run --silent link-staff -- --tenants <id> --sign-in-tenant <id>   # a tenant that wants its own MFA
 *
 * Exit code: 0 every tenant linked (or would be, with --dry-run); 1 a tenant needs action, cannot
 * be linked or failed; 2 the command itself failed (arguments, manifest, sign-in).
 * README "Linking your team".
 */
import * as path from "path";
import { parseArgs } from "util";
import type { FleetSpec } from "../stacks/fleet-spec";
import { ClientOptions, clientOptionsFromEnv, subscriptionClient } from "../status/azure-clients";
import { concurrencyOption, loadCommandManifest, namedCustomers } from "../status/cli-common";
import { errorReason } from "../status/read-customer";
import { padColumns } from "../status/report";
import { appendEvidence, StaffEvidenceRecord } from "./evidence";
import { linkStaff, StaffTarget } from "./link-staff";
import { STAFF_OUTCOMES, STAFF_ROLE_WARNINGS, SUCCESSFUL_OUTCOMES, nextStep } from "./outcomes";
import { PersonSignInOptions, SignedInPerson, signInPerson } from "./sign-in";

export const LINK_STAFF_USAGE = `Usage: npm run --silent link-staff -- [options]

Signs you in once and links YOUR user or guest account to the partner ID in every customer tenant
of the manifest (PUT when absent), checks you hold an active PEC-eligible role there, and appends
what it found to the evidence file (JSON Lines). It never touches anyone else's account: the link
API only ever links the caller.

Options:
  --customers <a,b>        only these manifest customers
  --tenants <id,id>        only these tenants (manifest customers or, with --partner-id, any)
  --all                    also every tenant your account can see (GET /tenants)
  --partner-id <id>        the partner ID (default: the manifest's, when it uses one)
  --relink                 re-point a link to another partner ID (PATCH); without it, only reported
  --dry-run                show what would happen; write nothing to Azure (evidence still written)
  --evidence <file>        the evidence file to append to (default: pal-staff-evidence.jsonl)
  --no-evidence            do not write evidence
  --browser                sign in with a browser window instead of a device code
  --sign-in-tenant <id>    sign in to this tenant itself (meets a tenant's own MFA demand)
  --client-id <id>         the public client app to sign in with (default: Azure CLI's)
  --concurrency <n>        tenants handled at once (default 8)
  --json                   print the records as JSON instead of the table
  -h, --help               show this help

Outcomes PALS100-PALS123 and role warnings PALS140-PALS143: README "Linking your team".
Manifest: PAL_CONFIG, else ./pal.config.yaml, else the bundled example fleet.
Endpoints: AZURE_AUTHORITY_HOST, PAL_ARM_ENDPOINT, PAL_GRAPH_ENDPOINT (npm run emulator prints them).
`;

/** The tenants to link in, from the manifest: one per tenant (a link is per principal per tenant). */
export function manifestTargets(fleet: FleetSpec, partnerId?: string): { targets: StaffTarget[]; notes: string[] } {
  const byTenant = new Map<string, StaffTarget>();
  const notes: string[] = [];
  for (const c of fleet.customers) {
    const tenantId = c.tenantId.toLowerCase();
    const seen = byTenant.get(tenantId);
    const wanted = partnerId ?? c.partnerId;
    if (seen) {
      if (seen.partnerId !== wanted) notes.push(`${c.name} shares tenant ${tenantId} with ${seen.customer} but names partner ID ${wanted}, not ${seen.partnerId}: one account links to one partner ID; using ${seen.partnerId}`);
      byTenant.set(tenantId, { ...seen, scopes: [...(seen.scopes ?? []), ...c.scopes] });
      continue;
    }
    byTenant.set(tenantId, { tenantId, customer: c.name, partnerId: wanted, scopes: c.scopes, subscriptionId: c.subscriptionId });
  }
  if (fleet.lighthouse && !byTenant.has(fleet.lighthouse.managingTenantId)) {
    // With Azure Lighthouse, people are linked once in the managing tenant (PAL-RULES.md §5).
    byTenant.set(fleet.lighthouse.managingTenantId, { tenantId: fleet.lighthouse.managingTenantId, customer: "lighthouse-managing-tenant", partnerId: partnerId ?? fleet.lighthouse.partnerId });
  }
  return { targets: [...byTenant.values()], notes };
}

/** Tenants the account can see (Tenants_List), with the ARM client of @azure/arm-resources-subscriptions. */
async function visibleTenants(person: SignedInPerson, clients: ClientOptions): Promise<string[]> {
  const credential = person.credentialFor(person.homeTenantId ?? "organizations");
  const client = subscriptionClient(credential, clients);
  const ids: string[] = [];
  for await (const t of client.tenants.list()) if (t.tenantId) ids.push(t.tenantId.toLowerCase());
  return ids;
}


/** The terminal table and, per tenant that needs it, the next step. */
export function renderStaffTable(records: readonly StaffEvidenceRecord[]): string {
  const rows = [["TENANT", "CUSTOMER", "ACCOUNT", "OUTCOME", "LINK", "ACTIVE PEC ROLES", "NOTES"]];
  for (const r of records) {
    const roles = r.activePecRoles === null ? "-" : r.activePecRoles.length === 0 ? "none" : [...new Set(r.activePecRoles.map((a) => `${a.role}${a.via === "direct" ? "" : " (group)"}`))].join(", ");
    rows.push([r.tenantId, r.customer ?? "(--all)", r.accountType ?? "?", `${r.outcomeId} ${r.outcome}`, r.link ? `${r.link.partnerId} v${r.link.version ?? "?"}` : "-", roles, r.warnings.join(" ") || "-"]);
  }
  const details: string[] = [];
  for (const r of records) {
    const rule = STAFF_OUTCOMES[r.outcome];
    if (rule.kind !== "done") details.push(`${r.tenantId} ${rule.id} ${rule.title}${r.detail ? `: ${r.detail}` : ""}\n    next: ${nextStep(r.outcome, r.tenantId, r.partnerId)}`);
    for (const w of r.warnings) {
      const warning = Object.values(STAFF_ROLE_WARNINGS).find((x) => x.id === w)!;
      details.push(`${r.tenantId} ${w} ${warning.title}${w === "PALS143" && r.detail ? `: ${r.detail}` : ""}\n    next: ${warning.next}`);
    }
  }
  const done = records.filter((r) => STAFF_OUTCOMES[r.outcome].kind === "done").length;
  const earning = records.filter((r) => STAFF_OUTCOMES[r.outcome].kind === "done" && (r.activePecRoles?.length ?? 0) > 0).length;
  const person = records[0]?.person ?? "you";
  return [...padColumns(rows), "", `${person}: linked in ${done} of ${records.length} tenants, with an active PEC-eligible role in ${earning}.`, ...(details.length ? ["", ...details] : []), ""].join("\n");
}

/** Everything `main` needs from outside; tests replace the sign-in. */
export interface LinkStaffIo {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly stdout?: (text: string) => void;
  readonly stderr?: (text: string) => void;
  /** Overrides of the sign-in (tests: the emulator's TLS settings, a credential). */
  readonly signIn?: Partial<PersonSignInOptions>;
  readonly clients?: ClientOptions;
}

export async function main(argv: string[], io: LinkStaffIo = {}): Promise<number> {
  const env = io.env ?? process.env;
  const cwd = io.cwd ?? process.cwd();
  const out = io.stdout ?? ((t: string) => process.stdout.write(t));
  const err = io.stderr ?? ((t: string) => process.stderr.write(t));
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: {
        customers: { type: "string" },
        tenants: { type: "string" },
        all: { type: "boolean", default: false },
        "partner-id": { type: "string" },
        relink: { type: "boolean", default: false },
        "dry-run": { type: "boolean", default: false },
        evidence: { type: "string", default: "pal-staff-evidence.jsonl" },
        "no-evidence": { type: "boolean", default: false },
        browser: { type: "boolean", default: false },
        "sign-in-tenant": { type: "string" },
        "client-id": { type: "string" },
        concurrency: { type: "string", default: "8" },
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
    }).values;
  } catch (e) {
    err(`link-staff: ${(e as Error).message}\n\n${LINK_STAFF_USAGE}`);
    return 2;
  }
  if (values.help) {
    out(LINK_STAFF_USAGE);
    return 0;
  }
  const concurrency = concurrencyOption("link-staff", values.concurrency, err);
  if (concurrency === undefined) return 2;
  const partnerIdArg = values["partner-id"];
  if (partnerIdArg !== undefined && !/^\d{1,10}$/.test(partnerIdArg)) {
    err(`link-staff: --partner-id must be the Associated Partner ID (PLA ID, digits), not "${partnerIdArg}"\n`);
    return 2;
  }
  const manifest = loadCommandManifest("link-staff", cwd, env, err);
  if (!manifest) return 2;
  const { fleet } = manifest;
  const fromManifest = manifestTargets(fleet, partnerIdArg);
  let targets = fromManifest.targets;
  const notes = fromManifest.notes;
  notes.forEach((n) => err(`link-staff: ${n}\n`));
  if (values.customers) {
    const wanted = namedCustomers("link-staff", fleet, values.customers, err);
    if (!wanted) return 2;
    const tenants = new Set(fleet.customers.filter((c) => wanted.includes(c.name)).map((c) => c.tenantId.toLowerCase()));
    targets = targets.filter((t) => tenants.has(t.tenantId));
  }
  const partnerIds = [...new Set(targets.map((t) => t.partnerId))];
  const defaultPartnerId = partnerIdArg ?? (new Set(fleet.customers.map((c) => c.partnerId)).size === 1 ? fleet.customers[0]?.partnerId : undefined);
  if (values.tenants) {
    const wanted = values.tenants.split(/[,\s]+/).filter(Boolean).map((t) => t.toLowerCase());
    const extra = wanted.filter((t) => !targets.some((x) => x.tenantId === t));
    if (extra.length > 0 && !defaultPartnerId) {
      err(`link-staff: ${extra.join(", ")} not in the manifest: pass --partner-id to link there\n`);
      return 2;
    }
    targets = [...targets.filter((t) => wanted.includes(t.tenantId)), ...extra.map((tenantId) => ({ tenantId, customer: null, partnerId: defaultPartnerId! }))];
  }
  const clients = io.clients ?? clientOptionsFromEnv(env);
  let person: SignedInPerson;
  try {
    person = await signInPerson({ clients, method: values.browser ? "browser" : "device-code", ...(values["sign-in-tenant"] ? { signInTenant: values["sign-in-tenant"] } : {}), ...(values["client-id"] ? { clientId: values["client-id"] } : {}), ...io.signIn });
  } catch (e) {
    err(`link-staff: signing in failed: ${errorReason(e)}\n`);
    return 2;
  }
  try {
    if (values.all) {
      if (!defaultPartnerId) {
        err(`link-staff: --all links tenants outside the manifest: pass --partner-id (the manifest names ${partnerIds.join(", ")})\n`);
        return 2;
      }
      try {
        for (const tenantId of await visibleTenants(person, clients)) {
          if (!targets.some((t) => t.tenantId === tenantId)) targets.push({ tenantId, customer: null, partnerId: defaultPartnerId });
        }
      } catch (e) {
        err(`link-staff: listing your tenants (GET /tenants) failed: ${errorReason(e)}\n`);
        return 2;
      }
    }
    if (targets.length === 0) {
      err("link-staff: no tenants to link in\n");
      return 2;
    }
    const records = await linkStaff(targets, { clients, person, dryRun: values["dry-run"], relink: values.relink, concurrency });
    if (!values["no-evidence"]) {
      const file = path.resolve(cwd, values.evidence);
      appendEvidence(file, records);
      err(`link-staff: evidence appended to ${path.relative(cwd, file) || file} (${records.length} record${records.length === 1 ? "" : "s"})\n`);
    }
    out(values.json ? JSON.stringify(records, null, 2) + "\n" : renderStaffTable(records));
    return records.every((r) => SUCCESSFUL_OUTCOMES.has(r.outcome)) ? 0 : 1;
  } finally {
    person.close();
  }
}

/** Runs {@link main} on this process's arguments and sets its exit code (2 when the command itself failed). */
export function runCli(): void {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: Error) => {
      process.stderr.write(`link-staff: ${e.message}\n`);
      process.exitCode = 2;
    },
  );
}

if (require.main === module) runCli();
