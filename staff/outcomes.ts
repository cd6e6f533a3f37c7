/**
 * What `npm run link-staff` can say about one person in one tenant, with stable IDs
 * (PALS100–PALS149; status's own findings are PALS001–PALS099), the kind of result and the next
 * step. Facts behind them (PAL-RULES.md): the link API links whoever calls it, one principal in
 * one tenant (§1); only active PEC-eligible role assignments earn recognition, PIM-eligible ones
 * only while active, Reader is not eligible (§3); managed identities are not supported and a
 * foreign principal (CSP admin-on-behalf-of / GDAP) has no object in the customer tenant and
 * cannot be linked (§3; Partner-Center-PowerShell #277); MFA is not shared across tenants, so a
 * guest tenant can demand a sign-in of its own (AADSTS50076; azure-cli #31742, #31009).
 */

/** `done`: the account is (or would be) linked to the partner ID; `action`: the person must act; `cannot`: this account can never be linked here; `failed`: an error. */
export type OutcomeKind = "done" | "action" | "cannot" | "failed";

export interface StaffOutcomeRule {
  readonly id: string;
  readonly outcome: string;
  readonly kind: OutcomeKind;
  readonly title: string;
  /** The next step; `{tenant}` and `{partnerId}` are filled in. */
  readonly next: string;
}

/** Every outcome, by its machine name. IDs are stable: never reuse or renumber one. */
export const STAFF_OUTCOMES = {
  linked: { id: "PALS100", outcome: "linked", kind: "done", title: "Linked your account to the partner ID", next: "" },
  "already-linked": { id: "PALS101", outcome: "already-linked", kind: "done", title: "Already linked to the partner ID", next: "" },
  "linked-elsewhere": { id: "PALS102", outcome: "linked-elsewhere", kind: "action", title: "Linked to another partner ID: left as it is", next: "If that link is a mistake, re-point it: npm run link-staff -- --tenants {tenant} --relink" },
  relinked: { id: "PALS103", outcome: "relinked", kind: "done", title: "Re-pointed your link to the partner ID (PATCH)", next: "" },
  "would-link": { id: "PALS104", outcome: "would-link", kind: "action", title: "Not linked: would link (dry run)", next: "Run again without --dry-run to link" },
  "would-relink": { id: "PALS105", outcome: "would-relink", kind: "action", title: "Linked to another partner ID: would re-point it (dry run with --relink)", next: "Run again without --dry-run to re-point the link" },
  "mfa-required": { id: "PALS110", outcome: "mfa-required", kind: "action", title: "This tenant demands multi-factor authentication done in it (AADSTS50076)", next: "Sign in to this tenant itself (MFA is not shared across tenants): npm run link-staff -- --tenants {tenant} --sign-in-tenant {tenant}" },
  "consent-required": { id: "PALS111", outcome: "consent-required", kind: "action", title: "The tenant has not consented to the sign-in app (AADSTS65001) or blocks it", next: "Ask the tenant's admin to allow the app (or pass --client-id of an app the tenant allows), then run again for {tenant}" },
  "not-in-tenant": { id: "PALS112", outcome: "not-in-tenant", kind: "cannot", title: "Your account has no user or guest account in this tenant (AADSTS50020)", next: "Ask the customer to invite you as a guest (or use your account there), then run again" },
  "sign-in-failed": { id: "PALS113", outcome: "sign-in-failed", kind: "failed", title: "Signing in to this tenant failed", next: "Check the error shown; run again for {tenant} with --sign-in-tenant {tenant} to sign in there directly" },
  "foreign-principal": { id: "PALS120", outcome: "foreign-principal", kind: "cannot", title: "You reach this tenant as a foreign principal (CSP admin-on-behalf-of / GDAP): it has no object of yours, so nothing can be linked", next: "Get a guest account in {tenant} (with an active PEC-eligible role) and link that; the tenant's PAL principal keeps recognition meanwhile" },
  "managed-identity": { id: "PALS121", outcome: "managed-identity", kind: "cannot", title: "The caller is a managed identity: Partner Admin Link does not support managed identities", next: "Link a user, guest or an application's service principal instead (the kit's link stage links the customer's PAL principal)" },
  "service-principal": { id: "PALS122", outcome: "service-principal", kind: "cannot", title: "The caller is an application, not a person: link-staff links people", next: "Service principals are linked by the kit's link stage: npx cdktf deploy <customer>-link" },
  "wrong-tenant-token": { id: "PALS123", outcome: "wrong-tenant-token", kind: "failed", title: "The token received is for another tenant: nothing was written", next: "Run again with --sign-in-tenant {tenant}" },
  error: { id: "PALS130", outcome: "error", kind: "failed", title: "Reading or writing the link failed", next: "Check the error shown and run again for {tenant}" },
} as const satisfies Record<string, StaffOutcomeRule>;

export type StaffOutcome = keyof typeof STAFF_OUTCOMES;

/** The outcomes that leave the account linked to the partner ID (kind `done`). */
export const LINKED_OUTCOMES: readonly StaffOutcome[] = (Object.keys(STAFF_OUTCOMES) as StaffOutcome[]).filter((o) => STAFF_OUTCOMES[o].kind === "done");

/** The outcomes of a successful run: linked, or (with `--dry-run`) would be. */
export const SUCCESSFUL_OUTCOMES: ReadonlySet<StaffOutcome> = new Set<StaffOutcome>([...LINKED_OUTCOMES, "would-link", "would-relink"]);

/** Warnings about the person's roles in a tenant (recognition needs an active PEC-eligible role). */
export const STAFF_ROLE_WARNINGS = {
  "no-pec-role": { id: "PALS140", title: "No active PEC-eligible role: your link earns nothing here", next: "Ask for a permanent PEC-eligible role at the customer's scopes (Support Request Contributor is the least privileged); Reader alone earns nothing" },
  "only-pim-eligible": { id: "PALS141", title: "Your PEC-eligible roles are only PIM-eligible: they earn only while activated", next: "Ask for a permanent (active) PEC-eligible assignment, e.g. Support Request Contributor" },
  "roles-not-checked": { id: "PALS142", title: "Roles not checked: the tenant is not in the manifest, so its scopes are unknown", next: "Add the customer to pal.config.yaml to have its scopes checked" },
  "roles-unreadable": { id: "PALS143", title: "Roles could not be read", next: "Check that you can read role assignments at the customer's scopes (Reader)" },
} as const;

export type StaffRoleWarning = keyof typeof STAFF_ROLE_WARNINGS;

/** The next step of an outcome for a tenant. */
export function nextStep(outcome: StaffOutcome, tenantId: string, partnerId: string): string {
  return STAFF_OUTCOMES[outcome].next.replace(/\{tenant\}/g, tenantId).replace(/\{partnerId\}/g, partnerId);
}
