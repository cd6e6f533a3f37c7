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
import { sharedExistingPrincipal } from "./pal013-shared-existing-principal";
import { tenantIdIsSubscriptionId } from "./pal014-tenant-id-is-subscription-id";
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
  sharedExistingPrincipal,
  tenantIdIsSubscriptionId,
];
