/**
 * A customer's recorded approval of the Partner Admin Link (`approval: { by, date, reference }`).
 *
 * Microsoft's PAL guidance asks partners to "clearly explain the purpose and benefits of PAL to
 * customers, and document their approval for compliance" (Microsoft Learn, "Link a partner ID to
 * your account that's used to manage customers"). The kit records who approved, when and where
 * the approval is kept; the customer transparency pack shows it and rule PAL017 warns when it is
 * missing (an error with `policy: { requireApproval: true }`).
 */
import { ApprovalSpec } from "../fleet-spec";
import { ManifestPath } from "./manifest-error";

/** The keys of an approval record. */
export const APPROVAL_KEYS = ["by", "date", "reference"] as const;

/** The longest `by` or `reference` the kit accepts (it is shown in the pack, not sent to Azure). */
export const APPROVAL_TEXT_MAX = 200;

/** Says why `value` is not a calendar date written YYYY-MM-DD, or `undefined` when it is. */
export function approvalDateProblem(value: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return `"${value.slice(0, 40)}" is not a date written YYYY-MM-DD, e.g. date: 2026-11-30`;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return `${value} is not a calendar date`;
  return undefined;
}

/** What the approval parser needs from the manifest validator. */
export interface ApprovalTools {
  report(path: ManifestPath, message: string, atKey?: boolean): void;
  mapping(value: unknown, path: ManifestPath, what: string): Record<string, unknown> | undefined;
  /** Reports unknown keys and wrong types; `false` when a known key has the wrong type. */
  unknownKeys(obj: Record<string, unknown>, allowed: readonly string[], path: ManifestPath, where: string): boolean | void;
}

/**
 * Validates `customers[i].approval`. Returns `null` when there is none, the record when it is
 * valid, `undefined` when a problem was reported.
 */
export function parseApproval(raw: unknown, path: ManifestPath, t: ApprovalTools): ApprovalSpec | null | undefined {
  if (raw === undefined || raw === null) return null;
  const at = [...path, "approval"];
  const obj = t.mapping(raw, at, "approval (by, date, reference)");
  if (!obj) return undefined;
  if (t.unknownKeys(obj, APPROVAL_KEYS, at, "approval") === false) return undefined;
  let ok = true;
  const text = (key: "by" | "reference", required: string | false): string | undefined => {
    const value = obj[key];
    if (value === undefined || value === null) {
      if (required) {
        t.report(at, `approval.${key} is missing: ${required}`);
        ok = false;
      }
      return undefined;
    }
    const s = String(value).trim();
    // Control characters and line breaks are reported for every string already (validate-manifest.ts, unprintableText).
    const problem = s === "" ? "is empty" : s.length > APPROVAL_TEXT_MAX ? `is ${s.length} characters; keep it to ${APPROVAL_TEXT_MAX} or fewer` : undefined;
    if (problem) {
      t.report([...at, key], `approval.${key} ${problem}`);
      ok = false;
      return undefined;
    }
    return s;
  };
  const by = text("by", "name who approved for the customer, e.g. by: Jane Doe (CIO, Contoso)");
  const reference = text("reference", false);
  let date: string | undefined;
  if (obj.date === undefined || obj.date === null) {
    t.report(at, "approval.date is missing: give the day the customer approved, e.g. date: 2026-11-30");
    ok = false;
  } else {
    date = String(obj.date).trim();
    const problem = approvalDateProblem(date);
    if (problem) {
      t.report([...at, "date"], `approval.date ${problem}`);
      ok = false;
    }
  }
  if (!ok || !by || !date) return undefined;
  return { by, date, ...(reference ? { reference } : {}) };
}
