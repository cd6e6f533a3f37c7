/**
 * A fleet that uses every Lighthouse and PIM option of the manifest (a password credential for the
 * managing tenant's principal, UAA with delegated roles, eligible authorizations with approvers,
 * resource-group scopes in several subscriptions, staff with every PIM field), for `npm run
 * validate` and the Terraform-core tests: Terraform validates what these options synthesise.
 */
const id = (n: number) => `0f0f0f0f-0000-4000-8000-${String(n).padStart(12, "0")}`;

/** The manifest, as parsed YAML would be. */
export function lighthouseCoverageManifest(): Record<string, unknown> {
  return {
    partnerId: "1234567",
    partnerName: "Contoso MSP",
    lighthouse: {
      managingTenantId: id(1),
      description: "Contoso MSP operates these subscriptions; see the contract for scope.",
      principal: { credential: { type: "password", lifetime: "24h" }, displayName: "PAL for Contoso MSP (Lighthouse)", owners: [id(2)] },
      palRoles: ["Support Request Contributor", "Monitoring Contributor"],
      deleteLinkOnDestroy: true,
      authorizations: [
        { principalId: id(11), displayName: "Tier 1", role: "Reader" },
        { principalId: id(13), principalType: "user", role: "Reader" },
        { principalId: id(12), displayName: "Policy remediation", principalType: "servicePrincipal", role: "User Access Administrator", delegatedRoles: ["Contributor", "Reader"] },
      ],
      eligibleAuthorizations: [
        { principalId: id(11), displayName: "Tier 1", principalType: "group", role: "Contributor", maximumActivationDuration: "PT30M", multiFactorAuth: "None" },
        { principalId: id(13), principalType: "user", role: "Virtual Machine Contributor", approvers: [{ principalId: id(21), displayName: "Duty managers" }, { principalId: id(22), principalType: "user" }] },
      ],
    },
    customers: [
      {
        name: "contoso",
        tenantId: id(100),
        scopes: [`/subscriptions/${id(101)}`],
        credential: { type: "federated", github: { repository: "contoso-msp/pal", environment: "pal-contoso" } },
        staff: [
          { principalId: id(102), displayName: "Ops", eligibleRoles: ["Contributor"], justification: "Break-glass", ticket: { system: "ServiceNow", number: "CHG1" }, schedule: { start: "2027-01-01T00:00:00Z", duration: "8760h" } },
          { principalId: id(103), principalType: "user", permanentRoles: ["Reader"], eligibleRoles: ["Support Request Contributor"], schedule: { end: "2027-12-31T00:00:00Z" } },
        ],
        acknowledge: { PAL029: "The on-call user is linked separately and activates rarely" },
      },
      { name: "litware", access: "lighthouse", tenantId: id(200), subscriptionId: id(201), scopes: [`/subscriptions/${id(201)}`, `/subscriptions/${id(202)}/resourceGroups/rg-a`, `/subscriptions/${id(202)}/resourceGroups/rg-b`] },
    ],
  };
}
