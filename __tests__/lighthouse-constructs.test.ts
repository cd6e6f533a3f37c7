/**
 * The Lighthouse and PIM constructs: every resource and property they write, and the literal
 * mistakes they refuse at once.
 */
import { LighthouseAssignment } from "@cdktf/provider-azurerm/lib/lighthouse-assignment";
import { LighthouseDefinition } from "@cdktf/provider-azurerm/lib/lighthouse-definition";
import { PimEligibleRoleAssignment } from "@cdktf/provider-azurerm/lib/pim-eligible-role-assignment";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { App, TerraformStack, Testing } from "cdktf";
import { ResourceAction } from "../constructs/azapi/resource-action";
import { CustomerPrincipal } from "../constructs/customer-principal";
import { LighthouseDelegation, LighthouseDelegationProps, lighthouseDefinitionId } from "../constructs/lighthouse-delegation";
import { ManagingTenantLink } from "../constructs/managing-tenant-link";
import { PimEligibleRoleAssignments } from "../constructs/pim-eligible-role-assignments";
import { StaffAccess } from "../constructs/staff-access";
import { parseIsoDurationMinutes } from "../constructs/lighthouse-authorization";
import { UNSYNTHESISED_OUTDIR } from "./support/unsynthesised-outdir";

const MANAGING = "0f0f0f0f-0000-4000-8000-000000000001";
const PAL = { objectId: "0f0f0f0f-0000-4000-8000-0000000000aa", tenantId: MANAGING };
const STAFF = "0f0f0f0f-0000-4000-8000-000000000011";
const SUB = "55555555-5555-5555-5555-555555555555";
const SUB2 = "66666666-6666-6666-6666-666666666666";
const ROLE = { reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7", src: "cfd33db0-3dd1-45e3-aa9d-cdbdf3b6f24e", contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c" };

function delegation(overrides: Partial<LighthouseDelegationProps> = {}): string {
  return Testing.synthScope((scope) => {
    new LighthouseDelegation(scope, "delegation", {
      managingTenantId: MANAGING,
      scopes: [`/subscriptions/${SUB}`, `/subscriptions/${SUB2}/resourceGroups/rg-erp`],
      offerName: "Contoso MSP managed services",
      palPrincipal: PAL,
      nameSeed: "lighthouse/litware",
      ...overrides,
    });
  });
}

describe("LighthouseDelegation", () => {
  test("writes one definition per subscription, with the PAL principal's permanent Support Request Contributor first", () => {
    const json = delegation({ authorizations: [{ principalId: STAFF, principalDisplayName: "Tier 1", role: "Reader" }] });
    for (const sub of [SUB, SUB2]) {
      expect(json).toHaveResourceWithProperties(LighthouseDefinition, {
        name: "Contoso MSP managed services",
        scope: `/subscriptions/${sub}`,
        managing_tenant_id: MANAGING,
        lighthouse_definition_id: lighthouseDefinitionId("lighthouse/litware", sub),
        description: "Contoso MSP managed services. The partner's Partner Admin Link principal holds Support Request Contributor, so the partner is recognised for its work here.",
        authorization: [
          { principal_id: PAL.objectId, principal_display_name: "Partner Admin Link", role_definition_id: ROLE.src },
          { principal_id: STAFF, principal_display_name: "Tier 1", role_definition_id: ROLE.reader },
        ],
      });
    }
    const defs = JSON.parse(json).resource.azurerm_lighthouse_definition;
    expect(Object.keys(defs)).toHaveLength(2);
  });

  test("assigns each scope to its subscription's definition, with deterministic GUID names", () => {
    const json = delegation();
    const parsed = JSON.parse(json).resource;
    const assignments = Object.values(parsed.azurerm_lighthouse_assignment) as any[];
    expect(assignments.map((a) => a.scope).sort()).toEqual([`/subscriptions/${SUB}`, `/subscriptions/${SUB2}/resourceGroups/rg-erp`]);
    for (const a of assignments) {
      expect(a.name).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(a.lighthouse_definition_id).toMatch(/^\$\{azurerm_lighthouse_definition\.delegation_definition-[0-9a-f]{8}_[0-9A-F]{8}\.id\}$/);
    }
    expect(json).toHaveResourceWithProperties(LighthouseAssignment, { scope: `/subscriptions/${SUB}` });
    expect(delegation()).toBe(json); // deterministic
  });

  test("writes eligible authorizations with their just-in-time policy and approvers", () => {
    const json = delegation({
      eligibleAuthorizations: [
        {
          principalId: STAFF,
          principalDisplayName: "Tier 1",
          role: "Contributor",
          justInTime: { maximumActivationDuration: "PT4H", multiFactorAuthProvider: "Azure", approvers: [{ principalId: PAL.objectId.replace("aa", "bb"), principalDisplayName: "Duty managers" }] },
        },
      ],
    });
    expect(json).toHaveResourceWithProperties(LighthouseDefinition, {
      eligible_authorization: [
        {
          principal_id: STAFF,
          principal_display_name: "Tier 1",
          role_definition_id: ROLE.contributor,
          just_in_time_access_policy: {
            maximum_activation_duration: "PT4H",
            multi_factor_auth_provider: "Azure",
            approver: [{ principal_id: PAL.objectId.replace("aa", "bb"), principal_display_name: "Duty managers" }],
          },
        },
      ],
    });
  });

  test("defaults the just-in-time policy to PT8H with Azure MFA and writes UAA's delegated roles", () => {
    const json = delegation({
      authorizations: [{ principalId: STAFF, role: "User Access Administrator", delegatedRoles: ["Contributor"] }],
      eligibleAuthorizations: [{ principalId: STAFF, role: "Contributor" }],
    });
    expect(json).toHaveResourceWithProperties(LighthouseDefinition, {
      authorization: expect.arrayContaining([{ principal_id: STAFF, role_definition_id: "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", delegated_role_definition_ids: [ROLE.contributor] }]),
      eligible_authorization: [expect.objectContaining({ just_in_time_access_policy: { maximum_activation_duration: "PT8H", multi_factor_auth_provider: "Azure" } })],
    });
  });

  test("custom palRoles replace the default", () => {
    expect(delegation({ palRoles: ["Contributor"] })).toHaveResourceWithProperties(LighthouseDefinition, {
      authorization: [{ principal_id: PAL.objectId, principal_display_name: "Partner Admin Link", role_definition_id: ROLE.contributor }],
    });
  });

  test("a management-group scope gets no resources (PAL026 reports it) and is exposed", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "s");
    const d = new LighthouseDelegation(stack, "d", {
      managingTenantId: MANAGING,
      scopes: ["/providers/Microsoft.Management/managementGroups/mg-prod", `/subscriptions/${SUB}`],
      offerName: "x",
      palPrincipal: PAL,
    });
    expect(d.managementGroupScopes.map((s) => s.id)).toEqual(["/providers/Microsoft.Management/managementGroups/mg-prod"]);
    expect(d.subscriptions.map((s) => s.subscriptionId)).toEqual([SUB]);
  });

  test.each([
    [{ managingTenantId: "contoso.onmicrosoft.com" }, /managingTenantId "contoso.onmicrosoft.com" is not a GUID/],
    [{ scopes: [] }, /no scopes given/],
    [{ scopes: [`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st`] }, /single resource; Lighthouse delegates subscriptions and resource groups only/],
    [{ scopes: [`/subscriptions/${SUB}`, `/SUBSCRIPTIONS/${SUB.toUpperCase()}`] }, /listed twice/],
    [{ offerName: " " }, /offerName is empty/],
    [{ palPrincipal: undefined }, /needs at least one permanent authorization/],
    [{ palPrincipal: { ...PAL, tenantId: "0f0f0f0f-0000-4000-8000-0000000000ff" } }, /palPrincipal lives in tenant 0f0f0f0f-0000-4000-8000-0000000000ff, not in the managing tenant/],
    [{ authorizations: [{ principalId: "tier-1", role: "Reader" }] }, /principalId "tier-1" is not a GUID/],
    [{ authorizations: [{ principalId: STAFF, role: "My custom role" }] }, /unknown role "My custom role"/],
  ])("refuses %p", (overrides, message) => {
    expect(() => delegation(overrides as Partial<LighthouseDelegationProps>)).toThrow(message);
  });
});

describe("ManagingTenantLink", () => {
  test("links the managing tenant's principal once, signed in as it, with no CLI or MSI fallback", () => {
    const json = Testing.synthScope((scope) => {
      const principal = CustomerPrincipal.fromExisting(scope, "p", { clientId: "0f0f0f0f-0000-4000-8000-0000000000cc", objectId: PAL.objectId, tenantId: MANAGING });
      const link = new ManagingTenantLink(scope, "managing-tenant", { principal, partnerId: "1234567" });
      expect(link.objectId).toBe(PAL.objectId);
      expect(link.tenantId).toBe(MANAGING);
    });
    expect(json).toHaveResourceWithProperties(ResourceAction, { method: expect.stringContaining('"PUT"'), resource_id: "/providers/Microsoft.ManagementPartner/partners/1234567" });
    expect(json).toHaveProviderWithProperties({ tfResourceType: "azapi" } as any, { tenant_id: MANAGING, use_cli: false, use_msi: false, use_oidc: true });
  });
});

describe("PimEligibleRoleAssignments and StaffAccess", () => {
  const CUSTOMER_GROUP = "33333333-3333-3333-3333-333333333301";

  test("one eligible assignment per scope and role, with justification, ticket and schedule", () => {
    const json = Testing.synthScope((scope) => {
      new PimEligibleRoleAssignments(scope, "pim", {
        principal: { objectId: CUSTOMER_GROUP },
        scopes: [`/subscriptions/${SUB}`],
        roles: ["Contributor"],
        justification: "Break-glass",
        ticket: { system: "ServiceNow", number: "CHG0001" },
        schedule: { startDateTime: "2027-01-01T00:00:00Z", durationHours: 8760 },
      });
    });
    expect(json).toHaveResourceWithProperties(PimEligibleRoleAssignment, {
      scope: `/subscriptions/${SUB}`,
      role_definition_id: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${ROLE.contributor}`,
      principal_id: CUSTOMER_GROUP,
      justification: "Break-glass",
      ticket: { system: "ServiceNow", number: "CHG0001" },
      schedule: { start_date_time: "2027-01-01T00:00:00Z", expiration: { duration_hours: 8760 } },
    });
  });

  test("staff get Reader + Support Request Contributor permanently by default, as groups, and their eligible roles through PIM", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "s");
    const staff = new StaffAccess(stack, "ops", { principalId: CUSTOMER_GROUP, scopes: [`/subscriptions/${SUB}`], eligibleRoles: ["Contributor"] });
    expect(staff.permanentRoles.map((r) => r.name)).toEqual(["Reader", "Support Request Contributor"]);
    const json = Testing.synth(stack);
    for (const role of [ROLE.reader, ROLE.src]) {
      expect(json).toHaveResourceWithProperties(RoleAssignment, {
        scope: `/subscriptions/${SUB}`,
        role_definition_id: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${role}`,
        principal_id: CUSTOMER_GROUP,
        principal_type: "Group",
      });
    }
    expect(json).toHaveResourceWithProperties(PimEligibleRoleAssignment, { principal_id: CUSTOMER_GROUP, justification: "Eligible through PAL Kit" });
    expect(JSON.parse(json).resource.azurerm_pim_eligible_role_assignment[Object.keys(JSON.parse(json).resource.azurerm_pim_eligible_role_assignment)[0]].schedule).toBeUndefined();
  });

  test("refuses a staff principal that is not an object ID", () => {
    const stack = new TerraformStack(new App({ outdir: UNSYNTHESISED_OUTDIR }), "s");
    expect(() => new StaffAccess(stack, "ops", { principalId: "ops@contoso.com", scopes: [`/subscriptions/${SUB}`] })).toThrow(/principalId "ops@contoso.com" is not a GUID/);
  });
});

test("ISO 8601 activation durations", () => {
  expect(parseIsoDurationMinutes("PT8H")).toBe(480);
  expect(parseIsoDurationMinutes("PT1H30M")).toBe(90);
  expect(parseIsoDurationMinutes("P1D")).toBe(1440);
  expect(parseIsoDurationMinutes("8h")).toMatch(/not an ISO 8601 duration/);
  expect(parseIsoDurationMinutes("PT")).toMatch(/not an ISO 8601 duration/);
});
