/**
 * PAL005 (warning): a client secret where a federated credential (workload identity federation)
 * would do: a secret can leak from state, logs or a laptop; an OIDC token cannot be reused.
 */
import { ApplicationPasswordA } from "@cdktf/provider-azuread/lib/application-password";
import { PalRule } from "./rule";
import { RULE_IDS } from "./rule-ids";

export const passwordCredential: PalRule = {
  id: RULE_IDS.passwordCredential,
  severity: "warning",
  acknowledgeable: true,
  title: "Prefer federated credentials to client secrets",
  check(node) {
    if (!(node instanceof ApplicationPasswordA)) return undefined;
    return [
      "the principal signs in with a client secret, which lives in Terraform state. " +
        "Prefer a federated credential (credential: { github: ... } or { azureDevOps: ... }) so that no secret exists",
    ];
  },
};
