/** Every PAL Kit rule, in ID order. Adding a rule: a file beside this one, a line here, a row in RULES.md. */
import { noPecEligibleRole } from "./pal001-no-pec-eligible-role";
import { excessivePrivilege } from "./pal002-excessive-privilege";
import { unknownEligibility } from "./pal003-unknown-eligibility";
import { longLivedSecret } from "./pal004-long-lived-secret";
import { passwordCredential } from "./pal005-password-credential";
import { signInFallback } from "./pal006-sign-in-fallback";
import { unpairedPrincipal } from "./pal007-unpaired-principal";
import { nestedScope } from "./pal008-nested-scope";
import { managementGroupScope } from "./pal009-management-group-scope";
import { linkWithoutReadBack } from "./pal010-link-without-read-back";
import { relinkAllowed } from "./pal011-relink";
import { retiringDevOpsIssuer } from "./pal012-retiring-devops-issuer";
import { sharedExistingPrincipal } from "./pal013-shared-existing-principal";
import { tenantIdIsSubscriptionId } from "./pal014-tenant-id-is-subscription-id";
import { noApprovalRecord } from "./pal017-no-approval-record";
import { lighthouseNoPermanentPecRole } from "./pal020-lighthouse-no-permanent-pec-role";
import { lighthouseUnsupportedRole } from "./pal021-lighthouse-unsupported-role";
import { lighthouseUserAccessAdministrator } from "./pal022-lighthouse-user-access-administrator";
import { lighthouseEligibleAuthorization } from "./pal023-lighthouse-eligible-authorization";
import { lighthouseApprovers } from "./pal024-lighthouse-approvers";
import { lighthouseActivation } from "./pal025-lighthouse-activation";
import { lighthouseManagementGroupScope } from "./pal026-lighthouse-management-group-scope";
import { lighthouseAndCustomerSide } from "./pal027-lighthouse-and-customer-side";
import { pimEligibleOnlyLinkedPrincipal } from "./pal028-pim-eligible-only-linked-principal";
import { pimEligibleOnlyStaff } from "./pal029-pim-eligible-only-staff";
import { PalRule } from "./rule";

export const ALL_RULES: readonly PalRule[] = [
  noPecEligibleRole,
  excessivePrivilege,
  unknownEligibility,
  longLivedSecret,
  passwordCredential,
  signInFallback,
  unpairedPrincipal,
  nestedScope,
  managementGroupScope,
  linkWithoutReadBack,
  relinkAllowed,
  retiringDevOpsIssuer,
  sharedExistingPrincipal,
  tenantIdIsSubscriptionId,
  noApprovalRecord,
  lighthouseNoPermanentPecRole,
  lighthouseUnsupportedRole,
  lighthouseUserAccessAdministrator,
  lighthouseEligibleAuthorization,
  lighthouseApprovers,
  lighthouseActivation,
  lighthouseManagementGroupScope,
  lighthouseAndCustomerSide,
  pimEligibleOnlyLinkedPrincipal,
  pimEligibleOnlyStaff,
];
