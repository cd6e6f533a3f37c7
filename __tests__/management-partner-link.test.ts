import { TerraformStack } from "cdktf";
import { CustomerPrincipal, PrincipalSignIn } from "../constructs/customer-principal";
import { ManagementPartnerLink, ManagementPartnerLinkProps } from "../constructs/management-partner-link";
import { parseManifest } from "../stacks/manifest/load-manifest";
import { addCustomerStacks } from "../stacks/customer-stacks";
import { IDS, synthApp } from "./support/synth";

const MANIFEST = (defaults: string, customer: string) => `
partnerId: "1234567"
defaults:
  credential: { github: { repository: contoso-msp/pal, environment: "pal-{customer}" } }${defaults}
customers:
  - name: contoso
    tenantId: ${IDS.tenant}
    scopes: [/subscriptions/22222222-2222-2222-2222-222222222222]${customer}
  - name: fabrikam
    tenantId: ${IDS.tenant}
    scopes: [/subscriptions/22222222-2222-2222-2222-222222222222]
`;

/** Whether each customer's link stack keeps the other-partner precondition (i.e. relink is off). */
function relinkByCustomer(text: string): Record<string, boolean | undefined> {
  const fleet = parseManifest(text, "pal.config.yaml");
  const result = synthApp((app) => fleet.customers.forEach((c) => addCustomerStacks(app, c, { type: "local" })));
  const out: Record<string, boolean | undefined> = {};
  for (const c of fleet.customers) {
    const action = Object.values<any>(result.stack(`${c.name}-link`).resources("azapi_resource_action")).find((a) => a.when !== "destroy");
    const refusesOther = action.lifecycle.precondition.some((p: any) => /_status_[^ ]+ == "other"/.test(p.condition));
    expect(c.relink === true).toBe(!refusesOther);
    out[c.name] = c.relink;
  }
  return out;
}

/** A link stack for an existing principal (literal IDs make the expressions easy to read). */
function linkStack(props: Partial<ManagementPartnerLinkProps> = {}, signIn?: PrincipalSignIn) {
  const result = synthApp((app) => {
    const stack = new TerraformStack(app, "link");
    const principal = CustomerPrincipal.fromExisting(stack, "principal", { clientId: IDS.clientId, objectId: IDS.objectId, tenantId: IDS.tenant, signIn });
    new ManagementPartnerLink(stack, "partner-link", { principal, partnerId: "1234567", ...props });
  });
  return result.stack("link");
}

/** The link action (the one that is not the destroy-time DELETE). */
function linkAction(stack: ReturnType<typeof linkStack>): { id: string; body: any } {
  const [id, body] = Object.entries<any>(stack.resources("azapi_resource_action")).find(([, a]) => a.when !== "destroy")!;
  return { id, body };
}

/** The terraform_data resources of the link, by what they hold. */
function markers(stack: ReturnType<typeof linkStack>): { principal: string; repair: string; all: Record<string, any> } {
  const all = stack.resources("terraform_data");
  const principal = Object.keys(all).find((k) => all[k].input.object_id)!;
  const repair = Object.keys(all).find((k) => all[k].input.link)!;
  return { principal, repair, all };
}

describe("ManagementPartnerLink", () => {
  test("acts on /providers/Microsoft.ManagementPartner/partners/<id> with api-version 2018-02-01 and no body", () => {
    const { body } = linkAction(linkStack());
    expect(body).toMatchObject({ type: "Microsoft.ManagementPartner/partners@2018-02-01", resource_id: "/providers/Microsoft.ManagementPartner/partners/1234567" });
    expect(body.body).toBeUndefined();
    expect(body.when).toBeUndefined(); // apply time (azapi's default)
  });

  test("reads the link back at every plan, by partner ID and with the no-ID GET, never failing on not found", () => {
    const reads = Object.values<any>(linkStack().json.data.azapi_resource);
    expect(reads).toHaveLength(2);
    const byId = reads.find((r) => r.resource_id);
    expect(byId).toMatchObject({ type: "Microsoft.ManagementPartner/partners@2018-02-01", resource_id: "/providers/Microsoft.ManagementPartner/partners/1234567", ignore_not_found: true, provider: "azapi" });
    // azapi builds `/providers/<name>` for a provider type under parent "/": GET /providers/Microsoft.ManagementPartner/partners.
    const caller = reads.find((r) => r.parent_id === "/");
    expect(caller).toMatchObject({ type: "Microsoft.ManagementPartner@2018-02-01", name: "Microsoft.ManagementPartner/partners", ignore_not_found: true, provider: "azapi" });
    for (const r of reads) expect(r.response_export_values).toMatchObject({ partner_id: "properties.partnerId", state: "properties.state" });
  });

  test("the method follows the read-back: PATCH for another partner ID, GET when already linked, PUT otherwise; only a replacement takes a new one", () => {
    const stack = linkStack();
    const [status] = Object.keys(stack.json.locals).filter((k) => k.includes("_status_"));
    const { body } = linkAction(stack);
    expect(body.method).toBe(`\${(local.${status} == "other") ? "PATCH" : (local.${status} == "linked") ? "GET" : "PUT"}`);
    expect(body.lifecycle.ignore_changes).toEqual(["method"]);
    expect(stack.json.locals[status]).toMatch(/\? "absent" : .* \? "deleted" : .*== lower\("1234567"\)\) \? "linked" : "other"/);
  });

  test("retries while a new secret is not yet valid (AADSTS7000215)", () => {
    expect(linkAction(linkStack()).body.retry).toEqual({ error_message_regex: ["AADSTS7000215"] });
  });

  test("exports objectId, tenantId, partnerId, partnerName and state from the response", () => {
    expect(linkAction(linkStack()).body.response_export_values).toEqual({
      object_id: "properties.objectId",
      tenant_id: "properties.tenantId",
      partner_id: "properties.partnerId",
      partner_name: "properties.partnerName",
      state: "properties.state",
    });
  });

  test("one postcondition per field (object ID, tenant ID, partner ID, state), each naming the field that differed", () => {
    const posts = linkAction(linkStack()).body.lifecycle.postcondition;
    expect(posts.map((p: any) => p.condition)).toEqual([
      `\${(lower(self.output.object_id) == lower("${IDS.objectId}"))}`,
      `\${(lower(self.output.tenant_id) == lower("${IDS.tenant}"))}`,
      `\${(lower(self.output.partner_id) == lower("1234567"))}`,
      `\${(lower(self.output.state) == lower("Active"))}`,
    ]);
    expect(posts.map((p: any) => /the (object ID|tenant ID|partner ID|state) differs/.exec(p.error_message)?.[1])).toEqual(["object ID", "tenant ID", "partner ID", "state"]);
    expect(posts[2].error_message).toContain("Azure answered ${self.output.partner_id}, the kit intended 1234567");
  });

  test("is sent again when the principal changes or the read-back is not linked: replace_triggered_by two terraform_data", () => {
    const stack = linkStack();
    const m = markers(stack);
    expect(m.all[m.principal].input).toEqual({ object_id: IDS.objectId, tenant_id: IDS.tenant });
    // Unknown at plan (timestamp()) unless linked, the constant "steady" once applied.
    expect(m.all[m.repair].input.link).toMatch(/^\$\{\(local\.[^ ]+ == "linked"\) \? "steady" : \(timestamp\(\) == "known-at-apply"\) \? "repair" : "steady"\}$/);
    // Bare references (Terraform's JSON syntax rejects "${...}" here).
    expect(linkAction(stack).body.lifecycle.replace_triggered_by).toEqual([`terraform_data.${m.principal}`, `terraform_data.${m.repair}`]);
    expect(stack.json.terraform.required_providers.terraform).toBeUndefined(); // built in: nothing to install
  });

  test("a check block warns at every plan while the link is not this partner ID and Active", () => {
    const stack = linkStack();
    const [name] = Object.keys(stack.json.check);
    const [assertion] = stack.json.check[name].assert;
    expect(assertion.condition).toMatch(/^\$\{\(local\.[^ ]+_status_[^ ]+ == "linked"\)\}$/);
    expect(assertion.error_message).toMatch(/^Partner Admin Link drift: .*intended: partner ID 1234567, Active/);
  });

  test("a link to another partner ID fails the plan naming both IDs, unless relink is set", () => {
    const [, other] = linkAction(linkStack()).body.lifecycle.precondition;
    expect(other.condition).toMatch(/^\$\{!\(local\.[^ ]+_status_[^ ]+ == "other"\)\}$/);
    expect(other.error_message).toMatch(/linked to partner ID \$\{local\.[^}]+\}, not to 1234567/);
    expect(other.error_message).toMatch(/relink: true/);
    expect(linkAction(linkStack({ relink: true })).body.lifecycle.precondition).toHaveLength(1);
  });

  test("a precondition refuses to send anything unless the provider is signed in as the principal", () => {
    const stack = linkStack();
    const config = stack.only("azapi_client_config", "data");
    const [pre] = linkAction(stack).body.lifecycle.precondition;
    expect(pre.condition).toBe(
      `\${((lower(${config.ref("object_id").slice(2, -1)}) == lower("${IDS.objectId}")) && (lower(${config.ref("tenant_id").slice(2, -1)}) == lower("${IDS.tenant}")))}`,
    );
    expect(pre.error_message).toMatch(/not signed in as the PAL principal/);
  });

  test("the sign-in precondition can be turned off", () => {
    const stack = linkStack({ verifySignIn: false });
    expect(stack.json.data.azapi_client_config).toBeUndefined();
    expect(linkAction(stack).body.lifecycle.precondition).toHaveLength(1); // only the other-partner check
  });

  test("keeps the link on destroy unless deleteOnDestroy is set; without it, a removed block forgets the DELETE action instead of running it", () => {
    const kept = linkStack();
    expect(Object.keys(kept.resources("azapi_resource_action"))).toHaveLength(1);
    const withDelete = linkStack({ deleteOnDestroy: true });
    const actions = withDelete.resources("azapi_resource_action");
    const [deleteId, del] = Object.entries<any>(actions).find(([, a]) => a.method === "DELETE")!;
    expect(del).toMatchObject({
      when: "destroy",
      ignore_not_found: true,
      resource_id: "/providers/Microsoft.ManagementPartner/partners/1234567",
      type: "Microsoft.ManagementPartner/partners@2018-02-01",
    });
    expect(withDelete.json.removed).toBeUndefined();
    // Turning it off: the same address, forgotten (Terraform >= 1.7), so its destroy-time DELETE never runs.
    expect(kept.json.removed).toEqual([{ from: `azapi_resource_action.${deleteId}`, lifecycle: { destroy: false } }]);
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

describe("manifest key relink", () => {
  test("is off unless set: every link stack fails the plan on a link to another partner ID", () => {
    expect(relinkByCustomer(MANIFEST("", ""))).toEqual({ contoso: undefined, fabrikam: undefined });
  });

  test("per customer: only that customer's link stack may re-point (PATCH)", () => {
    expect(relinkByCustomer(MANIFEST("", "\n    relink: true"))).toEqual({ contoso: true, fabrikam: undefined });
  });

  test("in defaults: every customer, unless one says relink: false", () => {
    expect(relinkByCustomer(MANIFEST("\n  relink: true", "\n    relink: false"))).toEqual({ contoso: undefined, fabrikam: true });
  });

  test("must be a boolean", () => {
    expect(() => parseManifest(MANIFEST("", "\n    relink: yes"), "pal.config.yaml")).toThrow(/relink must be true or false, found the string "yes"/);
  });
});
