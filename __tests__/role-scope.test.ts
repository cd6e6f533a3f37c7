import { RoleScope } from "../constructs/role-scope";

const SUB = "22222222-2222-2222-2222-222222222222";

describe("RoleScope", () => {
  test.each([
    ["/providers/Microsoft.Management/managementGroups/mg-prod", "managementGroup", undefined],
    [`/subscriptions/${SUB}`, "subscription", SUB],
    [`/subscriptions/${SUB}/resourceGroups/rg-app`, "resourceGroup", SUB],
    [`/subscriptions/${SUB}/resourceGroups/rg-app/providers/Microsoft.Storage/storageAccounts/st1`, "resource", SUB],
    [`/subscriptions/${SUB}/resourceGroups/rg-app/providers/Microsoft.Storage/storageAccounts/st1/blobServices/default`, "resource", SUB],
  ])("parses %s as a %s scope", (id, kind, subscriptionId) => {
    const scope = RoleScope.parse(id);
    expect(scope.kind).toBe(kind);
    expect(scope.id).toBe(id);
    expect(scope.subscriptionId).toBe(subscriptionId);
  });

  test("normalises keyword casing and GUID case, so one scope has one spelling", () => {
    const scope = RoleScope.parse(`/SUBSCRIPTIONS/${SUB.toUpperCase().replace(/2/g, "A")}/resourcegroups/rg-App`);
    expect(scope.id).toBe(`/subscriptions/${SUB.replace(/2/g, "a")}/resourceGroups/rg-App`);
    expect(RoleScope.parse("/providers/microsoft.management/MANAGEMENTGROUPS/mg").id).toBe("/providers/Microsoft.Management/managementGroups/mg");
  });

  test.each([
    ["subscriptions/x", /starts with "\/"/],
    [`/subscriptions/${SUB}/`, /trailing slash/],
    ["/subscriptions/not-a-guid", /is not a GUID/],
    [`/subscriptions/${SUB}/resourceGroups`, /resource group name is missing/],
    [`/subscriptions/${SUB}/resourceGroups/rg.`, /not ending in "\."/],
    [`/subscriptions/${SUB}/providers/Microsoft.Web/sites/x`, /Subscription-level resources are not supported/],
    [`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts`, /<type>\/<name> pairs/],
    ["/providers/Microsoft.Authorization/roleDefinitions/x", /must be a management group/],
    ["/tenants/x", /not a scope root/],
    [`/subscriptions/${SUB}//resourceGroups/x`, /empty segment/],
  ])("rejects %s", (id, message) => {
    expect(() => RoleScope.parse(id)).toThrow(message);
  });

  test("knows which scopes contain which, as far as IDs show", () => {
    const sub = RoleScope.subscription(SUB);
    const rg = RoleScope.resourceGroup(SUB, "rg-app");
    const rgOther = RoleScope.resourceGroup(SUB, "rg-app2");
    const res = RoleScope.parse(`${rg.id}/providers/Microsoft.Storage/storageAccounts/st1`);
    const mg = RoleScope.managementGroup("mg-prod");
    expect(sub.contains(rg)).toBe(true);
    expect(sub.contains(res)).toBe(true);
    expect(rg.contains(res)).toBe(true);
    expect(rgOther.contains(res)).toBe(false);
    expect(rg.contains(sub)).toBe(false);
    expect(mg.contains(sub)).toBe(false);
    expect(sub.contains(sub)).toBe(false);
  });
});
