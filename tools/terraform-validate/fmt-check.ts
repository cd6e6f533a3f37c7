/** `terraform fmt -check` over a folder of HCL stacks. */
import { spawnSync } from "child_process";
import { terraformEnv } from "./terraform-env";

/** What `terraform fmt -check` said; `undefined` from {@link terraformFmtCheck} when terraform is not on PATH. */
export interface FmtCheckResult {
  /** Exit status: 0 when every file is formatted. */
  readonly status: number | null;
  /** The files Terraform would reformat, one per line. */
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `terraform fmt -check -recursive -list=true` on `dir`, or returns `undefined` without a terraform binary. */
export function terraformFmtCheck(dir: string, binary = "terraform"): FmtCheckResult | undefined {
  const result = spawnSync(binary, ["fmt", "-check", "-recursive", "-list=true", dir], {
    encoding: "utf8",
    env: terraformEnv(process.env, { TF_CLI_CONFIG_FILE: "/dev/null" }),
  });
  if (result.error) return undefined;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
