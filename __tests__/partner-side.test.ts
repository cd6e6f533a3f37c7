/**
 * The partner side at fleet scale: the `partner:` manifest section and the federated credentials the
 * partner-side apps need. Entra ID allows at most 20 federated identity credentials per application
 * (Microsoft Learn, "Important considerations and restrictions for federated identity credentials"):
 * the count must not grow with the fleet.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { ONBOARDING_ENVIRONMENT, partnerFederatedCredentials } from "../stacks/manifest/partner-section";
import { validateManifest } from "../stacks/manifest/validate-manifest";
import { generateFleetManifest } from "../tools/generate-fleet";

const PARTNER_TENANT = "0a0a0a0a-0000-4000-8000-000000000002";
const github = { tenantId: PARTNER_TENANT, subscriptionId: "0a0a0a0a-0000-4000-8000-000000000001", location: "westeurope", ci: { github: { repository: "contoso-msp/pal" } } };
const azureDevOps = {
  ...github,
  ci: { azureDevOps: { organizationId: "0ca3ddd9-f0b0-4635-a98c-5866526961b6", automationConnectionId: "64171687-7a59-4fce-b2c8-823278dcf176", planConnectionId: "74171687-7a59-4fce-b2c8-823278dcf176" } },
};

function fleet(partner: unknown, count: number) {
  const result = validateManifest({ ...generateFleetManifest(count), partner }, "pal.config.yaml");
  expect(result.problems).toEqual([]);
  return result.spec!;
}

describe("partner-side federated credentials", () => {
  test.each([
    ["GitHub", github],
    ["Azure DevOps", azureDevOps],
  ])("%s: a 1000-customer manifest needs at most 5 federated credentials on any one partner-side app, the same as 1 customer", (_, partner) => {
    const big = partnerFederatedCredentials(fleet(partner, 1000).partner!);
    const small = partnerFederatedCredentials(fleet(partner, 1).partner!);
    for (const app of ["automation", "plan"] as const) {
      expect(big[app].length).toBeLessThanOrEqual(5);
      expect(big[app]).toEqual(small[app]);
      expect(new Set(big[app].map((c) => c.name)).size).toBe(big[app].length);
    }
  });

  test("GitHub: the automation app trusts only environment pal-onboarding, the plan identity only pull_request jobs, as the workflows use them", () => {
    const { automation, plan } = partnerFederatedCredentials(fleet(github, 3).partner!);
    expect(automation.map((c) => c.subject)).toEqual([`repo:contoso-msp/pal:environment:${ONBOARDING_ENVIRONMENT}`]);
    expect(plan.map((c) => c.subject)).toEqual(["repo:contoso-msp/pal:pull_request"]);
    const workflows = path.join(__dirname, "..", "examples", "pipelines", "github", "workflows");
    for (const file of fs.readdirSync(workflows)) {
      for (const job of Object.values<any>(parse(fs.readFileSync(path.join(workflows, file), "utf8")).jobs)) {
        if (job.env?.ARM_CLIENT_ID === "${{ vars.PAL_AUTOMATION_CLIENT_ID }}") expect(job.environment).toBe(ONBOARDING_ENVIRONMENT);
        if (job.env?.ARM_CLIENT_ID === "${{ vars.PAL_PLAN_CLIENT_ID }}") expect(job.environment).toBeUndefined(); // subject repo:<org>/<repo>:pull_request
      }
    }
  });

  test("Azure DevOps: the partner-side apps trust their service connections with the Microsoft Entra issuer of the partner tenant", () => {
    const { automation, plan } = partnerFederatedCredentials(fleet(azureDevOps, 2).partner!);
    for (const c of [...automation, ...plan]) expect(c.issuer).toBe(`https://login.microsoftonline.com/${PARTNER_TENANT}/v2.0`);
    expect(automation[0].subject).toMatch(/^\/eid1\/c\/pub\/t\/[\w-]{22}\/a\/rISbSSETf0KqFyZ8ppdXmA\/sc\/0ca3ddd9-f0b0-4635-a98c-5866526961b6\/64171687-/);
  });

  test("a bad partner section is reported with where and how to fix it", () => {
    const result = validateManifest({ ...generateFleetManifest(1), partner: { tenantId: "nope", location: "West Europe", ci: { github: {}, azureDevOps: {} }, extra: 1 } }, "pal.config.yaml");
    const messages = result.problems.map((p) => p.message).join("\n");
    expect(messages).toMatch(/unknown key "extra" in partner/);
    expect(messages).toMatch(/partner\.tenantId "nope" is not a GUID/);
    expect(messages).toMatch(/partner\.subscriptionId is missing/);
    expect(messages).toMatch(/partner\.location must be an Azure region name/);
    expect(messages).toMatch(/partner\.ci needs exactly one of github/);
  });

  test("partner.ci.github.repository gets the same repository check as a customer's credential", () => {
    for (const repository of ["contoso-msp/..", "https://github.com/contoso-msp/pal", "-contoso/pal"]) {
      const result = validateManifest({ ...generateFleetManifest(1), partner: { ...github, ci: { github: { repository } } } }, "pal.config.yaml");
      expect(result.problems.map((p) => p.message).join("\n")).toContain(`partner.ci.github: repository "${repository}"`);
    }
  });
});
