/** The identity stack: a brought-in principal is verified at plan; role-assignment names tell fleets and partners apart. */
import { addCustomerStacks } from "../stacks/customer-stacks";
import { CustomerSpec } from "../stacks/fleet-spec";
import { roleAssignmentNameSeed } from "../stacks/identity-stack";
import { uuidV5 } from "../constructs/internal/deterministic-id";
import { IDS, SCOPES, customerSpec, synthApp } from "./support/synth";

const BYO = { type: "none" as const, clientId: IDS.clientId, objectId: IDS.objectId, signIn: "oidc" as const };

function identity(overrides: Partial<CustomerSpec> = {}) {
  const spec = customerSpec(overrides);
  return synthApp((app) => addCustomerStacks(app, spec, { type: "local" })).stack(`${spec.name}-identity`);
}

function assignmentNames(overrides: Partial<CustomerSpec> = {}): string[] {
  return Object.values<any>(identity(overrides).resources("azurerm_role_assignment"))
    .map((a) => a.name)
    .sort();
}

describe("bring-your-own principal (credential: none) is checked at plan", () => {
  test("looked up by client ID and by object ID in the customer tenant; a mismatch fails the plan before the lookup by object ID, naming the application-object-ID mistake", () => {
    const stack = identity({ credential: BYO });
    expect(stack.providers("azuread")).toEqual([expect.objectContaining({ tenant_id: IDS.tenant })]);
    const lookups = Object.values<any>(stack.json.data.azuread_service_principal);
    const byClient = lookups.find((l) => l.client_id);
    const byObject = lookups.find((l) => l.object_id);
    expect(byClient.client_id).toBe(IDS.clientId);
    expect(byObject.object_id).toBe(IDS.objectId);
    const [pre] = byObject.lifecycle.precondition;
    expect(pre.condition).toMatch(new RegExp(`^\\$\\{\\(lower\\(data\\.azuread_service_principal\\.[^.]+\\.object_id\\) == lower\\("${IDS.objectId}"\\)\\)\\}$`));
    expect(pre.error_message).toMatch(/usually the application's object ID \(App registrations/);
    expect(pre.error_message).toMatch(/Enterprise applications/);
  });

  test("must be of type Application (not a managed identity) and have the given client ID", () => {
    const byObject = Object.values<any>(identity({ credential: BYO }).json.data.azuread_service_principal).find((l) => l.object_id);
    const [type, client] = byObject.lifecycle.postcondition;
    expect(type.condition).toBe('${(self.type == "Application")}');
    expect(type.error_message).toMatch(/does not support managed identities/);
    expect(client.condition).toBe(`\${(lower(self.client_id) == lower("${IDS.clientId}"))}`);
  });

  test("role assignments wait for the check", () => {
    const stack = identity({ credential: BYO });
    const [byObjectId] = Object.entries<any>(stack.json.data.azuread_service_principal).find(([, l]) => l.object_id)!;
    for (const a of Object.values<any>(stack.resources("azurerm_role_assignment"))) expect(a.depends_on).toContain(`data.azuread_service_principal.${byObjectId}`);
  });

  test("a principal the kit creates has no such lookups", () => {
    expect(identity().json.data?.azuread_service_principal).toBeUndefined();
  });
});

describe("role-assignment names", () => {
  test("derive from customer name, tenant ID and partner ID (with scope and role)", () => {
    expect(roleAssignmentNameSeed({ name: "contoso", tenantId: IDS.tenant.toUpperCase(), partnerId: "1234567" })).toBe(`customer/contoso/tenant/${IDS.tenant}/partner/1234567`);
    const names = assignmentNames();
    expect(names).toHaveLength(2);
    const seed = roleAssignmentNameSeed(customerSpec());
    expect(names).toContain(uuidV5(`${seed}|${SCOPES.subscription.toLowerCase()}|acdd72a7-3385-48ef-bd42-f606fba81ae7`));
  });

  test("two partners, or two fleets in different tenants, that both call a customer contoso on one subscription do not collide", () => {
    const a = assignmentNames();
    const otherPartner = assignmentNames({ partnerId: "7654321" });
    const otherTenant = assignmentNames({ tenantId: "33333333-3333-3333-3333-333333333333" });
    for (const other of [otherPartner, otherTenant]) expect(other.filter((n) => a.includes(n))).toEqual([]);
  });

  test("existing assignments keep the names they were created with: a seed change never replaces them (ignore_changes = [name])", () => {
    for (const a of Object.values<any>(identity().resources("azurerm_role_assignment"))) expect(a.lifecycle).toEqual({ ignore_changes: ["name"] });
  });
});
