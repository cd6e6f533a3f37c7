/**
 * CDKTF 0.21 writes HCL itself when `SYNTH_HCL_OUTPUT=true` (set by `cdktf synth --hcl`), and that
 * HCL is not valid Terraform (see terraform-json-to-hcl.ts). The kit always synthesises JSON and
 * converts it: the app *and every stack* must be created while the variable is unset, because
 * CDKTF reads it in each constructor.
 *
 * Every synthesis through here also escapes the literal text of the stacks it built, so no
 * manifest string becomes Terraform code (see literal-escaping.ts).
 */
import { appsIn, escapeTerraformLiterals } from "./literal-escaping";

/** True when the caller asked for HCL output (`cdktf synth --hcl` sets SYNTH_HCL_OUTPUT=true). */
export function hclRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.SYNTH_HCL_OUTPUT === "true" || env.SYNTH_HCL_OUTPUT === "1";
}

/**
 * Runs `build` (which creates the App and its stacks) with SYNTH_HCL_OUTPUT unset, then restores
 * it. `build` returns the App, or an object holding it (`{ app, ... }`); its stacks write every
 * literal escaped for Terraform.
 */
export function buildForJsonSynthesis<T>(build: () => T): T {
  const saved = process.env.SYNTH_HCL_OUTPUT;
  delete process.env.SYNTH_HCL_OUTPUT;
  try {
    const built = build();
    for (const app of appsIn(built)) escapeTerraformLiterals(app);
    return built;
  } finally {
    if (saved !== undefined) process.env.SYNTH_HCL_OUTPUT = saved;
  }
}
