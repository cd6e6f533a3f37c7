/**
 * CDKTF 0.21 writes HCL itself when `SYNTH_HCL_OUTPUT=true` (set by `cdktf synth --hcl`), and that
 * HCL is not valid Terraform (see terraform-json-to-hcl.ts). The kit always synthesises JSON and
 * converts it: the app *and every stack* must be created while the variable is unset, because
 * CDKTF reads it in each constructor.
 */

/** True when the caller asked for HCL output (`cdktf synth --hcl` sets SYNTH_HCL_OUTPUT=true). */
export function hclRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.SYNTH_HCL_OUTPUT === "true" || env.SYNTH_HCL_OUTPUT === "1";
}

/** Runs `build` (which creates the App and its stacks) with SYNTH_HCL_OUTPUT unset, then restores it. */
export function buildForJsonSynthesis<T>(build: () => T): T {
  const saved = process.env.SYNTH_HCL_OUTPUT;
  delete process.env.SYNTH_HCL_OUTPUT;
  try {
    return build();
  } finally {
    if (saved !== undefined) process.env.SYNTH_HCL_OUTPUT = saved;
  }
}
