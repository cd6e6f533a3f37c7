/**
 * The stable IDs of PAL Kit's policy rules. An ID never changes meaning and is never reused;
 * acknowledgements and CI filters refer to them. Rationale and sources: constructs/checks/RULES.md.
 */
export const RULE_IDS = {
  /** A linked principal holds no PEC-eligible role. */
  noPecEligibleRole: "PAL001",
  /** A role far beyond what recognition needs (Owner, User Access Administrator, RBAC Administrator, Contributor at management-group scope). */
  excessivePrivilege: "PAL002",
  /** A role whose PEC eligibility is unknown. */
  unknownEligibility: "PAL003",
  /** A client secret that lives longer than the maximum, or never expires. */
  longLivedSecret: "PAL004",
  /** A client secret where a federated credential would do. */
  passwordCredential: "PAL005",
  /** A link provider that could sign in with Azure CLI or a managed identity. */
  signInFallback: "PAL006",
  /** A principal with roles but no link, or a link without roles. */
  unpairedPrincipal: "PAL007",
  /** A scope inside another scope of the same customer. */
  nestedScope: "PAL008",
  /** A management-group scope (covers every subscription below it). */
  managementGroupScope: "PAL009",
  /** A Partner Admin Link sent without reading it back (an azapi_resource_action outside ManagementPartnerLink). */
  linkWithoutReadBack: "PAL010",
  /** `relink: true`: the link stack may re-point a link from another partner ID. */
  relinkAllowed: "PAL011",
  /** A federated credential that trusts the Azure DevOps (vstoken) issuer, retired for single-tenant apps on 2027-07-01. */
  retiringDevOpsIssuer: "PAL012",
  /** Two customers name the same existing principal. */
  sharedExistingPrincipal: "PAL013",
  /** A scope's subscription ID equals the principal's tenant ID. */
  tenantIdIsSubscriptionId: "PAL014",
  /** A customer without a recorded approval of the link (`approval:`). */
  noApprovalRecord: "PAL017",
  /** A Lighthouse delegation without a permanent PEC-eligible authorization for a linked principal. */
  lighthouseNoPermanentPecRole: "PAL020",
  /** A role Lighthouse does not accept (Owner, roles with DataActions or Microsoft.Authorization write). */
  lighthouseUnsupportedRole: "PAL021",
  /** User Access Administrator without delegated roles, or delegating roles Lighthouse cannot assign. */
  lighthouseUserAccessAdministrator: "PAL022",
  /** An eligible authorization for a service principal, or of User Access Administrator. */
  lighthouseEligibleAuthorization: "PAL023",
  /** More than ten approvers, or a service principal as approver. */
  lighthouseApprovers: "PAL024",
  /** A maximum activation outside 30 minutes to 8 hours, or an unknown MFA provider. */
  lighthouseActivation: "PAL025",
  /** A management-group scope on a Lighthouse delegation (onboard per subscription). */
  lighthouseManagementGroupScope: "PAL026",
  /** The same customer reached through Lighthouse and through a customer-side principal. */
  lighthouseAndCustomerSide: "PAL027",
  /** A linked principal whose PEC-eligible role is only PIM-eligible, never active. */
  pimEligibleOnlyLinkedPrincipal: "PAL028",
  /** Staff whose PEC-eligible roles are all PIM-eligible. */
  pimEligibleOnlyStaff: "PAL029",
} as const;

/** Every rule ID. */
export const ALL_RULE_IDS: readonly string[] = Object.values(RULE_IDS);
