import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { TerraformStack } from "cdktf";
import { PecRoleAssignments, PecRoleAssignmentsProps } from "../constructs/pec-role-assignments";
import { READER_ROLE_ID, SUPPORT_REQUEST_CONTRIBUTOR_ROLE_ID } from "../constructs/role-catalog";
import { IDS, SCOPES, synthApp } from "./support/synth";

function assignments(props: Partial<PecRoleAssignmentsProps> = {}) {
  const result = synthApp((app) => {
    const stack = new TerraformStack(app, "identity");
    new AzurermProvider(stack, "azurerm", { features: [{}], subscriptionId: IDS.subscription });
    new PecRoleAssignments(stack, "roles", { principal: { objectId: IDS.objectId }, scopes: [SCOPES.subscription], nameSeed: "customer/contoso", ...props });
  });
  return result.stack("identity");
}

describe("PecRoleAssignments", () => {
  test("assigns Reader + Support Request Contributor by default, as a service principal", () => {
    const stack = assignments();
    expect(stack.text).toHaveResourceWithProperties(RoleAssignment, {
      scope: SCOPES.subscription,
      role_definition_id: `/subscriptions/${IDS.subscription}/providers/Microsoft.Authorization/roleDefinitions/${READER_ROLE_ID}`,
      principal_id: IDS.objectId,
      principal_type: "ServicePrincipal",
      skip_service_principal_aad_check: true,
    });
    expect(stack.text).toHaveResourceWithProperties(RoleAssignment, {
      role_definition_id: `/subscriptions/${IDS.subscription}/providers/Microsoft.Authorization/roleDefinitions/${SUPPORT_REQUEST_CONTRIBUTOR_ROLE_ID}`,
    });
    expect(Object.keys(stack.resources("azurerm_role_assignment"))).toHaveLength(2);
  });

  test.each([
    ["managementGroup", SCOPES.managementGroup, `/providers/Microsoft.Authorization/roleDefinitions/${READER_ROLE_ID}`],
    ["subscription", SCOPES.subscription, `/subscriptions/${IDS.subscription}/providers/Microsoft.Authorization/roleDefinitions/${READER_ROLE_ID}`],
    ["resourceGroup", SCOPES.resourceGroup, `/subscriptions/${IDS.otherSubscription}/providers/Microsoft.Authorization/roleDefinitions/${READER_ROLE_ID}`],
    ["resource", SCOPES.resource, `/subscriptions/${IDS.otherSubscription}/providers/Microsoft.Authorization/roleDefinitions/${READER_ROLE_ID}`],
  ])("assigns at %s scope with the role definition ID Azure reports there", (_kind, scope, roleDefinitionId) => {
    const stack = assignments({ scopes: [scope], roles: ["Reader"] });
    const [body] = Object.values(stack.resources("azurerm_role_assignment"));
    expect(body).toMatchObject({ scope, role_definition_id: roleDefinitionId, principal_type: "ServicePrincipal" });
  });

  test("makes one assignment per scope and role", () => {
    const stack = assignments({ scopes: Object.values(SCOPES), roles: ["Reader", "Support Request Contributor", "Monitoring Contributor"] });
    expect(Object.keys(stack.resources("azurerm_role_assignment"))).toHaveLength(12);
  });

  test("names assignments with GUIDs that depend on seed, scope and role, never on order", () => {
    const a = assignments({ scopes: [SCOPES.subscription, SCOPES.resourceGroup], roles: ["Reader", "Support Request Contributor"] });
    const b = assignments({ scopes: [SCOPES.resourceGroup, SCOPES.subscription], roles: ["Support Request Contributor", "Reader"] });
    expect(b.resources("azurerm_role_assignment")).toEqual(a.resources("azurerm_role_assignment"));
    for (const body of Object.values(a.resources("azurerm_role_assignment"))) {
      expect(body.name).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    const other = assignments({ nameSeed: "customer/fabrikam", scopes: [SCOPES.subscription, SCOPES.resourceGroup] });
    const names = (s: typeof a) => Object.values(s.resources("azurerm_role_assignment")).map((r: any) => r.name).sort();
    expect(names(other)).not.toEqual(names(a));
  });

  test("accepts roles by GUID and treats two spellings of one scope as one", () => {
    expect(() => assignments({ roles: [READER_ROLE_ID, "reader"] })).toThrow(/role "Reader" is listed twice/);
    expect(() => assignments({ scopes: [SCOPES.subscription, SCOPES.subscription.toUpperCase().replace("/SUBSCRIPTIONS/", "/subscriptions/")] })).toThrow(/is listed twice/);
  });

  test.each([
    [{ scopes: [] }, /no scopes given/],
    [{ roles: [] }, /no roles given/],
    [{ roles: ["Reeder"] }, /Did you mean "Reader"/],
    [{ scopes: ["/subscriptions/nope"] }, /is not a GUID/],
  ])("rejects %j", (props, message) => {
    expect(() => assignments(props as Partial<PecRoleAssignmentsProps>)).toThrow(message);
  });
});
