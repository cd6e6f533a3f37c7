/** Compliant and non-compliant cases of PAL010, PAL011 and PAL002's admin-equivalent roles. */
import { App, TerraformStack } from "cdktf";
import { ResourceAction } from "../constructs/azapi/resource-action";
import { ADMIN_EQUIVALENT_ROLES } from "../constructs/checks/pal002-excessive-privilege";
import { CustomerPrincipal } from "../constructs/customer-principal";
import { ManagementPartnerLink, ManagementPartnerLinkProps, MANAGEMENT_PARTNER_TYPE } from "../constructs/management-partner-link";
import { RoleCatalog } from "../constructs/role-catalog";
import { addCustomerStacks } from "../stacks/customer-stacks";
import { CustomerSpec } from "../stacks/fleet-spec";
import { findingsOfRule } from "./support/checks";
import { IDS, SCOPES, customerSpec } from "./support/synth";

function customer(overrides: Partial<CustomerSpec> = {}) {
  return (app: App) => addCustomerStacks(app, customerSpec(overrides), { type: "local" });
}

function library(build: (stack: TerraformStack, principal: ReturnType<typeof CustomerPrincipal.fromExisting>) => void) {
  return (app: App) => {
    const stack = new TerraformStack(app, "stack");
    build(stack, CustomerPrincipal.fromExisting(stack, "principal", { clientId: IDS.clientId, objectId: IDS.objectId, tenantId: IDS.tenant }));
  };
}

const link = (props: Partial<ManagementPartnerLinkProps> = {}) => library((stack, principal) => new ManagementPartnerLink(stack, "link", { principal, partnerId: "1234567", ...props }));

describe("PAL010 link without read-back", () => {
  test("compliant: ManagementPartnerLink, with or without deleteOnDestroy, and the manifest's link stacks", () => {
    expect(findingsOfRule("PAL010", link())).toEqual([]);
    expect(findingsOfRule("PAL010", link({ deleteOnDestroy: true }))).toEqual([]);
    expect(findingsOfRule("PAL010", customer())).toEqual([]);
  });

  test("non-compliant: a link action composed by hand", () => {
    const findings = findingsOfRule(
      "PAL010",
      library((stack) => new ResourceAction(stack, "my-link", { type: MANAGEMENT_PARTNER_TYPE, resourceId: "/providers/Microsoft.ManagementPartner/partners/1234567", method: "PUT" })),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: "PAL010", severity: "error", path: "stack/my-link" });
    expect(findings[0].message).toMatch(/sends a Partner Admin Link \(PUT \/providers\/Microsoft\.ManagementPartner\/partners\/1234567\) without reading it back.*Use ManagementPartnerLink/);
  });

  test("non-compliant: a ManagementPartnerLink whose read-back was removed from the tree", () => {
    const findings = findingsOfRule(
      "PAL010",
      library((stack, principal) => {
        const l = new ManagementPartnerLink(stack, "link", { principal, partnerId: "1234567" });
        l.node.tryRemoveChild(l.callerLink.node.id);
      }),
    );
    expect(findings.map((f) => f.path)).toEqual(["stack/link/link"]);
  });
});

describe("PAL011 relink", () => {
  test("compliant: relink off (the default)", () => {
    expect(findingsOfRule("PAL011", link())).toEqual([]);
    expect(findingsOfRule("PAL011", customer())).toEqual([]);
  });

  test("non-compliant: relink: true is a warning naming the partner ID it re-points to", () => {
    const [finding] = findingsOfRule("PAL011", customer({ relink: true }));
    expect(finding).toMatchObject({ rule: "PAL011", severity: "warning", path: "contoso-link/partner-link" });
    expect(finding.message).toMatch(/re-points it to 1234567 \(PATCH\)/);
    expect(findingsOfRule("PAL011", link({ relink: true }))).toHaveLength(1);
  });
});

describe("PAL002 admin-equivalent PEC-eligible roles", () => {
  const names = Object.values(ADMIN_EQUIVALENT_ROLES).map((r) => r.name);

  test("the list is the roles the audit named, each PEC-eligible in the catalogue under the same GUID, each with a reason", () => {
    expect(names.sort()).toEqual(
      [
        "Azure Kubernetes Service Cluster Admin Role",
        "Key Vault Contributor",
        "Log Analytics Contributor",
        "Managed Identity Contributor",
        "Reader and Data Access",
        "Storage Blob Data Owner",
        "Virtual Machine Administrator Login",
      ].sort(),
    );
    for (const [id, { name, reason }] of Object.entries(ADMIN_EQUIVALENT_ROLES)) {
      const role = RoleCatalog.default.get(name);
      expect([name, role.id, role.pecEligible]).toEqual([name, id, true]);
      expect(reason).toMatch(/Microsoft\.[A-Za-z]+\//); // names the action that makes it admin-equivalent
    }
  });

  test("compliant: Support Request Contributor with Reader", () => {
    expect(findingsOfRule("PAL002", customer({ roles: ["Reader", "Support Request Contributor"] }))).toEqual([]);
  });

  test.each(Object.values(ADMIN_EQUIVALENT_ROLES).map((r) => r.name))("non-compliant: %s, with why it is admin-equivalent", (name) => {
    const [finding] = findingsOfRule("PAL002", customer({ roles: ["Support Request Contributor", name] }));
    expect(finding).toMatchObject({ severity: "error", path: "contoso-identity/roles" });
    expect(finding.message).toContain(`${name} on ${SCOPES.subscription} is admin-equivalent: `);
  });
});
