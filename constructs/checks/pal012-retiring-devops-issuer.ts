/**
 * PAL012 (warning): a federated credential trusts the legacy Azure DevOps issuer
 * `https://vstoken.dev.azure.com/<organization-id>`. Microsoft Learn, "Convert service connections to
 * use workload identity federation": "The Azure DevOps issuer for workload identity federation (WIF)
 * service connections will be retired on July 1, 2027", for service connections in Azure public
 * cloud that use single-tenant applications or managed identities. A PAL principal is a single-tenant
 * app in the customer tenant, so its link stage stops signing in then. New service connections use
 * the Microsoft Entra issuer (`FederatedCredential.azureDevOps`, manifest
 * `azureDevOps: { organizationId, serviceConnectionId }`).
 */
import { Token } from "cdktf";
import { AZURE_DEVOPS_ISSUER_PREFIX, FederatedCredential } from "../federated-credential";
import { PalRule } from "./rule";
import { RULE_IDS } from "./rule-ids";

export const retiringDevOpsIssuer: PalRule = {
  id: RULE_IDS.retiringDevOpsIssuer,
  severity: "warning",
  acknowledgeable: true,
  title: "A federated credential trusts the Azure DevOps (vstoken) issuer, retired for single-tenant apps on 2027-07-01",
  check(node) {
    if (!(node instanceof FederatedCredential)) return undefined;
    const issuer = node.resource.issuerInput; // the configured value (`issuer` is a reference token)
    if (issuer === undefined || Token.isUnresolved(issuer) || !issuer.startsWith(AZURE_DEVOPS_ISSUER_PREFIX)) return [];
    return [
      `${node.node.path} trusts the Azure DevOps issuer ${issuer}, which Microsoft retires for single-tenant apps on 2027-07-01 ` +
        `(Learn, "Convert service connections to use workload identity federation"). Convert the service connection to the Microsoft Entra issuer ` +
        `and use azureDevOps: { organizationId, serviceConnectionId } (FederatedCredential.azureDevOps) instead of organization/project/serviceConnection`,
    ];
  },
};
