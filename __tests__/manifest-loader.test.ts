import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ManifestError } from "../stacks/manifest/manifest-error";
import { bundledExampleManifest, loadManifest, locateManifest, parseManifest } from "../stacks/manifest/load-manifest";

const TENANT = "11111111-1111-1111-1111-111111111111";
const SUB = "22222222-2222-2222-2222-222222222222";

const MINIMAL = `
partnerId: "1234567"
defaults:
  credential: { type: federated, issuer: https://token.actions.githubusercontent.com, subject: "repo:contoso-msp/pal:environment:production" }
customers:
  - name: contoso
    tenantId: ${TENANT}
    scopes:
      - /subscriptions/${SUB}
`;

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "pal-manifest-"));
}

describe("manifest loader", () => {
  test("the top-level partnerName names the top-level partner only: a customer with its own partner ID does not inherit it", () => {
    const text = MINIMAL.replace('partnerId: "1234567"\n', 'partnerId: "1234567"\npartnerName: Contoso MSP\n') +
      `  - { name: own, partnerId: "7654321", tenantId: ${TENANT}, scopes: [/subscriptions/${SUB}] }\n` +
      `  - { name: same, partnerId: "1234567", tenantId: ${TENANT}, scopes: [/subscriptions/${SUB}] }\n` +
      `  - { name: named, partnerId: "7654321", partnerName: Fabrikam Partner, tenantId: ${TENANT}, scopes: [/subscriptions/${SUB}] }\n`;
    const byName = Object.fromEntries(parseManifest(text, "pal.config.yaml").customers.map((c) => [c.name, c.partnerName]));
    expect(byName).toEqual({ contoso: "Contoso MSP", own: undefined, same: "Contoso MSP", named: "Fabrikam Partner" });
  });

  test("reads the minimal manifest and applies the defaults", () => {
    const spec = parseManifest(MINIMAL, "pal.config.yaml");
    expect(spec.backend).toEqual({ type: "local" });
    expect(spec.policy).toEqual({ maxPasswordLifetimeHours: 720 });
    expect(spec.customers).toEqual([
      {
        name: "contoso",
        tenantId: TENANT,
        subscriptionId: SUB,
        partnerId: "1234567",
        scopes: [`/subscriptions/${SUB}`],
        roles: ["Reader", "Support Request Contributor"],
        credential: { type: "federated", issuer: "https://token.actions.githubusercontent.com", subject: "repo:contoso-msp/pal:environment:production" },
        owners: [],
        deleteLinkOnDestroy: false,
        acknowledgements: [],
      },
    ]);
  });

  test("accepts the same manifest as JSON", () => {
    const yaml = parseManifest(MINIMAL, "pal.config.yaml");
    const json = parseManifest(JSON.stringify(require("yaml").parse(MINIMAL)), "pal.config.json", "json");
    expect(json.customers).toEqual(yaml.customers);
  });

  test("customer values override the defaults and the top-level partner ID", () => {
    const spec = parseManifest(
      MINIMAL +
        `    roles: [Reader, Monitoring Contributor]
    partnerId: "7654321"
    credential: { type: password, lifetime: 168h }
    owners: [${TENANT.toUpperCase()}]
    displayName: PAL contoso
    deleteLinkOnDestroy: true
    acknowledge: { PAL005: "No pipeline at this customer yet; ticket 4711" }
`,
      "pal.config.yaml",
    );
    expect(spec.customers[0]).toMatchObject({
      roles: ["Reader", "Monitoring Contributor"],
      partnerId: "7654321",
      credential: { type: "password", lifetime: "168h" },
      owners: [TENANT],
      displayName: "PAL contoso",
      deleteLinkOnDestroy: true,
      acknowledgements: [{ rule: "PAL005", reason: "No pipeline at this customer yet; ticket 4711" }],
    });
  });

  test("replaces {customer} in credentials with the customer's name", () => {
    const spec = parseManifest(
      `partnerId: "1234567"
defaults:
  credential: { github: { repository: contoso-msp/pal, environment: "pal-{customer}" } }
customers:
  - { name: contoso, tenantId: ${TENANT}, scopes: [/subscriptions/${SUB}] }
  - name: fabrikam
    tenantId: ${TENANT}
    scopes: [/subscriptions/${SUB}]
    credential: { azureDevOps: { organizationId: ${SUB}, organization: contoso-msp, project: pal, serviceConnection: "pal-{customer}" } }
`,
      "pal.config.yaml",
    );
    expect(spec.customers[0].credential).toMatchObject({ subject: "repo:contoso-msp/pal:environment:pal-contoso" });
    expect(spec.customers[1].credential).toMatchObject({ issuer: `https://vstoken.dev.azure.com/${SUB}`, subject: "sc://contoso-msp/pal/pal-fabrikam" });
  });

  test("derives the provider subscription from the smallest subscription among the scopes, whatever their order", () => {
    const other = "00000000-0000-0000-0000-00000000000a";
    const a = parseManifest(MINIMAL + `      - /subscriptions/${other}/resourceGroups/rg\n`, "m.yaml");
    const b = parseManifest(MINIMAL.replace(`- /subscriptions/${SUB}`, `- /subscriptions/${other}/resourceGroups/rg\n      - /subscriptions/${SUB}`), "m.yaml");
    expect(a.customers[0].subscriptionId).toBe(other);
    expect(b.customers[0].subscriptionId).toBe(other);
  });

  test("reads an azurerm backend", () => {
    const spec = parseManifest(MINIMAL + `backend: { type: azurerm, resourceGroupName: rg-state, storageAccountName: stpalstate, containerName: pal-state }\n`, "m.yaml");
    expect(spec.backend).toEqual({ type: "azurerm", resourceGroupName: "rg-state", storageAccountName: "stpalstate", containerName: "pal-state", keyPrefix: "pal/" });
  });

  test("reports every problem at once, each with file, line, customer and field", () => {
    const text = `partnerId: "1234567"
defaults:
  credential: { type: password }
customers:
  - name: contoso
    tenantId: not-a-guid
    scopes: [/subscriptions/${SUB}]
  - name: Fabrikam Corp
    tenantId: ${TENANT}
    scopes: [/subscriptions/${SUB}]
    rolez: [Reader]
`;
    let error: ManifestError | undefined;
    try {
      parseManifest(text, "pal.config.yaml");
    } catch (e) {
      error = e as ManifestError;
    }
    expect(error).toBeInstanceOf(ManifestError);
    expect(error!.problems).toHaveLength(3);
    expect(error!.message).toContain('pal.config.yaml:6:15  customer "contoso" (customers[0]), field tenantId: tenantId "not-a-guid" is not a GUID');
    expect(error!.message).toContain('pal.config.yaml:8:11  customer "Fabrikam Corp" (customers[1]), field name: name "Fabrikam Corp" cannot name stacks');
    expect(error!.message).toContain('pal.config.yaml:11:5  customer "Fabrikam Corp" (customers[1]), field rolez: unknown key "rolez" in customers[1]. Did you mean "roles"?');
  });

  test("reports YAML syntax errors with their line", () => {
    expect(() => parseManifest("partnerId: [1234567\ncustomers: []\n", "pal.config.yaml")).toThrow(/pal\.config\.yaml:\d+:\d+  YAML syntax error/);
  });

  test("reports JSON syntax errors with their line", () => {
    expect(() => parseManifest('{\n  "partnerId": "1234567",\n}\n', "pal.config.json", "json")).toThrow(/pal\.config\.json:3:1  JSON syntax error/);
  });
});

describe("locating the manifest", () => {
  test("uses PAL_CONFIG when set", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "mine.yaml"), MINIMAL);
    expect(locateManifest(dir, { PAL_CONFIG: "mine.yaml" })).toEqual({ file: path.join(dir, "mine.yaml"), origin: "PAL_CONFIG" });
  });

  test("fails, rather than falling back, when PAL_CONFIG names a missing file", () => {
    expect(() => locateManifest(tempDir(), { PAL_CONFIG: "missing.yaml" })).toThrow(/PAL_CONFIG names .*missing\.yaml, which does not exist/);
  });

  test("uses pal.config.yaml in the working directory", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "pal.config.yaml"), MINIMAL);
    expect(locateManifest(dir, {})).toEqual({ file: path.join(dir, "pal.config.yaml"), origin: "working directory" });
  });

  test("falls back to the bundled example fleet, which is valid", () => {
    const location = locateManifest(tempDir(), {});
    expect(location).toEqual({ file: bundledExampleManifest(), origin: "bundled example" });
    const spec = loadManifest(location.file);
    expect(spec.customers.map((c) => [c.name, c.credential.type])).toEqual([
      ["contoso", "federated"],
      ["fabrikam", "password"],
      ["northwind", "federated"],
      ["woodgrove", "none"],
    ]);
  });
});
