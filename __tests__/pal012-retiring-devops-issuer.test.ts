/**
 * PAL012 and the Azure DevOps federation forms: the Microsoft Entra issuer is the default, the
 * legacy vstoken issuer stays available and is flagged.
 */
import { App } from "cdktf";
import { FederatedCredential, entraEncodedGuid } from "../constructs/federated-credential";
import { addCustomerStacks } from "../stacks/customer-stacks";
import { CustomerSpec } from "../stacks/fleet-spec";
import { validateManifest } from "../stacks/manifest/validate-manifest";
import { findingsOfRule } from "./support/checks";
import { customerSpec } from "./support/synth";

const ORG = "0ca3ddd9-f0b0-4635-a98c-5866526961b6";
const CONNECTION = "64171687-7a59-4fce-b2c8-823278dcf176";
const TENANT = "ff882432-09b0-437b-bd22-ca13c0037ded";

function customer(overrides: Partial<CustomerSpec> = {}) {
  return (app: App) => addCustomerStacks(app, customerSpec(overrides), { type: "local" });
}

describe("Azure DevOps federation", () => {
  test("GUIDs are encoded as Entra encodes them in /eid1/ subjects (values observed in real tokens)", () => {
    expect(entraEncodedGuid(TENANT)).toBe("MiSI_7AJe0O9IsoTwAN97Q");
    expect(entraEncodedGuid("499b84ac-1321-427f-aa17-267ca6975798")).toBe("rISbSSETf0KqFyZ8ppdXmA"); // the Azure DevOps app
    expect(entraEncodedGuid("72F988BF-86F1-41AF-91AB-2D7CD011DB47")).toBe("v4j5cvGGr0GRqy180BHbRw");
  });

  test("the default form is the Microsoft Entra issuer of the app's tenant", () => {
    expect(FederatedCredential.azureDevOps({ organizationId: ORG, tenantId: TENANT, serviceConnectionId: CONNECTION })).toEqual({
      issuer: `https://login.microsoftonline.com/${TENANT}/v2.0`,
      subject: `/eid1/c/pub/t/MiSI_7AJe0O9IsoTwAN97Q/a/rISbSSETf0KqFyZ8ppdXmA/sc/${ORG}/${CONNECTION}`,
    });
    expect(() => FederatedCredential.azureDevOps({ organizationId: ORG, tenantId: TENANT, serviceConnectionId: "pal-contoso" })).toThrow(/serviceConnectionId "pal-contoso" is not a GUID .*resourceId/);
  });

  test("the manifest's azureDevOps: { organizationId, serviceConnectionId } gives the Entra form for the customer's tenant", () => {
    const raw = {
      partnerId: "1234567",
      customers: [{ name: "contoso", tenantId: TENANT, scopes: ["/subscriptions/22222222-2222-2222-2222-222222222222"], credential: { azureDevOps: { organizationId: ORG, serviceConnectionId: CONNECTION } } }],
    };
    const result = validateManifest(raw, "pal.config.yaml");
    expect(result.problems).toEqual([]);
    expect(result.spec!.customers[0].credential).toEqual({
      type: "federated",
      issuer: `https://login.microsoftonline.com/${TENANT}/v2.0`,
      subject: `/eid1/c/pub/t/MiSI_7AJe0O9IsoTwAN97Q/a/rISbSSETf0KqFyZ8ppdXmA/sc/${ORG}/${CONNECTION}`,
    });
    const mixed = validateManifest(
      { ...raw, customers: [{ ...raw.customers[0], credential: { azureDevOps: { organizationId: ORG, serviceConnectionId: CONNECTION, organization: "o", project: "p", serviceConnection: "s" } } }] },
      "pal.config.yaml",
    );
    expect(mixed.problems.map((p) => p.message)).toEqual([expect.stringMatching(/cannot be combined .* keep one form/)]);
  });
});

describe("PAL012 retiring Azure DevOps issuer", () => {
  test("compliant: the Microsoft Entra issuer", () => {
    const credential = { type: "federated" as const, ...FederatedCredential.azureDevOps({ organizationId: ORG, tenantId: TENANT, serviceConnectionId: CONNECTION }) };
    expect(findingsOfRule("PAL012", customer({ credential }))).toEqual([]);
  });

  test("non-compliant: the vstoken issuer is a warning naming the retirement date and the fix", () => {
    const credential = { type: "federated" as const, ...FederatedCredential.azureDevOpsVstoken({ organizationId: ORG, organization: "contoso-msp", project: "pal", serviceConnection: "pal-contoso" }) };
    const [finding, ...rest] = findingsOfRule("PAL012", customer({ credential }));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ severity: "warning", customer: "contoso" });
    expect(finding.message).toMatch(/vstoken\.dev\.azure\.com.*2027-07-01.*serviceConnectionId/);
  });
});
