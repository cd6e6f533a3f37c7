/** What a policy rule reports. */

/** How serious a finding is. An unacknowledged `error` stops synthesis; `warning` and `info` do not. */
export type Severity = "error" | "warning" | "info";

/** One finding of one rule on one construct. */
export interface Finding {
  /** The rule ID, e.g. "PAL001". */
  readonly rule: string;
  /** The rule's severity. */
  readonly severity: Severity;
  /** The customer the construct belongs to, when known. */
  readonly customer?: string;
  /** The construct path, e.g. "contoso-identity/roles". */
  readonly path: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
  /** The reason given when the finding was acknowledged; acknowledged findings never stop synthesis. */
  readonly acknowledged?: string;
}

/** True when the finding should stop synthesis. */
export function isBlocking(finding: Finding): boolean {
  return finding.severity === "error" && finding.acknowledged === undefined;
}
