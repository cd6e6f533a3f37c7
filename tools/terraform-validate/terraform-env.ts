/**
 * The environment every Terraform child of the harness gets: offline-friendly flags, Go runtime
 * settings for short-lived processes, and the harness's own CLI config. Only the child's
 * environment is changed, never process.env.
 */

/**
 * Go runtime settings for the harness's Terraform children, each applied only when the
 * environment does not set that variable itself. A `terraform validate` lives well under a
 * second; most of the CPU it spends beyond its actual work is the garbage collector running on
 * every core (measured with Terraform 1.11.4, built with Go 1.23: a validate against the
 * azurerm subset 0.080 s → 0.049 s CPU, against the full azurerm schema 0.48 s → 0.27 s, peak
 * RSS 120 → 290 MB; the link stack's 16-run `terraform test` peaks at 495 MB).
 * - `GOGC=off` with `GOMEMLIMIT`: no collection until the heap nears the limit, then the
 *   collector runs as needed to stay under it, so memory stays bounded
 *   (https://pkg.go.dev/runtime#hdr-Environment_Variables, https://go.dev/doc/gc-guide#Memory_limit).
 * - `GOMAXPROCS=1`: one OS thread runs Go code at a time; the harness runs validations in
 *   parallel processes instead.
 */
export const GO_RUNTIME_DEFAULTS: Readonly<Record<string, string>> = { GOGC: "off", GOMEMLIMIT: "768MiB", GOMAXPROCS: "1" };

/** Builds the child environment from `base` plus harness settings. */
export function terraformEnv(base: NodeJS.ProcessEnv, extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...base,
    // No version check against checkpoint-api.hashicorp.com: the machine is offline.
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
  };
  // GOGC and GOMEMLIMIT go together: a caller who sets either keeps Go's own collector settings.
  const tunesGc = base.GOGC !== undefined || base.GOMEMLIMIT !== undefined;
  for (const [key, value] of Object.entries(GO_RUNTIME_DEFAULTS)) {
    if (key === "GOMAXPROCS" ? base.GOMAXPROCS === undefined : !tunesGc) env[key] = value;
  }
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}
