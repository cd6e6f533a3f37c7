import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { TerraformOutput, TerraformStack } from "cdktf";
import { CustomerPrincipal } from "../constructs/customer-principal";
import { FEDERATED_CREDENTIAL_AUDIENCE, FederatedCredential, GITHUB_ACTIONS_ISSUER } from "../constructs/federated-credential";
import { PasswordCredential, renewAfterHours } from "../constructs/password-credential";
import { IDS, synthApp } from "./support/synth";

/** Synthesises one stack holding one principal with `credential`. */
function principalStack(props: Partial<ConstructorParameters<typeof CustomerPrincipal>[2]> = {}) {
  let principal!: CustomerPrincipal;
  const result = synthApp((app) => {
    const stack = new TerraformStack(app, "identity");
    new AzureadProvider(stack, "azuread", { tenantId: IDS.tenant });
    principal = new CustomerPrincipal(stack, "principal", {
      customerName: "contoso",
      tenantId: IDS.tenant,
      partnerId: "1234567",
      credential: FederatedCredential.githubActions({ repository: "contoso-msp/pal", environment: "pal-contoso" }),
      ...props,
    });
  });
  return { stack: result.stack("identity"), principal };
}

describe("CustomerPrincipal", () => {
  test("creates an application and its service principal in the customer tenant", () => {
    const { stack } = principalStack();
    const app = stack.only("azuread_application");
    expect(app.body).toMatchObject({
      display_name: "PAL (Partner Admin Link) for 1234567 - contoso",
      sign_in_audience: "AzureADMyOrg",
    });
    expect(stack.only("azuread_service_principal").body.client_id).toBe(app.ref("client_id"));
  });

  test("names the principal after the partner name when given, and accepts an explicit display name", () => {
    expect(principalStack({ partnerName: "Contoso MSP" }).stack.only("azuread_application").body.display_name).toBe(
      "PAL (Partner Admin Link) for Contoso MSP - contoso",
    );
    expect(principalStack({ displayName: "pal-contoso" }).stack.only("azuread_application").body.display_name).toBe("pal-contoso");
  });

  test("makes the deploying principal and the configured owners owners of both objects", () => {
    const { stack } = principalStack({ owners: [IDS.owner] });
    const deployer = stack.only("azuread_client_config", "data").ref("object_id");
    expect(stack.only("azuread_application").body.owners).toEqual([deployer, IDS.owner]);
    expect(stack.only("azuread_service_principal").body.owners).toEqual([deployer, IDS.owner]);
  });

  test("can leave the deployer out of the owners", () => {
    const { stack } = principalStack({ includeDeployerAsOwner: false });
    expect(stack.json.data?.azuread_client_config).toBeUndefined();
    expect(stack.only("azuread_application").body.owners).toBeUndefined();
  });

  test("exposes the service principal's object ID (not the application's) and the application's client ID", () => {
    const result = synthApp((app) => {
      const stack = new TerraformStack(app, "identity");
      new AzureadProvider(stack, "azuread", { tenantId: IDS.tenant });
      const principal = new CustomerPrincipal(stack, "principal", {
        customerName: "contoso",
        tenantId: IDS.tenant,
        partnerId: "1234567",
        credential: FederatedCredential.githubActions({ repository: "contoso-msp/pal", environment: "pal-contoso" }),
      });
      new TerraformOutput(stack, "object_id", { value: principal.objectId });
      new TerraformOutput(stack, "client_id", { value: principal.clientId });
      expect(principal.credentialType).toBe("federated");
      expect(principal.signIn).toEqual({ method: "oidc" });
    });
    const stack = result.stack("identity");
    expect(stack.outputs.object_id.value).toBe(stack.only("azuread_service_principal").ref("object_id"));
    expect(stack.outputs.client_id.value).toBe(stack.only("azuread_application").ref("client_id"));
  });

  test.each([
    ["tenantId", { tenantId: "contoso.onmicrosoft.com" }, /tenantId "contoso.onmicrosoft.com" is not a GUID/],
    ["owners", { owners: ["alice@contoso.com"] }, /owner "alice@contoso.com" is not a GUID/],
    ["partnerId", { partnerId: "11111111-2222-3333-4444-555555555555" }, /Customer Usage Attribution/],
  ])("rejects an invalid %s at once", (_field, props, message) => {
    expect(() => principalStack(props)).toThrow(message);
  });
});

describe("federated credential (default)", () => {
  test("trusts the pipeline's issuer and subject with the token exchange audience", () => {
    const { stack } = principalStack();
    const credential = stack.only("azuread_application_federated_identity_credential");
    expect(credential.body).toMatchObject({
      application_id: stack.only("azuread_application").ref("id"),
      issuer: GITHUB_ACTIONS_ISSUER,
      subject: "repo:contoso-msp/pal:environment:pal-contoso",
      audiences: [FEDERATED_CREDENTIAL_AUDIENCE],
      display_name: "pal-link",
    });
    expect(stack.json.resource.azuread_application_password).toBeUndefined();
  });

  test.each([
    [{ repository: "o/r", environment: "prod" }, "repo:o/r:environment:prod"],
    [{ repository: "o/r", ref: "refs/heads/main" }, "repo:o/r:ref:refs/heads/main"],
    [{ repository: "o/r", pullRequest: true }, "repo:o/r:pull_request"],
  ])("GitHub Actions form %j gives subject %s", (options, subject) => {
    expect(FederatedCredential.githubActions(options)).toEqual({ issuer: GITHUB_ACTIONS_ISSUER, subject });
  });

  test("GitHub Actions form needs exactly one job context", () => {
    expect(() => FederatedCredential.githubActions({ repository: "o/r", environment: "a", ref: "refs/heads/main" })).toThrow(/exactly one/);
    expect(() => FederatedCredential.githubActions({ repository: "o/r" })).toThrow(/exactly one/);
    expect(() => FederatedCredential.githubActions({ repository: "just-a-repo", environment: "a" })).toThrow(/"<owner>\/<repo>"/);
    // The repository value kind's rules, not a looser form check: GitHub reserves "." and "..", owners are at most 39 characters without leading dashes.
    expect(() => FederatedCredential.githubActions({ repository: "contoso-msp/..", environment: "a" })).toThrow(/names the repository "\.\."/);
    expect(() => FederatedCredential.githubActions({ repository: "-contoso/pal", environment: "a" })).toThrow(/"<owner>\/<repo>"/);
    expect(() => FederatedCredential.githubActions({ repository: `${"a".repeat(40)}/pal`, environment: "a" })).toThrow(/"<owner>\/<repo>"/);
  });

  test("Azure DevOps form gives the service connection's issuer and subject", () => {
    expect(
      FederatedCredential.azureDevOpsVstoken({ organizationId: "ABCDEF01-2345-6789-ABCD-EF0123456789", organization: "contoso", project: "PAL Project", serviceConnection: "pal-contoso" }),
    ).toEqual({ issuer: "https://vstoken.dev.azure.com/abcdef01-2345-6789-abcd-ef0123456789", subject: "sc://contoso/PAL Project/pal-contoso" });
    expect(() => FederatedCredential.azureDevOpsVstoken({ organizationId: "contoso", organization: "contoso", project: "p", serviceConnection: "s" })).toThrow(/organizationId "contoso" is not a GUID/);
  });

  test.each([
    [{ issuer: "http://token.actions.githubusercontent.com", subject: "x" }, /https:\/\/ URL/],
    [{ issuer: GITHUB_ACTIONS_ISSUER, subject: "" }, /subject is missing/],
    [{ issuer: GITHUB_ACTIONS_ISSUER, subject: "repo:o/r:environment:prod " }, /leading or trailing white space/],
    [{ issuer: GITHUB_ACTIONS_ISSUER, subject: "repo:o/r:environment:a\nb" }, /line break/],
    [{ issuer: GITHUB_ACTIONS_ISSUER, subject: "repo:o/r:pull_request", audience: "api://other" }, /only audience Entra ID accepts/],
  ])("rejects %j", (credential, message) => {
    expect(() => principalStack({ credential })).toThrow(message);
  });
});

describe("password credential", () => {
  test("creates a secret that lives 30 days by default and is due for rotation a quarter of that earlier", () => {
    const { stack, principal } = principalStack({ credential: { type: "password" } });
    const rotation = stack.only("time_rotating");
    expect(rotation.body.rotation_hours).toBe(540);
    const secret = stack.only("azuread_application_password");
    const start = rotation.ref("rfc3339").slice(2, -1);
    expect(secret.body).toMatchObject({
      application_id: stack.only("azuread_application").ref("id"),
      // Expires a full lifetime after the rotation's start, so it still works when the rotation is due.
      end_date: `\${timeadd(${start}, "720h")}`,
      rotate_when_changed: { rotation: rotation.ref("id") },
    });
    expect(secret.body.end_date_relative).toBeUndefined(); // deprecated in azuread 3.7.0
    expect(principal.credentialType).toBe("password");
    expect(principal.signIn).toMatchObject({ method: "clientSecret" });
  });

  test("waits after each new secret until it has propagated, so the link stage can sign in with it", () => {
    const { stack } = principalStack({ credential: { type: "password" } });
    const sleep = stack.only("time_sleep");
    expect(sleep.body).toMatchObject({ create_duration: "60s", triggers: { key_id: stack.only("azuread_application_password").ref("key_id") } });
  });

  test("brings the time provider the stack needs, once", () => {
    const { stack } = principalStack({ credential: { type: "password", lifetime: "7d" } });
    expect(stack.providers("time")).toHaveLength(1);
    expect(stack.only("time_rotating").body.rotation_hours).toBe(126);
    expect(stack.json.resource.azuread_application_federated_identity_credential).toBeUndefined();
  });

  test.each([
    [720, 540],
    [168, 126],
    [24, 18],
    [2, 1],
  ])("a %ih secret is due for rotation after %ih, before it expires", (lifetime, renewAfter) => {
    expect(renewAfterHours(lifetime)).toBe(renewAfter);
    expect(renewAfterHours(lifetime)).toBeLessThan(lifetime);
  });

  test("the propagation delay is configurable and must be a duration", () => {
    const make = (propagationDelay: string) =>
      synthApp((app) => {
        const stack = new TerraformStack(app, "s");
        new AzureadProvider(stack, "azuread", { tenantId: IDS.tenant });
        new PasswordCredential(stack, "pw", { applicationId: "/applications/x", propagationDelay });
      }).stack("s");
    expect(make("0s").only("time_sleep").body.create_duration).toBe("0s");
    expect(() => make("a minute")).toThrow(/propagationDelay "a minute" is not a duration/);
  });

  test("rejects a lifetime that is not a duration", () => {
    expect(() => principalStack({ credential: { type: "password", lifetime: "30 days" } })).toThrow(/"30 days" is not a duration/);
  });
});

describe("CustomerPrincipal.fromExisting", () => {
  test("creates nothing and signs in with OIDC by default", () => {
    let principal: any;
    const result = synthApp((app) => {
      const stack = new TerraformStack(app, "byo");
      principal = CustomerPrincipal.fromExisting(stack, "principal", { clientId: IDS.clientId, objectId: IDS.objectId.toUpperCase(), tenantId: IDS.tenant });
    });
    expect(result.stack("byo").json.resource).toBeUndefined();
    expect(principal).toMatchObject({ clientId: IDS.clientId, objectId: IDS.objectId, tenantId: IDS.tenant, credentialType: "existing", signIn: { method: "oidc" } });
  });

  test("rejects IDs that are not GUIDs", () => {
    expect(() => synthApp((app) => CustomerPrincipal.fromExisting(new TerraformStack(app, "s"), "p", { clientId: "app", objectId: IDS.objectId, tenantId: IDS.tenant }))).toThrow(
      /clientId "app" is not a GUID/,
    );
  });
});
