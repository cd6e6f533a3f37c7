/**
 * The three outputs of `npm run status`: a table for the terminal, the JSON report (schema:
 * status/status-report.schema.json, `schemaVersion` 1) and a Markdown report for a GitHub job
 * summary or an Azure DevOps summary. Secrets never appear: only end dates and IDs.
 */
import { CustomerStatus, Verdict } from "./evaluate";

/** The JSON report's schema version; bump on any incompatible change. */
export const STATUS_SCHEMA_VERSION = 1;

export interface StatusReport {
  readonly schemaVersion: typeof STATUS_SCHEMA_VERSION;
  readonly generatedAt: string;
  readonly manifest: string;
  readonly summary: Readonly<Record<Verdict, number>> & { readonly customers: number };
  readonly customers: readonly CustomerStatus[];
}

export function buildReport(statuses: readonly CustomerStatus[], manifest: string, now: Date): StatusReport {
  const count = (v: Verdict) => statuses.filter((s) => s.verdict === v).length;
  return {
    schemaVersion: STATUS_SCHEMA_VERSION,
    generatedAt: now.toISOString(),
    manifest,
    summary: { customers: statuses.length, earning: count("earning"), "at-risk": count("at-risk"), "not-earning": count("not-earning") },
    customers: statuses,
  };
}

const linkCell = (s: CustomerStatus) =>
  !s.link.checked ? "not checked" : !s.link.linked ? "not linked" : `${s.link.linkedPartnerId}${s.link.linkedPartnerId === s.link.intendedPartnerId ? "" : ` (want ${s.link.intendedPartnerId})`}${s.link.state && s.link.state !== "Active" ? ` ${s.link.state}` : ""}`;
const principalCell = (s: CustomerStatus) => (!s.principal.exists ? "missing" : s.principal.enabled === false ? "disabled" : s.principal.type !== "Application" ? (s.principal.type ?? "?") : "ok");
const rolesCell = (s: CustomerStatus) => {
  const active = s.roles.filter((r) => r.assignment === "active").length;
  return `${active}/${s.roles.length} active`;
};

/** "principal + N staff" (N with an active PEC-eligible role), when the evidence was read. */
const staffCell = (s: CustomerStatus) => (s.staff ? `principal + ${s.staff.linked} staff${s.staff.linked ? ` (${s.staff.withActivePecRole} earning)` : ""}` : "-");
/** The staff column is shown only when `--evidence` was given (the table is unchanged otherwise). */
const withStaff = (report: StatusReport) => report.customers.some((s) => s.staff !== undefined);

/** Terminal table rows with every column but the last padded to its widest cell. */
export function padColumns(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join("  "));
}

/** The terminal table: one row per customer, then every finding with its fix. */
export function renderTable(report: StatusReport): string {
  const staff = withStaff(report);
  const rows = [["CUSTOMER", "VERDICT", "LINK", "PRINCIPAL", "ROLES", ...(staff ? ["STAFF"] : []), "FINDINGS"], ...report.customers.map((s) => [s.customer, s.verdict, linkCell(s), principalCell(s), rolesCell(s), ...(staff ? [staffCell(s)] : []), s.findings.map((f) => f.id).join(" ") || "-"])];
  const lines = padColumns(rows);
  const details = report.customers.flatMap((s) => s.findings.map((f) => `${s.customer} ${f.id} [${f.severity}] ${f.message}\n    fix: ${f.fix}`));
  const { earning, customers } = report.summary;
  return [...lines, "", `${earning} of ${customers} customers earning, ${report.summary["at-risk"]} at risk, ${report.summary["not-earning"]} not earning.`, ...(details.length ? ["", ...details] : []), ""].join("\n");
}

const md = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
const icon: Record<Verdict, string> = { earning: "✅ earning", "at-risk": "⚠️ at-risk", "not-earning": "❌ not-earning" };

/** The Markdown report (GitHub job summary / Azure DevOps `##vso[task.uploadsummary]`). */
export function renderMarkdown(report: StatusReport): string {
  const { summary } = report;
  const lines = [
    "## PAL Kit: is it working?",
    "",
    `${summary.earning} of ${summary.customers} customers earning, ${summary["at-risk"]} at risk, ${summary["not-earning"]} not earning (${report.generatedAt}).`,
    "",
    `| Customer | Verdict | Link | Principal | Roles |${withStaff(report) ? " Staff |" : ""} Findings |`,
    `|---|---|---|---|---|${withStaff(report) ? "---|" : ""}---|`,
    ...report.customers.map((s) => `| ${md(s.customer)} | ${icon[s.verdict]} | ${md(linkCell(s))} | ${md(principalCell(s))} | ${rolesCell(s)} |${withStaff(report) ? ` ${staffCell(s)} |` : ""} ${s.findings.map((f) => f.id).join(", ") || "-"} |`),
  ];
  const withFindings = report.customers.filter((s) => s.findings.length > 0);
  if (withFindings.length > 0) {
    lines.push("", "### Findings", "");
    for (const s of withFindings) {
      for (const f of s.findings) lines.push(`- **${md(s.customer)}** \`${f.id}\` (${f.severity}): ${md(f.message)}. Fix: ${md(f.fix)}`);
    }
  }
  return lines.join("\n") + "\n";
}

/** Which verdicts make the command exit 1. */
export type FailOn = "at-risk" | "not-earning" | "never";

export function exitCodeFor(report: StatusReport, failOn: FailOn): 0 | 1 {
  if (failOn === "never") return 0;
  const bad = failOn === "at-risk" ? report.summary["at-risk"] + report.summary["not-earning"] : report.summary["not-earning"];
  return bad > 0 ? 1 : 0;
}
