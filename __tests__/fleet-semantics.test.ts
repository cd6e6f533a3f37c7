/**
 * Fleet-wide semantics: what is only wrong when several customers are looked at together.
 */
import { App } from "cdktf";
import { addCustomerStacks } from "../stacks/customer-stacks";
import { CustomerSpec } from "../stacks/fleet-spec";
import { parseManifest } from "../stacks/manifest/load-manifest";
import { ManifestError } from "../stacks/manifest/manifest-error";
import { findingsOf, findingsOfRule } from "./support/checks";
import { IDS, customerSpec } from "./support/synth";

const existing = { type: "none" as const, clientId: IDS.clientId, objectId: IDS.objectId, signIn: "oidc" as const };

function fleet(...customers: Partial<CustomerSpec>[]) {
  return (app: App) => {
    for (const c of customers) addCustomerStacks(app, customerSpec(c), { type: "local" });
  };
}

describe("PAL013 two customers with the same existing principal", () => {
  test("compliant: two customers with their own principals", () => {
    expect(findingsOfRule("PAL013", fleet({ name: "contoso", credential: existing }, { name: "fabrikam" }))).toEqual([]);
  });

  test("non-compliant: an error on each customer's link, naming the other", () => {
    const findings = findingsOfRule("PAL013", fleet({ name: "contoso", credential: existing }, { name: "fabrikam", credential: existing }));
    expect(findings.map((f) => [f.customer, f.severity, f.path])).toEqual([
      ["contoso", "error", "contoso-link/partner-link"],
      ["fabrikam", "error", "fabrikam-link/partner-link"],
    ]);
    expect(findings[0].message).toMatch(/is also linked for "fabrikam": one principal has one partner link/);
  });

  test("acknowledged in both, it no longer blocks", () => {
    const ack = [{ rule: "PAL013", reason: "One customer split in two manifest entries, ticket OPS-77" }];
    const findings = findingsOfRule("PAL013", fleet({ name: "contoso", credential: existing, acknowledgements: ack }, { name: "fabrikam", credential: existing, acknowledgements: ack }));
    expect(findings.every((f) => f.acknowledged)).toBe(true);
  });

  test("never hides either customer's own findings: a Reader-only customer still gets PAL001", () => {
    const findings = findingsOf(fleet({ name: "contoso", credential: existing, roles: ["Reader"] }, { name: "fabrikam", credential: existing }));
    expect(findings.filter((f) => f.rule === "PAL001").map((f) => f.customer)).toEqual(["contoso"]);
  });
});

describe("PAL014 tenant ID used as a subscription ID", () => {
  test("compliant: different IDs", () => {
    expect(findingsOfRule("PAL014", fleet({}))).toEqual([]);
  });
  test("non-compliant: a warning at the role assignments", () => {
    const [finding] = findingsOfRule("PAL014", fleet({ scopes: [`/subscriptions/${IDS.tenant}`], subscriptionId: IDS.tenant }));
    expect(finding).toMatchObject({ severity: "warning", path: "contoso-identity/roles" });
    expect(finding.message).toMatch(/uses the tenant ID 11111111-1111-1111-1111-111111111111 as its subscription ID/);
  });
});

describe("manifest problems across customers", () => {
  const customer = (name: string, tenant: string, extra = "") => `  - name: ${name}
    tenantId: ${tenant}
    scopes: [/subscriptions/22222222-2222-2222-2222-222222222222]
    credential: { github: { repository: contoso-msp/pal, environment: "pal-{customer}" } }
${extra}`;
  const problems = (text: string) => {
    try {
      parseManifest(`partnerId: "1234567"\ncustomers:\n${text}`, "m.yaml");
      return [];
    } catch (err) {
      return (err as ManifestError).message.split("\n").slice(1).map((l) => l.trim());
    }
  };

  test("one subscription under two tenants is refused at the second customer's scope", () => {
    expect(problems(customer("contoso", "11111111-1111-1111-1111-111111111111") + customer("fabrikam", "33333333-3333-3333-3333-333333333333"))).toEqual([
      'm.yaml:9:14  customer "fabrikam" (customers[1]), field scopes[0]: subscription 22222222-2222-2222-2222-222222222222 is also in customers[0] ("contoso") under tenant 11111111-1111-1111-1111-111111111111; a subscription belongs to one tenant: check tenantId of both',
    ]);
  });

  test("the same tenant for two customers with one subscription is allowed", () => {
    expect(problems(customer("contoso", "11111111-1111-1111-1111-111111111111") + customer("fabrikam", "11111111-1111-1111-1111-111111111111"))).toEqual([]);
  });

  test("an owner listed twice is refused at the second", () => {
    const owners = "    owners: [66666666-6666-6666-6666-666666666666, 66666666-6666-6666-6666-666666666666]\n";
    expect(problems(customer("contoso", "11111111-1111-1111-1111-111111111111", owners))).toEqual([
      'm.yaml:7:52  customer "contoso" (customers[0]), field owners[1]: owner "66666666-6666-6666-6666-666666666666" is listed twice (also owners[0]); remove one',
    ]);
  });
});
