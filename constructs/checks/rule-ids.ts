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
  /** Two customers name the same existing principal. */
  sharedExistingPrincipal: "PAL013",
  /** A scope's subscription ID equals the principal's tenant ID. */
  tenantIdIsSubscriptionId: "PAL014",
} as const;

/** Every rule ID. */
export const ALL_RULE_IDS: readonly string[] = Object.values(RULE_IDS);
