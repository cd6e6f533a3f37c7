/**
 * Rules PAL020-PAL029 (Azure Lighthouse and PIM): one compliant and one non-compliant case each,
 * on constructs as a library user builds them.
 */
import { App, TerraformStack } from "cdktf";
import { UNACKNOWLEDGEABLE_RULE_IDS } from "../constructs/checks/acknowledgements";
import { ALL_RULES } from "../constructs/checks/rules";
import { CustomerPrincipal } from "../constructs/customer-principal";
import { LighthouseDelegation, LighthouseDelegationProps } from "../constructs/lighthouse-delegation";
import { ManagementPartnerLink } from "../constructs/management-partner-link";
import { ManagingTenantLink } from "../constructs/managing-tenant-link";
import { PecRoleAssignments } from "../constructs/pec-role-assignments";
import { PimEligibleRoleAssignments } from "../constructs/pim-eligible-role-assignments";
import { StaffAccess } from "../constructs/staff-access";
import { findingsOf, findingsOfRule } from "./support/checks";

const MANAGING = "0f0f0f0f-0000-4000-8000-000000000001";
const CUSTOMER_TENANT = "44444444-4444-4444-4444-444444444444";
const PAL_OBJECT = "0f0f0f0f-0000-4000-8000-0000000000aa";
const STAFF = "0f0f0f0f-0000-4000-8000-000000000011";
const SP = "0f0f0f0f-0000-4000-8000-000000000099";
const SUB = "55555555-5555-5555-5555-555555555555";

/** The managing tenant's link and one customer's delegation, as a library user builds them. */
function lighthouse(overrides: Partial<LighthouseDelegationProps> = {}, options: { link?: boolean } = {}) {
  return (app: App) => {
    const managing = new TerraformStack(app, "managing");
    const principal = CustomerPrincipal.fromExisting(managing, "pal", { clientId: "0f0f0f0f-0000-4000-8000-0000000000cc", objectId: PAL_OBJECT, tenantId: MANAGING });
    const link = options.link === false ? undefined : new ManagingTenantLink(managing, "link", { principal, partnerId: "1234567" });
    const customer = new TerraformStack(app, "litware-delegation");
    new LighthouseDelegation(customer, "delegation", {
      managingTenantId: MANAGING,
      customerTenantId: CUSTOMER_TENANT,
      scopes: [`/subscriptions/${SUB}`],
      offerName: "Contoso MSP managed services",
      palPrincipal: link ?? { objectId: PAL_OBJECT, tenantId: MANAGING },
      authorizations: [{ principalId: STAFF, role: "Reader" }], // staff elevate from a permanent Reader (PAL025)
      ...overrides,
    });
  };
}

/** A customer-side principal with roles, a link, and optional PIM assignments and staff. */
function customerSide(options: { permanent: string[]; eligible?: string[]; tenantId?: string; subscription?: string }) {
  return (app: App) => {
    const stack = new TerraformStack(app, "contoso");
    const tenantId = options.tenantId ?? "11111111-1111-1111-1111-111111111111";
    const principal = CustomerPrincipal.fromExisting(stack, "p", { clientId: "22222222-0000-4000-8000-000000000001", objectId: "22222222-0000-4000-8000-000000000002", tenantId });
    const scopes = [`/subscriptions/${options.subscription ?? "33333333-3333-3333-3333-333333333333"}`];
    new PecRoleAssignments(stack, "roles", { principal, scopes, roles: options.permanent });
    new ManagementPartnerLink(stack, "link", { principal, partnerId: "1234567" });
    if (options.eligible) new PimEligibleRoleAssignments(stack, "pim", { principal, scopes, roles: options.eligible });
  };
}

describe("Lighthouse and PIM rules", () => {
  test("every rule PAL020-PAL029 is registered", () => {
    expect(ALL_RULES.map((r) => r.id).filter((id) => id >= "PAL020" && id <= "PAL029")).toEqual(["PAL020", "PAL021", "PAL022", "PAL023", "PAL024", "PAL025", "PAL026", "PAL027", "PAL028", "PAL029"]);
  });

  test("only PAL027 and PAL029 can be acknowledged: the others mean Azure rejects the delegation or the link earns nothing", () => {
    expect(UNACKNOWLEDGEABLE_RULE_IDS.filter((id) => id >= "PAL020" && id <= "PAL029")).toEqual(["PAL020", "PAL021", "PAL022", "PAL023", "PAL024", "PAL025", "PAL026", "PAL028"]);
  });

  test("a delegation with the linked PAL principal and staff (permanent Reader, eligible Contributor) has no findings", () => {
    expect(
      findingsOf(
        lighthouse({
          authorizations: [{ principalId: STAFF, role: "Reader" }],
          eligibleAuthorizations: [{ principalId: STAFF, role: "Contributor", justInTime: { maximumActivationDuration: "PT4H", approvers: [{ principalId: SP.replace("99", "98") }] } }],
        }),
      ),
    ).toEqual([]);
  });

  describe("PAL020 no permanent PEC-eligible authorization for a linked principal", () => {
    test("compliant: the default Support Request Contributor", () => {
      expect(findingsOfRule("PAL020", lighthouse())).toEqual([]);
    });
    test("non-compliant: the PAL principal holds Reader only", () => {
      const [finding] = findingsOfRule("PAL020", lighthouse({ palRoles: ["Reader"] }));
      expect(finding).toMatchObject({ severity: "error", path: "litware-delegation/delegation" });
      expect(finding.message).toMatch(/no permanent PEC-eligible authorization \(permanent: Reader\)/);
    });
    test("non-compliant: no palPrincipal and nobody linked", () => {
      const [finding] = findingsOfRule("PAL020", lighthouse({ palPrincipal: undefined, authorizations: [{ principalId: STAFF, role: "Contributor" }] }, { link: false }));
      expect(finding.message).toMatch(/no principal of this delegation is linked/);
    });
    test("non-compliant: a linked principal with Contributor only eligible", () => {
      const build = (app: App) => {
        const managing = new TerraformStack(app, "managing");
        const principal = CustomerPrincipal.fromExisting(managing, "staff", { clientId: "0f0f0f0f-0000-4000-8000-0000000000dd", objectId: STAFF, tenantId: MANAGING });
        new ManagementPartnerLink(managing, "link", { principal, partnerId: "1234567" });
        new LighthouseDelegation(new TerraformStack(app, "d"), "delegation", {
          managingTenantId: MANAGING,
          scopes: [`/subscriptions/${SUB}`],
          offerName: "x",
          authorizations: [{ principalId: STAFF, role: "Reader", principalType: "User" }],
          eligibleAuthorizations: [{ principalId: STAFF, role: "Contributor", principalType: "User" }],
        });
      };
      const [finding] = findingsOfRule("PAL020", build);
      expect(finding.message).toMatch(/only eligible: Contributor, which earns nothing while not activated/);
    });
    test("cannot be acknowledged", () => {
      expect(ALL_RULES.find((r) => r.id === "PAL020")!.acknowledgeable).toBe(false);
    });
  });

  describe("PAL021 a role Lighthouse does not support", () => {
    test("compliant: Contributor", () => {
      expect(findingsOfRule("PAL021", lighthouse({ authorizations: [{ principalId: STAFF, role: "Contributor" }] }))).toEqual([]);
    });
    test.each(["Owner", "Role Based Access Control Administrator"])("non-compliant: %s", (role) => {
      const [finding] = findingsOfRule("PAL021", lighthouse({ authorizations: [{ principalId: STAFF, role }] }));
      expect(finding).toMatchObject({ severity: "error" });
      expect(finding.message).toMatch(new RegExp(`role "${role}" cannot be delegated with Azure Lighthouse`));
    });
  });

  describe("PAL022 User Access Administrator", () => {
    test("compliant: with delegatedRoles", () => {
      expect(findingsOfRule("PAL022", lighthouse({ authorizations: [{ principalId: STAFF, role: "User Access Administrator", delegatedRoles: ["Contributor"] }] }))).toEqual([]);
    });
    test("non-compliant: without delegatedRoles", () => {
      const [finding] = findingsOfRule("PAL022", lighthouse({ authorizations: [{ principalId: STAFF, role: "User Access Administrator" }] }));
      expect(finding.message).toMatch(/needs delegatedRoles \(delegatedRoleDefinitionIds\).*only to managed identities/);
    });
    test("non-compliant: delegating Owner", () => {
      const [finding] = findingsOfRule("PAL022", lighthouse({ authorizations: [{ principalId: STAFF, role: "User Access Administrator", delegatedRoles: ["Owner"] }] }));
      expect(finding.message).toMatch(/delegated role "Owner" cannot be assigned through Lighthouse/);
    });
  });

  describe("PAL023 eligible authorization for a service principal or with UAA", () => {
    test("compliant: a group", () => {
      expect(findingsOfRule("PAL023", lighthouse({ eligibleAuthorizations: [{ principalId: STAFF, role: "Contributor" }] }))).toEqual([]);
    });
    test("non-compliant: a service principal", () => {
      const [finding] = findingsOfRule("PAL023", lighthouse({ eligibleAuthorizations: [{ principalId: SP, principalType: "ServicePrincipal", role: "Contributor" }] }));
      expect(finding.message).toMatch(/cannot be for a service principal/);
    });
    test("non-compliant: User Access Administrator", () => {
      const [finding] = findingsOfRule("PAL023", lighthouse({ eligibleAuthorizations: [{ principalId: STAFF, role: "User Access Administrator" }] }));
      expect(finding.message).toMatch(/User Access Administrator cannot be an eligible authorization/);
    });
  });

  describe("PAL024 approvers", () => {
    const approvers = (n: number, type?: "ServicePrincipal") =>
      Array.from({ length: n }, (_, i) => ({ principalId: `0f0f0f0f-0000-4000-8000-0000000001${String(i).padStart(2, "0")}`, ...(type ? { principalType: type } : {}) }));
    test("compliant: ten groups", () => {
      expect(findingsOfRule("PAL024", lighthouse({ eligibleAuthorizations: [{ principalId: STAFF, role: "Contributor", justInTime: { approvers: approvers(10) } }] }))).toEqual([]);
    });
    test("non-compliant: eleven", () => {
      const [finding] = findingsOfRule("PAL024", lighthouse({ eligibleAuthorizations: [{ principalId: STAFF, role: "Contributor", justInTime: { approvers: approvers(11) } }] }));
      expect(finding.message).toMatch(/11 approvers are listed; an eligible authorization may name at most 10/);
    });
    test("non-compliant: a service principal approver", () => {
      const [finding] = findingsOfRule("PAL024", lighthouse({ eligibleAuthorizations: [{ principalId: STAFF, role: "Contributor", justInTime: { approvers: approvers(1, "ServicePrincipal") } }] }));
      expect(finding.message).toMatch(/is a service principal; approvers must be users or groups/);
    });
  });

  describe("PAL025 activation from 30 minutes to 8 hours", () => {
    test.each(["PT30M", "PT8H"])("compliant: %s", (d) => {
      expect(findingsOfRule("PAL025", lighthouse({ eligibleAuthorizations: [{ principalId: STAFF, role: "Contributor", justInTime: { maximumActivationDuration: d } }] }))).toEqual([]);
    });
    test.each([
      ["PT15M", /outside what Lighthouse allows/],
      ["PT9H", /outside what Lighthouse allows/],
      ["P1D", /outside what Lighthouse allows/],
      ["8 hours", /not an ISO 8601 duration/],
    ])("non-compliant: %s", (d, message) => {
      const [finding] = findingsOfRule("PAL025", lighthouse({ eligibleAuthorizations: [{ principalId: STAFF, role: "Contributor", justInTime: { maximumActivationDuration: d } }] }));
      expect(finding.message).toMatch(message);
    });
    test("non-compliant: an eligible principal without a permanent authorization cannot elevate in the portal", () => {
      const [finding] = findingsOfRule("PAL025", lighthouse({ authorizations: [], eligibleAuthorizations: [{ principalId: STAFF, principalDisplayName: "Tier 1", role: "Contributor" }] }));
      expect(finding.message).toMatch(/Tier 1 has no permanent authorization in this delegation, so it cannot see the delegated scopes in the Azure portal to activate Contributor/);
    });
  });

  describe("PAL026 management-group scope on a Lighthouse customer", () => {
    test("compliant: subscriptions", () => {
      expect(findingsOfRule("PAL026", lighthouse())).toEqual([]);
    });
    test("non-compliant: a management group", () => {
      const [finding] = findingsOfRule("PAL026", lighthouse({ scopes: ["/providers/Microsoft.Management/managementGroups/mg-litware", `/subscriptions/${SUB}`] }));
      expect(finding).toMatchObject({ severity: "error" });
      expect(finding.message).toMatch(/is a management group, which Lighthouse cannot delegate as such: list its subscriptions/);
    });
  });

  describe("PAL027 the same customer through Lighthouse and customer-side", () => {
    const both = (tenantId: string, subscription?: string) => (app: App) => {
      lighthouse()(app);
      customerSide({ permanent: ["Support Request Contributor"], tenantId, subscription })(app);
    };
    test("compliant: different customers", () => {
      expect(findingsOfRule("PAL027", both("11111111-1111-1111-1111-111111111111"))).toEqual([]);
    });
    test("non-compliant: the same tenant", () => {
      const [finding] = findingsOfRule("PAL027", both(CUSTOMER_TENANT));
      expect(finding).toMatchObject({ severity: "warning" });
      expect(finding.message).toMatch(/delegated through Lighthouse and also has a customer-side PAL principal \(contoso\/roles\)\. Pick one route/);
    });
    test("non-compliant: the same subscription", () => {
      expect(findingsOfRule("PAL027", both("11111111-1111-1111-1111-111111111111", SUB))).toHaveLength(1);
    });
  });

  describe("PAL028 a linked principal's PEC-eligible role only PIM-eligible", () => {
    test("compliant: Support Request Contributor permanent, Contributor eligible", () => {
      expect(findingsOfRule("PAL028", customerSide({ permanent: ["Reader", "Support Request Contributor"], eligible: ["Contributor"] }))).toEqual([]);
    });
    test("non-compliant: Reader permanent, Contributor only eligible", () => {
      const [finding] = findingsOfRule("PAL028", customerSide({ permanent: ["Reader"], eligible: ["Contributor"] }));
      expect(finding).toMatchObject({ severity: "error", path: "contoso/pim" });
      expect(finding.message).toMatch(/\(Contributor\) are only PIM-eligible: recognition counts active assignments only/);
      expect(ALL_RULES.find((r) => r.id === "PAL028")!.acknowledgeable).toBe(false);
    });
  });

  describe("PAL029 staff with only eligible PEC roles", () => {
    const staff = (permanentRoles: string[]) => (app: App) =>
      new StaffAccess(new TerraformStack(app, "contoso-identity"), "ops", { principalId: "33333333-3333-3333-3333-333333333301", scopes: [`/subscriptions/${SUB}`], permanentRoles, eligibleRoles: ["Contributor"] });
    test("compliant: the default permanent Reader + Support Request Contributor", () => {
      expect(findingsOfRule("PAL029", staff(["Reader", "Support Request Contributor"]))).toEqual([]);
    });
    test("non-compliant (info): Reader permanent, Contributor eligible", () => {
      const [finding] = findingsOfRule("PAL029", staff(["Reader"]));
      expect(finding).toMatchObject({ severity: "info" });
      expect(finding.message).toMatch(/8 hours a month earns 8\/730 \(1\.1%\) of the month/);
    });
  });

  test("PAL007: the managing tenant's link counts its Lighthouse authorizations as roles", () => {
    expect(findingsOfRule("PAL007", lighthouse())).toEqual([]);
    const linkOnly = (app: App) => {
      const managing = new TerraformStack(app, "managing");
      const principal = CustomerPrincipal.fromExisting(managing, "pal", { clientId: "0f0f0f0f-0000-4000-8000-0000000000cc", objectId: PAL_OBJECT, tenantId: MANAGING });
      new ManagingTenantLink(managing, "link", { principal, partnerId: "1234567" });
    };
    expect(findingsOfRule("PAL007", linkOnly)).toHaveLength(1);
  });
});
