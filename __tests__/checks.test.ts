import { ApplicationPasswordA } from "@cdktf/provider-azuread/lib/application-password";
import { Application } from "@cdktf/provider-azuread/lib/application";
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { App, TerraformStack } from "cdktf";
import * as fs from "fs";
import * as path from "path";
import { AzapiProvider } from "../constructs/azapi/provider";
import { Acknowledgements, UNACKNOWLEDGEABLE_RULE_IDS } from "../constructs/checks/acknowledgements";
import { PalChecks } from "../constructs/checks/pal-checks";
import { ALL_RULE_IDS } from "../constructs/checks/rule-ids";
import { ALL_RULES } from "../constructs/checks/rules";
import { CustomerPrincipal } from "../constructs/customer-principal";
import { ManagementPartnerLink } from "../constructs/management-partner-link";
import { PecRoleAssignments } from "../constructs/pec-role-assignments";
import { addCustomerStacks } from "../stacks/customer-stacks";
import { CustomerSpec } from "../stacks/fleet-spec";
import { findingsOf, findingsOfRule } from "./support/checks";
import { ROOT } from "./support/run";
import { IDS, SCOPES, customerSpec } from "./support/synth";
import { UNSYNTHESISED_OUTDIR } from "./support/unsynthesised-outdir";

/** A fleet of one customer, as the manifest builds it. */
function customer(overrides: Partial<CustomerSpec> = {}) {
  return (app: App) => addCustomerStacks(app, customerSpec(overrides), { type: "local" });
}

/** A stack with an existing principal, optional roles and an optional link made with `provider`. */
function pieces(options: { roles?: string[]; link?: boolean; provider?: (stack: TerraformStack) => AzapiProvider }) {
  return (app: App) => {
    const stack = new TerraformStack(app, "stack");
    const principal = CustomerPrincipal.fromExisting(stack, "principal", { clientId: IDS.clientId, objectId: IDS.objectId, tenantId: IDS.tenant });
    if (options.roles) new PecRoleAssignments(stack, "roles", { principal, scopes: [SCOPES.subscription], roles: options.roles });
    if (options.link ?? true) {
      new ManagementPartnerLink(stack, "link", { principal, partnerId: "1234567", ...(options.provider ? { provider: options.provider(stack) } : {}) });
    }
  };
}

describe("PAL checks: one compliant and one non-compliant case per rule", () => {
  test("the default customer (Reader + Support Request Contributor on a subscription, federated) has no findings", () => {
    expect(findingsOf(customer())).toEqual([]);
  });

  describe("PAL001 no PEC-eligible role on a linked principal", () => {
    test("compliant: Support Request Contributor", () => {
      expect(findingsOfRule("PAL001", customer({ roles: ["Reader", "Support Request Contributor"] }))).toEqual([]);
    });
    test("non-compliant: Reader alone", () => {
      const [finding] = findingsOfRule("PAL001", customer({ roles: ["Reader"] }));
      expect(finding).toMatchObject({ severity: "error", customer: "contoso", path: "contoso-link/partner-link" });
      expect(finding.message).toMatch(/holds no PEC-eligible role \(it has: Reader\)/);
    });
  });

  describe("PAL002 role beyond least privilege", () => {
    test("compliant: Contributor on a subscription", () => {
      expect(findingsOfRule("PAL002", customer({ roles: ["Contributor"] }))).toEqual([]);
    });
    test.each(["Owner", "User Access Administrator", "Role Based Access Control Administrator"])("non-compliant: %s", (role) => {
      const [finding] = findingsOfRule("PAL002", customer({ roles: ["Support Request Contributor", role] }));
      expect(finding).toMatchObject({ severity: "error", path: "contoso-identity/roles" });
      expect(finding.message).toContain(`${role} on ${SCOPES.subscription}`);
    });
    test("non-compliant: Contributor at management-group scope", () => {
      const [finding] = findingsOfRule("PAL002", customer({ roles: ["Contributor"], scopes: [SCOPES.managementGroup] }));
      expect(finding.message).toMatch(/Contributor on management group mg-prod can change every subscription/);
    });
  });

  describe("PAL003 role with unknown PEC eligibility", () => {
    test("compliant: roles of the PEC table", () => {
      expect(findingsOfRule("PAL003", customer())).toEqual([]);
    });
    test("non-compliant: a role newer than the table", () => {
      const [finding] = findingsOfRule("PAL003", customer({ roles: ["Support Request Contributor", "Tag Contributor"] }));
      expect(finding).toMatchObject({ severity: "warning" });
      expect(finding.message).toMatch(/Tag Contributor .* is not in the Partner Center PEC table/);
    });
  });

  describe("PAL004 client secret that lives too long or forever", () => {
    test("compliant: the default 30 days", () => {
      expect(findingsOfRule("PAL004", customer({ credential: { type: "password", lifetime: "720h" } }))).toEqual([]);
    });
    test("non-compliant: longer than the configured maximum", () => {
      const [finding] = findingsOfRule("PAL004", customer({ credential: { type: "password", lifetime: "90d" } }));
      expect(finding).toMatchObject({ severity: "error" });
      expect(finding.message).toMatch(/lives 2160h, longer than the maximum of 720h/);
    });
    test("the maximum is configurable", () => {
      expect(findingsOfRule("PAL004", customer({ credential: { type: "password", lifetime: "90d" } }), { maxPasswordLifetimeHours: 2160 })).toEqual([]);
    });
    test("non-compliant: a secret without an end date", () => {
      const findings = findingsOfRule("PAL004", (app) => {
        const stack = new TerraformStack(app, "stack");
        new AzureadProvider(stack, "azuread");
        const application = new Application(stack, "app", { displayName: "x" });
        new ApplicationPasswordA(stack, "secret", { applicationId: application.id });
      });
      expect(findings).toHaveLength(1);
      expect(findings[0].message).toMatch(/has no end date, so it never expires/);
    });
  });

  describe("PAL005 client secret instead of a federated credential", () => {
    test("compliant: federated credential", () => {
      expect(findingsOfRule("PAL005", customer())).toEqual([]);
    });
    test("non-compliant: password credential", () => {
      const [finding] = findingsOfRule("PAL005", customer({ credential: { type: "password", lifetime: "720h" } }));
      expect(finding).toMatchObject({ severity: "warning", path: "contoso-identity/principal/password/secret" });
    });
  });

  describe("PAL006 link provider that could fall back to CLI or managed identity", () => {
    test("compliant: the kit's principal provider", () => {
      expect(findingsOfRule("PAL006", pieces({ roles: ["Support Request Contributor"] }))).toEqual([]);
    });
    test("non-compliant: a plain azapi provider", () => {
      const findings = findingsOfRule("PAL006", pieces({ roles: ["Support Request Contributor"], provider: (s) => new AzapiProvider(s, "azapi", { useCli: false }) }));
      expect(findings.map((f) => f.message.match(/has (\w+) = /)?.[1])).toEqual(["use_msi", "use_aks_workload_identity"]);
      expect(findings[0]).toMatchObject({ severity: "error", path: "stack/link" });
      expect(findings[0].message).toMatch(/use_msi = unset \(azapi defaults it on\)/);
    });
  });

  describe("PAL007 roles without a link, or a link without roles", () => {
    test("compliant: roles and a link", () => {
      expect(findingsOfRule("PAL007", pieces({ roles: ["Support Request Contributor"] }))).toEqual([]);
    });
    test("non-compliant: roles but never linked", () => {
      const [finding] = findingsOfRule("PAL007", pieces({ roles: ["Support Request Contributor"], link: false }));
      expect(finding).toMatchObject({ severity: "error", path: "stack/roles" });
      expect(finding.message).toMatch(/assigned roles but never linked/);
    });
    test("non-compliant: linked but no role", () => {
      const [finding] = findingsOfRule("PAL007", pieces({}));
      expect(finding).toMatchObject({ severity: "error", path: "stack/link" });
      expect(finding.message).toMatch(/linked but has no role assignments/);
    });
  });

  describe("PAL008 scope inside another scope where the principal holds the same roles", () => {
    test("compliant: disjoint scopes", () => {
      expect(findingsOfRule("PAL008", customer({ scopes: [SCOPES.subscription, SCOPES.resourceGroup] }))).toEqual([]);
    });
    test("non-compliant: a resource group in a listed subscription", () => {
      const rg = `${SCOPES.subscription}/resourceGroups/rg-app`;
      const [finding] = findingsOfRule("PAL008", customer({ scopes: [rg, SCOPES.subscription] }));
      expect(finding).toMatchObject({ severity: "warning" });
      expect(finding.message).toBe(`scope ${rg} lies inside ${SCOPES.subscription}, where the principal holds the same roles: the inner assignment adds nothing. Remove it`);
    });
    test("compliant: a resource group with more roles than the subscription around it (construct API)", () => {
      const rg = `${SCOPES.subscription}/resourceGroups/rg-app`;
      const findings = findingsOfRule("PAL008", (app) => {
        const stack = new TerraformStack(app, "stack");
        const principal = CustomerPrincipal.fromExisting(stack, "principal", { clientId: IDS.clientId, objectId: IDS.objectId, tenantId: IDS.tenant });
        new PecRoleAssignments(stack, "reader", { principal, scopes: [SCOPES.subscription], roles: ["Reader"] });
        new PecRoleAssignments(stack, "contributor", { principal, scopes: [rg], roles: ["Reader", "Contributor"] });
        new ManagementPartnerLink(stack, "link", { principal, partnerId: "1234567" });
      });
      expect(findings).toEqual([]);
    });
  });

  describe("PAL009 management-group scope", () => {
    test("compliant (no finding): a subscription scope", () => {
      expect(findingsOfRule("PAL009", customer())).toEqual([]);
    });
    test("reported: a management-group scope", () => {
      const [finding] = findingsOfRule("PAL009", customer({ scopes: [SCOPES.managementGroup] }));
      expect(finding).toMatchObject({ severity: "info" });
      expect(finding.message).toMatch(/covers every subscription below management group mg-prod/);
    });
  });
});

describe("acknowledgements", () => {
  test("an acknowledged error is still listed, with its reason, and does not block", () => {
    const reason = "Customer requires Owner during the migration; review 2027-03";
    const [finding] = findingsOfRule("PAL002", customer({ roles: ["Support Request Contributor", "Owner"], acknowledgements: [{ rule: "PAL002", reason }] }));
    expect(finding).toMatchObject({ severity: "error", acknowledged: reason });
  });

  test("an acknowledgement is per customer and per rule", () => {
    const findings = findingsOf((app) => {
      addCustomerStacks(app, customerSpec({ name: "a", roles: ["Owner"], acknowledgements: [{ rule: "PAL002", reason: "agreed with the customer, see contract 17" }] }), { type: "local" });
      addCustomerStacks(app, customerSpec({ name: "b", roles: ["Owner"] }), { type: "local" });
    }).filter((f) => f.rule === "PAL002");
    expect(findings.map((f) => [f.customer, f.acknowledged !== undefined])).toEqual([
      ["a", true],
      ["b", false],
    ]);
  });

  test("the construct API needs a known rule and a real reason", () => {
    const stack = new TerraformStack(new App({ outdir: UNSYNTHESISED_OUTDIR }), "s");
    expect(() => Acknowledgements.add(stack, "PAL02", "a good reason here")).toThrow(/not a PAL Kit rule\. Did you mean "PAL002"/);
    expect(() => Acknowledgements.add(stack, "PAL002", "ok")).toThrow(/reason of at least 10 characters/);
    Acknowledgements.add(stack, "PAL002", "accepted by the customer's CISO");
    expect(Acknowledgements.reasonFor(stack, "PAL002")).toBe("accepted by the customer's CISO");
    expect(Acknowledgements.reasonFor(stack, "PAL001")).toBeUndefined();
  });

  test.each([
    ["PAL001", /PAL001 cannot be acknowledged .*add a PEC-eligible role/],
    ["PAL004", /PAL004 cannot be acknowledged .*raise policy\.maxPasswordLifetime/],
    ["PAL006", /PAL006 cannot be acknowledged .*wrong identity/],
  ])("%s cannot be acknowledged, only fixed", (rule, message) => {
    const stack = new TerraformStack(new App({ outdir: UNSYNTHESISED_OUTDIR }), "s");
    expect(() => Acknowledgements.add(stack, rule, "the customer accepted this in writing")).toThrow(message);
  });

  test("the rules that cannot be acknowledged are PAL001, PAL004 and PAL006, and RULES.md says so", () => {
    // PAL020-PAL029 (Lighthouse and PIM) are pinned in lighthouse-checks.test.ts.
    expect(UNACKNOWLEDGEABLE_RULE_IDS.filter((id) => id < "PAL020" || id > "PAL029")).toEqual(["PAL001", "PAL004", "PAL006"]);
    const rulesMd = fs.readFileSync(path.join(ROOT, "constructs/checks/RULES.md"), "utf8");
    for (const rule of ALL_RULES) {
      const row = rulesMd.split("\n").find((l) => l.startsWith(`| ${rule.id} |`))!;
      expect([rule.id, row.split("|")[3].trim()]).toEqual([rule.id, rule.acknowledgeable ? "yes" : "no"]);
    }
  });

  test("an acknowledgement recorded for a rule that cannot be acknowledged is ignored: the error still blocks", () => {
    const findings = findingsOf((app) => {
      const stacks = addCustomerStacks(app, customerSpec({ roles: ["Reader"] }), { type: "local" });
      // Bypassing Acknowledgements.add, as a hand-written metadata entry would.
      stacks.link.node.addMetadata("pal:acknowledgement", { rule: "PAL001", reason: "we know it earns nothing" });
    });
    expect(findings.filter((f) => f.rule === "PAL001")).toEqual([expect.not.objectContaining({ acknowledged: expect.anything() })]);
  });
});

describe("PalChecks as an Aspect", () => {
  test("addTo before any stack exists throws, instead of checking nothing", () => {
    const app = new App({ outdir: UNSYNTHESISED_OUTDIR });
    expect(() => PalChecks.addTo(app)).toThrow(/no stack to check yet\. Call it after the stacks are created/);
  });

  test("a stack created after addTo fails synthesis instead of going unchecked", () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(require("os").tmpdir(), "pal-aspect-")), stackTraces: false });
    customer()(app);
    PalChecks.addTo(app);
    addCustomerStacks(app, customerSpec({ name: "late", roles: ["Reader", "Owner"] }), { type: "local" });
    expect(() => app.synth()).toThrow(/stack late-identity was created after PalChecks\.addTo\(\) and was not checked/);
  });

  test("an unacknowledged error stops cdktf synth; warnings do not", () => {
    const blocked = new App({ outdir: fs.mkdtempSync(path.join(require("os").tmpdir(), "pal-aspect-")), stackTraces: false });
    customer({ roles: ["Reader"] })(blocked);
    PalChecks.addTo(blocked);
    expect(() => blocked.synth()).toThrow(/\[PAL001\] the linked principal holds no PEC-eligible role/);

    const passes = new App({ outdir: fs.mkdtempSync(path.join(require("os").tmpdir(), "pal-aspect-")), stackTraces: false });
    customer({ credential: { type: "password", lifetime: "720h" } })(passes);
    const checks = PalChecks.addTo(passes);
    expect(() => passes.synth()).not.toThrow();
    expect(checks.findings.map((f) => f.rule)).toEqual(["PAL005"]);
  });
});

describe("the rule catalogue", () => {
  test("every rule has a unique stable ID, a file of its own and a row in RULES.md", () => {
    const rulesMd = fs.readFileSync(path.join(ROOT, "constructs/checks/RULES.md"), "utf8");
    expect(ALL_RULES.map((r) => r.id)).toEqual(ALL_RULE_IDS);
    const files = fs.readdirSync(path.join(ROOT, "constructs/checks"));
    for (const rule of ALL_RULES) {
      expect(files.filter((f) => f.startsWith(rule.id.toLowerCase() + "-"))).toHaveLength(1);
      expect(rulesMd).toMatch(new RegExp(`^\\| ${rule.id} \\| ${rule.severity} \\|`, "m"));
    }
  });
});
