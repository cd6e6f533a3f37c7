/**
 * The environment every Terraform child of the harness gets: offline-friendly flags and the
 * harness's own CLI config. Only the child's environment is changed, never process.env.
 */

/** Builds the child environment from `base` plus harness settings. */
export function terraformEnv(base: NodeJS.ProcessEnv, extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...base,
    // No version check against checkpoint-api.hashicorp.com: the machine is offline.
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
  };
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}
