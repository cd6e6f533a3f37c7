import { buildExistingApp } from "../examples/existing-app/main";
import { synthApp } from "./support/synth";

// The example is type-checked by `tsc` in `npm test`; this proves it also synthesises correctly.
describe("examples/existing-app", () => {
  test("adds the PAL principal and roles next to the app's own resources, and links in a second stack", () => {
    const result = synthApp((app) => buildExistingApp(app));
    const platform = result.stack("platform");
    const link = result.stack("platform-pal-link");
    expect(platform.only("azurerm_resource_group").body.name).toBe("rg-app");
    const rg = platform.only("azurerm_resource_group").id;
    const assignments = Object.values(platform.resources("azurerm_role_assignment"));
    expect(assignments).toHaveLength(2);
    for (const a of assignments) expect(a.depends_on).toEqual([`azurerm_resource_group.${rg}`]);
    expect(link.only("azapi_resource_action").body.method).toContain(`"PUT"`); // PUT unless the read-back finds a link (GET) or another partner ID (PATCH)
    expect(link.providers("azapi")[0]).toMatchObject({ use_cli: false, use_msi: false, use_oidc: true });
    expect(result.manifest.stacks["platform-pal-link"].dependencies).toEqual(["platform"]);
  });
});
