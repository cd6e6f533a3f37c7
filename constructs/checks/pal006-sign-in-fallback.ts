/**
 * PAL006 (error): the provider that makes a link could sign in as someone other than the
 * principal. azapi defaults `use_cli` to true and falls back to the operator's Azure CLI login
 * (or a managed identity) when the principal's credentials are unknown or empty, and the link API
 * links whoever calls it (PAL-RULES.md §1-§2).
 */
import { Token } from "cdktf";
import { AzapiProvider } from "../azapi/provider";
import { ManagementPartnerLink } from "../management-partner-link";
import { PalRule } from "./rule";
import { RULE_IDS } from "./rule-ids";

export const signInFallback: PalRule = {
  id: RULE_IDS.signInFallback,
  severity: "error",
  acknowledgeable: false,
  fixInstead: "sign the link's provider in only as the principal (use_cli, use_msi and use_aks_workload_identity false): otherwise the link can be made for the wrong identity",
  title: "The link provider must not fall back to CLI, managed identity or AKS sign-in",
  check(node) {
    if (!(node instanceof ManagementPartnerLink)) return undefined;
    return fallbackProblems(node.provider);
  },
};

/** The sign-in settings of `provider` that are not explicitly false. */
export function fallbackProblems(provider: AzapiProvider): string[] {
  const settings: Array<[string, boolean | unknown]> = [
    ["use_cli", provider.useCli],
    ["use_msi", provider.useMsi],
    ["use_aks_workload_identity", provider.useAksWorkloadIdentity],
  ];
  return settings
    .filter(([, value]) => value !== false || Token.isUnresolved(value))
    .map(
      ([name, value]) =>
        `the link's azapi provider ${provider.node.path} has ${name} = ${value === undefined ? "unset (azapi defaults it on)" : String(value)}: ` +
        `it could sign in as the operator or a managed identity and link the wrong identity. Set ${name} = false (PrincipalAzapiProvider does)`,
    );
}
