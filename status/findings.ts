/**
 * The status findings catalogue: every way `npm run status` can say a customer is not (fully)
 * earning recognition, with a stable ID (PALS001–PALS099), the verdict it implies and a one-line fix.
 * Facts behind each (PAL-RULES.md): a link ties one principal in one tenant to one partner ID (§1);
 * only active PEC-eligible role assignments count, PIM-eligible ones only while active (§3);
 * deleting or disabling the principal stops attribution, managed identities are not supported (§3).
 */

/** What a finding does to the customer's verdict. */
export type Severity = "not-earning" | "at-risk" | "info";

/** One catalogue entry. */
export interface FindingRule {
  readonly id: string;
  /** Short title. */
  readonly title: string;
  readonly severity: Severity;
  /** The fix, one line; `{customer}` is replaced by the customer's name. */
  readonly fix: string;
}

/** Every finding status reports. IDs are stable: never reuse or renumber one. */
export const STATUS_FINDINGS = {
  PALS001: { id: "PALS001", title: "Not linked: the principal has no Partner Admin Link", severity: "not-earning", fix: "Deploy the link stage: npx cdktf deploy {customer}-link (or re-run the PAL deploy workflow for {customer})" },
  PALS002: { id: "PALS002", title: "Linked to another partner ID", severity: "not-earning", fix: "Re-point the link: deploy {customer}-link, which PATCHes the link to the manifest's partner ID" },
  PALS003: { id: "PALS003", title: "The link's state is not Active", severity: "not-earning", fix: "Re-create the link: deploy {customer}-link" },
  PALS004: { id: "PALS004", title: "The link belongs to another identity (objectId/tenantId differ from the principal)", severity: "not-earning", fix: "Sign the link stage in as the PAL principal (use_cli = false) and deploy {customer}-link again" },
  PALS005: { id: "PALS005", title: "Link not checked: no credential to sign in as the principal", severity: "at-risk", fix: "Run status in the customer's CI environment (OIDC token in PAL_OIDC_TOKEN_FILE) or set PAL_CLIENT_SECRET_<CUSTOMER>; only the principal can read its own link" },
  PALS006: { id: "PALS006", title: "Link not checked: signing in as the principal failed", severity: "at-risk", fix: "Check the principal's credential for {customer} (federated credential subject, secret) against the error shown" },
  PALS010: { id: "PALS010", title: "The principal does not exist", severity: "not-earning", fix: "Re-create it: deploy {customer}-identity, then {customer}-link" },
  PALS011: { id: "PALS011", title: "The principal is disabled", severity: "not-earning", fix: "Enable the service principal (Entra ID → Enterprise applications → Properties → Enabled for users to sign-in: Yes)" },
  PALS012: { id: "PALS012", title: "The principal is not an application (managed identities cannot be linked)", severity: "not-earning", fix: "Use an application's service principal for {customer} (credential type federated or password)" },
  PALS013: { id: "PALS013", title: "Every client secret has expired", severity: "at-risk", fix: "Rotate the secret: deploy {customer}-identity (the time provider renews it), then update PAL_CLIENT_SECRET_<CUSTOMER>" },
  PALS014: { id: "PALS014", title: "The client secret expires soon", severity: "at-risk", fix: "Deploy {customer}-identity before the secret expires to rotate it" },
  PALS015: { id: "PALS015", title: "No federated credential matches the manifest's issuer and subject", severity: "at-risk", fix: "Deploy {customer}-identity to restore the federated credential the link stage signs in with" },
  PALS016: { id: "PALS016", title: "Several service principals carry the kit's display name for this customer", severity: "at-risk", fix: "Delete the stray principal, or name the right one in pal.config.yaml (credential: { type: none, clientId, objectId }) for {customer}" },
  PALS020: { id: "PALS020", title: "A manifest role assignment is missing", severity: "at-risk", fix: "Deploy {customer}-identity to restore the role assignment" },
  PALS021: { id: "PALS021", title: "A PEC-eligible role is only PIM-eligible: it earns only while activated", severity: "at-risk", fix: "Make a PEC-eligible role a permanent (active) assignment, e.g. Support Request Contributor, by deploying {customer}-identity" },
  PALS022: { id: "PALS022", title: "A manifest scope has no active PEC-eligible role: nothing there is recognised", severity: "not-earning", fix: "Assign a PEC-eligible role (Support Request Contributor) at the scope: deploy {customer}-identity" },
  PALS023: { id: "PALS023", title: "An assignment the manifest does not know about (least privilege)", severity: "info", fix: "Remove the assignment, or add its scope and role to pal.config.yaml for {customer}" },
  PALS024: { id: "PALS024", title: "An assigned role is not in the kit's catalog: its PEC eligibility is unknown", severity: "info", fix: "Use a built-in role from constructs/data/pec-roles.json for recognition" },
  PALS030: { id: "PALS030", title: "Reading Azure for this customer failed", severity: "at-risk", fix: "Check the plan identity's access to {customer}'s tenant (Reader at the scopes, Graph Application.Read.All) and the error shown" },
} as const satisfies Record<string, FindingRule>;

export type FindingId = keyof typeof STATUS_FINDINGS;

/** A finding about one customer. */
export interface StatusFinding {
  readonly id: FindingId;
  readonly severity: Severity;
  /** What was found, one line, with the scope/role/value it is about. */
  readonly message: string;
  /** How to fix it, one line. */
  readonly fix: string;
  /** The scope it is about, when it is about one. */
  readonly scope?: string;
  /** The role it is about, when it is about one. */
  readonly role?: string;
}

/** A finding of this rule, with the customer's name in its fix. */
export function finding(id: FindingId, customer: string, message: string, about: { scope?: string; role?: string } = {}): StatusFinding {
  const rule: FindingRule = STATUS_FINDINGS[id];
  return { id, severity: rule.severity, message, fix: rule.fix.replace(/\{customer\}/g, customer), ...about };
}
