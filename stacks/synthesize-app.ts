/**
 * Synthesis for your own CDKTF app that uses the kit's constructs, with the HCL output Terraform
 * accepts: `cdktf synth --hcl` (or `hcl: true`) writes `cdk.tf` files converted from the JSON
 * synthesis, not CDKTF 0.21's own HCL, which Terraform rejects.
 *
 *   synthesizeApp((app) => { new MyStack(app, "platform"); PalChecks.addTo(app); });
 */
import { App, AppConfig, TerraformStack } from "cdktf";
import { skipTokenStackTraces } from "../constructs/internal/token-stack-traces";
import { buildForJsonSynthesis, hclRequested } from "./hcl/json-synthesis";
import { escapeTerraformLiterals } from "./hcl/literal-escaping";
import { writeHclStacks } from "./hcl/write-hcl-stacks";

/** Options of {@link synthesizeApp}. */
export interface SynthesizeAppOptions {
  /**
   * Write HCL (`cdk.tf`) instead of JSON (`cdk.tf.json`).
   * @default true when SYNTH_HCL_OUTPUT=true (set by `cdktf synth --hcl`), else false
   */
  readonly hcl?: boolean;
  /**
   * The App's configuration (outdir, context...); `hclOutput` is ignored.
   * @default CDKTF's defaults (`cdktf.out`, or CDKTF_OUTDIR when set)
   */
  readonly app?: AppConfig;
}

/**
 * Creates an App, lets `build` add the stacks, synthesises it, and returns the App. Tokens are
 * created without CDKTF's per-token stack traces (see constructs/internal/token-stack-traces.ts;
 * PAL_DEBUG_STACK_TRACES=1 keeps them).
 */
export function synthesizeApp(build: (app: App) => void, options: SynthesizeAppOptions = {}): App {
  const hcl = options.hcl ?? hclRequested();
  skipTokenStackTraces();
  const app = buildForJsonSynthesis(() => {
    const created = new App({ ...options.app, hclOutput: false });
    build(created);
    return created;
  });
  escapeTerraformLiterals(app); // no literal becomes Terraform code (stacks/hcl/literal-escaping.ts)
  app.synth();
  if (hcl) writeHclStacks(app.outdir, app.node.findAll().filter(TerraformStack.isStack));
  return app;
}
