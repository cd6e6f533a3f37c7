/**
 * The staff-linking evidence file: JSON Lines, one record per person × tenant × run, appended by
 * `npm run link-staff` and read by `npm run status -- --evidence <file>` (README "Linking your
 * team" → "The evidence file"). Append-only, so the file is its own history: who linked what,
 * when, with which roles. Holds IDs and names only, never tokens.
 */
import * as fs from "fs";
import { LINKED_OUTCOMES, type StaffOutcome } from "./outcomes";

/** The record format's identifier; a new incompatible format gets a new number. */
export const STAFF_EVIDENCE_FORMAT = "pal-kit/staff-evidence@1";

/** One PEC-eligible role assignment the person holds. */
export interface EvidenceRole {
  readonly role: string;
  readonly roleId: string;
  readonly scope: string;
  /** `direct`, or the object ID of the group it is inherited through. */
  readonly via: string;
}

/** One line of the evidence file. */
export interface StaffEvidenceRecord {
  readonly format: typeof STAFF_EVIDENCE_FORMAT;
  /** When the run checked this tenant (ISO 8601). */
  readonly recordedAt: string;
  /** One ID per run: the lines of one run share it. */
  readonly runId: string;
  /** The person's sign-in name (e.g. alice@contoso-msp.com). */
  readonly person: string;
  readonly tenantId: string;
  /** The manifest customer of this tenant, `null` for a tenant found with --all only. */
  readonly customer: string | null;
  /** The account's object ID in this tenant (guests have one per tenant); `null` when sign-in failed. */
  readonly objectId: string | null;
  /** `member`, `guest`, `foreign`, `managed-identity`, `service-principal`, or `null` when unknown. */
  readonly accountType: string | null;
  /** The partner ID the run links to. */
  readonly partnerId: string;
  /** The link after the run (`null`: none, or not read). */
  readonly link: { readonly partnerId: string; readonly version: number | null; readonly updatedTime: string | null } | null;
  /** Active PEC-eligible role assignments (direct and through groups) at the customer's scopes; `null` when not checked. */
  readonly activePecRoles: readonly EvidenceRole[] | null;
  /** PEC-eligible roles held only as PIM-eligible (earn only while activated). */
  readonly eligibleOnlyPecRoles: readonly EvidenceRole[] | null;
  /** Outcome machine name and its ID (PALS100–PALS149). */
  readonly outcome: StaffOutcome;
  readonly outcomeId: string;
  /** Role warnings' IDs (PALS140–PALS143). */
  readonly warnings: readonly string[];
  readonly dryRun: boolean;
  /** The error or reason, one line, when there is one. */
  readonly detail?: string;
}

/** Appends records (one JSON object per line); creates the file if needed. */
export function appendEvidence(file: string, records: readonly StaffEvidenceRecord[]): void {
  if (records.length === 0) return;
  fs.appendFileSync(file, records.map((r) => JSON.stringify(r)).join("\n") + "\n");
}

/** Reads an evidence file; throws naming the file and line of a malformed record. */
export function readEvidence(file: string): StaffEvidenceRecord[] {
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const records: StaffEvidenceRecord[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    let record: StaffEvidenceRecord;
    try {
      record = JSON.parse(line) as StaffEvidenceRecord;
    } catch (err) {
      throw new Error(`${file}:${i + 1}: not JSON (${(err as Error).message})`, { cause: err });
    }
    if (record.format !== STAFF_EVIDENCE_FORMAT || typeof record.person !== "string" || typeof record.tenantId !== "string" || typeof record.outcome !== "string") {
      throw new Error(`${file}:${i + 1}: not a ${STAFF_EVIDENCE_FORMAT} record (needs format, person, tenantId, outcome)`);
    }
    records.push(record);
  });
  return records;
}

/** A person counted as linked in a tenant. */
export interface LinkedStaff {
  readonly person: string;
  readonly objectId: string;
  readonly linkedAt: string | null;
  readonly activePecRoles: number;
}

const LINKED = LINKED_OUTCOMES;

/**
 * Who is linked in a tenant to a partner ID, from each person's latest real (not dry-run) record
 * there: a person whose latest record is not a link to this partner ID does not count.
 */
export function linkedStaff(records: readonly StaffEvidenceRecord[], tenantId: string, partnerId: string): LinkedStaff[] {
  const latest = new Map<string, StaffEvidenceRecord>();
  for (const r of records) {
    if (r.dryRun || r.tenantId.toLowerCase() !== tenantId.toLowerCase()) continue;
    const key = r.person.toLowerCase();
    const seen = latest.get(key);
    if (!seen || seen.recordedAt <= r.recordedAt) latest.set(key, r);
  }
  return [...latest.values()]
    .filter((r) => LINKED.includes(r.outcome) && r.link?.partnerId === partnerId && r.objectId)
    .map((r) => ({ person: r.person, objectId: r.objectId!, linkedAt: r.link?.updatedTime ?? null, activePecRoles: r.activePecRoles?.length ?? 0 }))
    .sort((a, b) => a.person.localeCompare(b.person));
}

/** Staff coverage of a tenant for the status report (`npm run status -- --evidence <file>`). */
export function staffCoverage(records: readonly StaffEvidenceRecord[], tenantId: string, partnerId: string): { linked: number; withActivePecRole: number; people: LinkedStaff[] } {
  const people = linkedStaff(records, tenantId, partnerId);
  return { linked: people.length, withActivePecRole: people.filter((p) => p.activePecRoles > 0).length, people };
}
