/**
 * Leaving CDKTF: every stack synthesises to HCL (`cdktf synth --hcl`, or SYNTH_HCL_OUTPUT=true),
 * formatted as `terraform fmt` wants and accepted by `terraform validate`.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { synthesizeValidationFleets } from "../scripts/validate";
import { renderStringExpression, renderTemplate, renderValue } from "../stacks/hcl/hcl-text";
import { terraformJsonToHcl } from "../stacks/hcl/terraform-json-to-hcl";
import { describeMissingPrerequisites, terraformFmtCheck, validateStacks } from "../tools/terraform-validate";
import { ROOT, runCdktf, runMainInProcess } from "./support/run";
import { listFiles } from "./support/synth";

describe("HCL writing", () => {
  test("a whole-string interpolation becomes a bare expression; anything else stays a template", () => {
    expect(renderStringExpression("${azurerm_x.y.id}")).toBe("azurerm_x.y.id");
    expect(renderStringExpression('${lower("A")}')).toBe('lower("A")');
    expect(renderStringExpression("pre-${x.y}")).toBe('"pre-${x.y}"');
    expect(renderStringExpression("${a}-${b}")).toBe('"${a}-${b}"');
  });

  test("escapes quotes and backslashes in literal text but not inside interpolations", () => {
    expect(renderTemplate('say "hi" \\ ${format("%s", "x")}')).toBe('"say \\"hi\\" \\\\ ${format("%s", "x")}"');
    expect(renderTemplate("literal $${not.a.ref}")).toBe('"literal $${not.a.ref}"');
    expect(renderTemplate("two\nlines")).toBe('"two\\nlines"');
  });

  test("objects become aligned constructors; keys that are not identifiers are quoted", () => {
    expect(renderValue({ a: 1, "cross-stack.x": "${y}", longer: ["p", "q"] }, 0)).toBe('{\n  a               = 1\n  "cross-stack.x" = y\n  longer          = ["p", "q"]\n}');
  });

  test("lifecycle conditions are blocks, provider and depends_on are bare references, nested attributes are not blocks", () => {
    const hcl = terraformJsonToHcl(
      {
        resource: {
          azapi_resource_action: {
            link: {
              provider: "azapi.customer",
              depends_on: ["azapi_resource_action.other"],
              retry: { error_message_regex: ["AADSTS7000215"] },
              timeouts: { create: "5m" },
              lifecycle: { postcondition: [{ condition: "${self.output.x == 1}", error_message: "bad" }] },
            },
          },
        },
      },
      new Map([["resource.azapi_resource_action", new Set(["timeouts"])]]),
    );
    expect(hcl).toBe(`resource "azapi_resource_action" "link" {
  provider   = azapi.customer
  depends_on = [azapi_resource_action.other]
  retry = {
    error_message_regex = ["AADSTS7000215"]
  }
  timeouts {
    create = "5m"
  }
  lifecycle {
    postcondition {
      condition     = self.output.x == 1
      error_message = "bad"
    }
  }
}
`);
  });
});

describe("every stack as HCL", () => {
  let work: string;
  let stacks: string[];
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "pal-hcl-"));
    stacks = synthesizeValidationFleets(work, { hcl: true });
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test("writes cdk.tf (and CDKTF's metadata.json) for every stack, and no JSON configuration", () => {
    expect(stacks.length).toBeGreaterThanOrEqual(20);
    for (const stack of stacks) expect(fs.readdirSync(stack).sort()).toEqual(["cdk.tf", "metadata.json"]);
    const manifest = JSON.parse(fs.readFileSync(path.join(work, "example", "manifest.json"), "utf8"));
    expect(manifest.stacks["contoso-link"].synthesizedStackPath).toBe("stacks/contoso-link/cdk.tf");
  });

  test("terraform fmt -check finds nothing to change", () => {
    const fmt = terraformFmtCheck(work);
    if (!fmt) {
      // Formatting is checked by Terraform itself; without it only the files' existence is checked.
      console.warn("SKIPPED terraform fmt -check: no terraform binary on PATH");
      return;
    }
    expect(fmt.stdout).toBe("");
    expect(fmt.status).toBe(0);
  });

  test("terraform validate accepts every HCL stack (real provider schemas, offline)", async () => {
    const missing = describeMissingPrerequisites();
    if (missing) {
      // Needs terraform and shared/reference; the JSON stacks are validated the same way in terraform-core.test.ts.
      console.warn(`SKIPPED terraform validate of HCL stacks: ${missing}`);
      return;
    }
    const report = await validateStacks(stacks);
    expect(report.results.filter((r) => !r.valid).map((r) => `${r.stack}: ${JSON.stringify(r.diagnostics)}`)).toEqual([]);
  });
});

describe("npx cdktf synth --hcl", () => {
  test("writes the same HCL as SYNTH_HCL_OUTPUT=true npm run synth, which CDKTF's formatter leaves unchanged", () => {
    const viaNode = fs.mkdtempSync(path.join(os.tmpdir(), "pal-hcl-node-"));
    expect(runMainInProcess(ROOT, { CDKTF_OUTDIR: viaNode, SYNTH_HCL_OUTPUT: "true" }).status).toBe(0);
    const viaCli = fs.mkdtempSync(path.join(os.tmpdir(), "pal-hcl-cli-"));
    // cdktf.json's app builds first and then runs the compiled app; `npm test` has just built, so
    // the CLI runs the compiled app directly (`--app`), the way cdktf.json ends.
    const app = "node dist/main.js";
    expect(JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")).app).toBe(`npm run --silent build && ${app}`);
    const cli = runCdktf(ROOT, ["synth", "--hcl", "--app", app, "--output", viaCli]);
    expect(cli.stderr).not.toMatch(/TypeError|Error:/);
    expect(cli.status).toBe(0);
    const read = (dir: string) => listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]);
    expect(read(viaCli)).toEqual(read(viaNode));
  });
});
