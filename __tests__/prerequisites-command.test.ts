import * as path from "path";
import { prerequisites } from "../scripts/prerequisites";

const PIPELINES = path.join(__dirname, "..", "examples", "pipelines");

describe("npm run prerequisites -- <customer>", () => {
  test("prints the customer's grants with its tenant, scopes, roles and the partner-side client IDs filled in", () => {
    const text = prerequisites(["fabrikam"], PIPELINES, { PAL_CONFIG: "pal.config.yaml", PAL_AUTOMATION_CLIENT_ID: "aaaaaaaa-0000-4000-8000-000000000001", PAL_PLAN_CLIENT_ID: "bbbbbbbb-0000-4000-8000-000000000001" });
    expect(text).toContain("az login --tenant 44444444-4444-4444-4444-444444444444");
    expect(text).toContain("az ad sp create --id aaaaaaaa-0000-4000-8000-000000000001");
    expect(text).toContain("grant bbbbbbbb-0000-4000-8000-000000000001 Application.Read.All");
    expect(text).toContain('--scope "/subscriptions/55555555-5555-5555-5555-555555555555/resourceGroups/rg-erp"');
    // The automation app may assign exactly the manifest's roles (Reader, Support Request Contributor).
    expect(text).toContain("GuidEquals {acdd72a7-3385-48ef-bd42-f606fba81ae7, cfd33db0-3dd1-45e3-aa9d-cdbdf3b6f24e}");
    expect(text).not.toContain("<PAL_AUTOMATION_CLIENT_ID>");
  });

  test("an unknown customer is an error listing the known ones; missing client IDs show placeholders", () => {
    expect(() => prerequisites(["nobody"], PIPELINES, { PAL_CONFIG: "pal.config.yaml" })).toThrow(/"nobody" is not in .*Customers: contoso, fabrikam, northwind/);
    expect(prerequisites(["contoso"], PIPELINES, { PAL_CONFIG: "pal.config.yaml" })).toContain("az ad sp create --id <PAL_AUTOMATION_CLIENT_ID>");
  });

  test("the Lighthouse managing tenant: consent and Graph permissions for the automation app, no Azure role", () => {
    const text = prerequisites(["managing-tenant"], path.join(__dirname, ".."), { PAL_CONFIG: "examples/fleet/pal.config.yaml", PAL_AUTOMATION_CLIENT_ID: "aaaaaaaa-0000-4000-8000-000000000001" });
    expect(text).toContain("az login --tenant dddddddd-dddd-dddd-dddd-dddddddddddd --allow-no-subscriptions");
    expect(text).toContain("grant aaaaaaaa-0000-4000-8000-000000000001 Application.ReadWrite.OwnedBy");
    expect(text).not.toContain("az role assignment create");
  });

  test("a Lighthouse customer: an Owner of its subscriptions deploys the delegation template, nothing to consent", () => {
    const text = prerequisites(["litware"], path.join(__dirname, ".."), { PAL_CONFIG: "examples/fleet/pal.config.yaml" });
    expect(text).toContain("Run as Owner of subscriptions 14141414-1414-1414-1414-141414141414, 15151515-1515-1515-1515-151515151515");
    expect(text).toContain("--template-file litware.template.json");
    expect(text).not.toContain("az ad sp create");
  });
});
