/**
 * Text output for validation runs: one line per invalid stack with Terraform's messages, and a
 * summary line `validated N stacks: X valid, Y invalid in Z s`.
 */
import type { StackValidation, TerraformDiagnostic, ValidationReport } from "./validate-stacks";

function oneLine(text: string | undefined): string {
  return (text ?? "").replace(/\s+/g, " ").trim();
}

/** `summary: detail [address] (file:line)` on one line. */
export function formatDiagnostic(d: TerraformDiagnostic): string {
  const detail = oneLine(d.detail);
  const where = d.range ? ` (${d.range.filename}:${d.range.start.line})` : "";
  const address = d.address ? ` [${d.address}]` : "";
  return `${oneLine(d.summary)}${detail ? `: ${detail}` : ""}${address}${where}`;
}

/** One line for an invalid stack (errors first, joined with " | "), or `undefined` for a valid one. */
export function formatStackLine(result: StackValidation): string | undefined {
  if (result.valid) return undefined;
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  const shown = (errors.length ? errors : result.diagnostics).map(formatDiagnostic);
  return `INVALID ${result.stack}: ${shown.join(" | ") || "terraform reported the stack invalid without diagnostics"}`;
}

/** `validated N stacks: X valid, Y invalid in Z s` */
export function formatSummaryLine(report: ValidationReport): string {
  const valid = report.results.filter((r) => r.valid).length;
  const seconds = (report.ms / 1000).toFixed(1);
  return `validated ${report.results.length} stacks: ${valid} valid, ${report.results.length - valid} invalid in ${seconds} s`;
}

/** Notes, then one line per invalid stack, then the summary line. */
export function formatValidationReport(report: ValidationReport): string {
  const lines = report.notes.map((n) => `note: ${n}`);
  for (const result of report.results) {
    const line = formatStackLine(result);
    if (line) lines.push(line);
  }
  lines.push(formatSummaryLine(report));
  return lines.join("\n");
}
