import { buildBringYourOwnPrincipal } from "../examples/bring-your-own-principal/main";
import { findingsOf } from "./support/checks";
import { synthApp } from "./support/synth";

// Type-checked by `tsc` in `npm test`; this proves it synthesises and passes the PAL checks.
describe("examples/bring-your-own-principal", () => {
  test("an existing principal gets roles and a link in one stack, without creating anything in Entra ID", () => {
    const stack = synthApp((app) => buildBringYourOwnPrincipal(app)).stack("contoso-byo");
    expect(stack.json.resource.azuread_application).toBeUndefined();
    const assignments = Object.values<any>(stack.resources("azurerm_role_assignment"));
    expect(assignments.map((a) => a.principal_id)).toEqual(["44444444-4444-4444-4444-444444444444", "44444444-4444-4444-4444-444444444444"]);
    expect(stack.providers("azapi")[0]).toMatchObject({ client_id: "33333333-3333-3333-3333-333333333333", use_oidc: true, use_cli: false, use_msi: false });
    expect(stack.only("azapi_resource_action").body.lifecycle.postcondition[0].condition).toContain('lower("44444444-4444-4444-4444-444444444444")');
  });

  test("has no policy findings", () => {
    expect(findingsOf((app) => buildBringYourOwnPrincipal(app))).toEqual([]);
  });
});
