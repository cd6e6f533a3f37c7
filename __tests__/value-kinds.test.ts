/**
 * One home per value kind (constructs/values/): the construct throws the kind's problem with a
 * stable code and its construct path, token-aware; the manifest reports the same text, located.
 */
import { App, TerraformStack, TerraformVariable } from "cdktf";
import { CustomerPrincipal } from "../constructs/customer-principal";
import { ManagementPartnerLink } from "../constructs/management-partner-link";
import { PecRoleAssignments } from "../constructs/pec-role-assignments";
import { displayNameProblem } from "../constructs/values/free-text";
import { customerNameProblem } from "../constructs/values/customer-name";
import { resourceGroupNameProblem, stateKeyPrefixProblem } from "../constructs/values/azure-names";
import { PalValidationError } from "../constructs/values/validation-error";
import { parseManifest } from "../stacks/manifest/load-manifest";
import { IDS, SCOPES } from "./support/synth";
import { UNSYNTHESISED_OUTDIR } from "./support/unsynthesised-outdir";

function stack(): TerraformStack {
  return new TerraformStack(new App({ outdir: UNSYNTHESISED_OUTDIR }), "contoso-identity");
}

function thrown(make: () => unknown): PalValidationError {
  try {
    make();
  } catch (err) {
    if (err instanceof PalValidationError) return err;
    throw err;
  }
  throw new Error("nothing was thrown");
}

const principalProps = { tenantId: IDS.tenant, partnerId: "1234567", customerName: "contoso", credential: { type: "password" as const } };

describe("constructs throw the value kind's problem with a code and their path", () => {
  test("a display name with a line break: InvalidDisplayName at the principal", () => {
    const error = thrown(() => new CustomerPrincipal(stack(), "principal", { ...principalProps, displayName: "PAL\nresource" }));
    expect(error.code).toBe("InvalidDisplayName");
    expect(error.constructPath).toBe("contoso-identity/principal");
    expect(error.message).toBe(`contoso-identity/principal: displayName "PAL\\nresource" ${displayNameProblem("PAL\nresource")} [InvalidDisplayName]`);
  });

  test("a display name from a Terraform variable is a token: checked by Azure, not thrown", () => {
    const s = stack();
    const name = new TerraformVariable(s, "name", { type: "string" }).stringValue;
    expect(() => new CustomerPrincipal(s, "principal", { ...principalProps, displayName: name })).not.toThrow();
  });

  test("a partner ID: InvalidPartnerId at the link", () => {
    const s = stack();
    const principal = CustomerPrincipal.fromExisting(s, "existing", { clientId: IDS.clientId, objectId: IDS.objectId, tenantId: IDS.tenant });
    const error = thrown(() => new ManagementPartnerLink(s, "link", { principal, partnerId: "12-34" }));
    expect([error.code, error.constructPath]).toEqual(["InvalidPartnerId", "contoso-identity/link"]);
  });

  test("a scope: InvalidScope at the role assignments", () => {
    const s = stack();
    const principal = CustomerPrincipal.fromExisting(s, "existing", { clientId: IDS.clientId, objectId: IDS.objectId, tenantId: IDS.tenant });
    const error = thrown(() => new PecRoleAssignments(s, "roles", { principal, scopes: [`${SCOPES.subscription}/resourceGroups/rg%{x}`], roles: ["Reader"] }));
    expect([error.code, error.constructPath]).toEqual(["InvalidScope", "contoso-identity/roles"]);
  });
});

describe("the manifest reports the same problem text, located", () => {
  const manifest = (name: string, extra = "") => `partnerId: "1234567"
customers:
  - name: ${name}
    tenantId: 11111111-1111-1111-1111-111111111111
    scopes: [/subscriptions/22222222-2222-2222-2222-222222222222]
    credential: { github: { repository: contoso-msp/pal, environment: contoso } }
${extra}`;
  const messageOf = (text: string) => {
    try {
      parseManifest(text, "m.yaml");
    } catch (err) {
      return (err as Error).message;
    }
    return "";
  };

  test("customer name", () => {
    expect(messageOf(manifest("Contoso Ltd"))).toContain(`m.yaml:3:11  customer "Contoso Ltd" (customers[0]), field name: name "Contoso Ltd" ${customerNameProblem("Contoso Ltd")}`);
  });

  test("display name", () => {
    expect(messageOf(manifest("contoso", `    displayName: "${"x".repeat(121)}"\n`))).toContain("field displayName: displayName is 121 characters; keep it to 120 or fewer");
  });

  test("value kinds agree with Azure: NFD accents and parentheses in resource groups; ../ never in state keys", () => {
    expect(resourceGroupNameProblem("rg-cafe\u0301")).toBeUndefined();
    expect(resourceGroupNameProblem("rg-caf\u00e9_(prod).v2")).toBeUndefined();
    expect(resourceGroupNameProblem("rg.")).toBeDefined();
    expect(resourceGroupNameProblem("rg state")).toBeDefined();
    expect(resourceGroupNameProblem("x".repeat(91))).toBeDefined();
    expect(stateKeyPrefixProblem("pal/")).toBeUndefined();
    expect(stateKeyPrefixProblem("")).toBeUndefined();
    expect(stateKeyPrefixProblem("a/../b/")).toBeDefined();
    expect(stateKeyPrefixProblem("/abs/")).toBeDefined();
  });
});
