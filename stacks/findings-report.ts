/**
 * How the findings of the PAL checks are shown: once per synthesis as a compact table, and as
 * `pal-findings.json` in the output directory for pipelines.
 */
import * as fs from "fs";
import * as path from "path";
import { Finding, isBlocking } from "../constructs/checks/finding";

/** The findings file written into the output directory. */
export const FINDINGS_FILE = "pal-findings.json";

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Findings in a stable order: customer, severity, rule, construct path, message. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      (a.customer ?? "").localeCompare(b.customer ?? "") ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.rule.localeCompare(b.rule) ||
      a.path.localeCompare(b.path) ||
      a.message.localeCompare(b.message),
  );
}

/** One line of counts, e.g. "PAL checks: 1 error, 2 warnings, 1 info (1 acknowledged)". */
export function summarizeFindings(findings: readonly Finding[]): string {
  const count = (s: Finding["severity"]) => findings.filter((f) => f.severity === s).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 || word === "info" ? "" : "s"}`;
  const acknowledged = findings.filter((f) => f.acknowledged !== undefined).length;
  return `PAL checks: ${plural(count("error"), "error")}, ${plural(count("warning"), "warning")}, ${plural(count("info"), "info")}${
    acknowledged ? ` (${acknowledged} acknowledged)` : ""
  }`;
}

/** The summary line and, when there are findings, a table: rule, severity, customer, construct path, message. */
export function formatFindingsTable(findings: readonly Finding[]): string {
  const sorted = sortFindings(findings);
  const lines = [summarizeFindings(sorted)];
  if (sorted.length === 0) return lines[0];
  const rows = sorted.map((f) => [
    f.rule,
    f.acknowledged !== undefined ? `${f.severity} (ack)` : f.severity,
    f.customer ?? "-",
    f.path,
    f.acknowledged !== undefined ? `${f.message} [acknowledged: ${f.acknowledged}]` : f.message,
  ]);
  const header = ["rule", "severity", "customer", "construct", "message"];
  const widths = header.slice(0, 4).map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const render = (cells: string[]) => cells.map((c, i) => (i < 4 ? c.padEnd(widths[i]) : c)).join("  ");
  lines.push(render(header), ...rows.map(render));
  return lines.join("\n");
}

/** Writes `pal-findings.json` into `dir`. */
export function writeFindingsFile(dir: string, findings: readonly Finding[]): string {
  const sorted = sortFindings(findings);
  const file = path.join(dir, FINDINGS_FILE);
  fs.mkdirSync(dir, { recursive: true });
  const body = {
    summary: {
      errors: sorted.filter((f) => f.severity === "error").length,
      warnings: sorted.filter((f) => f.severity === "warning").length,
      infos: sorted.filter((f) => f.severity === "info").length,
      acknowledged: sorted.filter((f) => f.acknowledged !== undefined).length,
      blocking: sorted.filter(isBlocking).length,
    },
    findings: sorted,
  };
  fs.writeFileSync(file, JSON.stringify(body, null, 2) + "\n");
  return file;
}
