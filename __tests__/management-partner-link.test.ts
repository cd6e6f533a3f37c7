import { TerraformStack } from "cdktf";
import { CustomerPrincipal, PrincipalSignIn } from "../constructs/customer-principal";
import { ManagementPartnerLink, ManagementPartnerLinkProps } from "../constructs/management-partner-link";
import { IDS, synthApp } from "./support/synth";

/** A link stack for an existing principal (literal IDs make the expressions easy to read). */
function linkStack(props: Partial<ManagementPartnerLinkProps> = {}, signIn?: PrincipalSignIn) {
  const result = synthApp((app) => {
    const stack = new TerraformStack(app, "link");
    const principal = CustomerPrincipal.fromExisting(stack, "principal", { clientId: IDS.clientId, objectId: IDS.objectId, tenantId: IDS.tenant, signIn });
    new ManagementPartnerLink(stack, "partner-link", { principal, partnerId: "1234567", ...props });
  });
  return result.stack("link");
}

describe("ManagementPartnerLink", () => {
  test("PUTs /providers/Microsoft.ManagementPartner/partners/<id> with api-version 2018-02-01 and no body", () => {
    const link = linkStack().only("azapi_resource_action");
    expect(link.body).toMatchObject({
      type: "Microsoft.ManagementPartner/partners@2018-02-01",
      resource_id: "/providers/Microsoft.ManagementPartner/partners/1234567",
      method: "PUT",
    });
    expect(link.body.body).toBeUndefined();
    expect(link.body.when).toBeUndefined(); // apply time (azapi's default)
  });

  test("retries while a new secret is not yet valid (AADSTS7000215)", () => {
    expect(linkStack().only("azapi_resource_action").body.retry).toEqual({ error_message_regex: ["AADSTS7000215"] });
  });

  test("exports objectId, tenantId, partnerId, partnerName and state from the response", () => {
    expect(linkStack().only("azapi_resource_action").body.response_export_values).toEqual({
      object_id: "properties.objectId",
      tenant_id: "properties.tenantId",
      partner_id: "properties.partnerId",
      partner_name: "properties.partnerName",
      state: "properties.state",
    });
  });

  test("a postcondition fails the apply when the linked object or tenant is not the principal's", () => {
    const [post] = linkStack().only("azapi_resource_action").body.lifecycle.postcondition;
    expect(post.condition).toBe(
      `\${((lower(self.output.object_id) == lower("${IDS.objectId}")) && (lower(self.output.tenant_id) == lower("${IDS.tenant}")))}`,
    );
    expect(post.error_message).toMatch(/different principal or tenant/);
  });

  test("is sent again when the principal changes: replace_triggered_by a terraform_data of the principal's IDs", () => {
    const stack = linkStack();
    const marker = stack.only("terraform_data");
    expect(marker.body.input).toEqual({ object_id: IDS.objectId, tenant_id: IDS.tenant });
    // A bare reference (Terraform's JSON syntax rejects "${...}" here).
    expect(stack.only("azapi_resource_action").body.lifecycle.replace_triggered_by).toEqual([`terraform_data.${marker.id}`]);
    expect(stack.json.terraform.required_providers.terraform).toBeUndefined(); // built in: nothing to install
  });

  test("a precondition refuses to PUT unless the provider is signed in as the principal", () => {
    const stack = linkStack();
    const config = stack.only("azapi_client_config", "data");
    const [pre] = stack.only("azapi_resource_action").body.lifecycle.precondition;
    expect(pre.condition).toBe(
      `\${((lower(${config.ref("object_id").slice(2, -1)}) == lower("${IDS.objectId}")) && (lower(${config.ref("tenant_id").slice(2, -1)}) == lower("${IDS.tenant}")))}`,
    );
    expect(pre.error_message).toMatch(/not signed in as the PAL principal/);
  });

  test("the sign-in precondition can be turned off", () => {
    const stack = linkStack({ verifySignIn: false });
    expect(stack.json.data).toBeUndefined();
    expect(stack.only("azapi_resource_action").body.lifecycle.precondition).toBeUndefined();
  });

  test("keeps the link on destroy unless deleteOnDestroy is set", () => {
    expect(Object.keys(linkStack().resources("azapi_resource_action"))).toHaveLength(1);
    const actions = Object.values(linkStack({ deleteOnDestroy: true }).resources("azapi_resource_action"));
    expect(actions).toHaveLength(2);
    expect(actions.find((a: any) => a.method === "DELETE")).toMatchObject({
      when: "destroy",
      resource_id: "/providers/Microsoft.ManagementPartner/partners/1234567",
      type: "Microsoft.ManagementPartner/partners@2018-02-01",
    });
  });

  test.each<[string, PrincipalSignIn | undefined, Record<string, unknown>]>([
    ["OIDC", undefined, { use_oidc: true }],
    ["a secret from the environment", { method: "environment" }, { use_oidc: false }],
    ["a client secret", { method: "clientSecret", clientSecret: "${var.secret}" }, { use_oidc: false, client_secret: "${var.secret}" }],
  ])("its provider signs in as the principal with %s and never falls back to CLI, MSI or AKS identity", (_how, signIn, expected) => {
    const [provider] = linkStack({}, signIn).providers("azapi");
    expect(provider).toEqual({
      tenant_id: IDS.tenant,
      client_id: IDS.clientId,
      use_cli: false,
      use_msi: false,
      use_aks_workload_identity: false,
      ...expected,
    });
  });

  test("rejects a partner ID that is a GUID", () => {
    expect(() => linkStack({ partnerId: IDS.tenant })).toThrow(/Customer Usage Attribution/);
  });
});
