/**
 * Checks what the offline Terraform harness needs (a terraform binary, shared/reference with the
 * provider schemas and the plugin protocol, the bindings packages) and says what is missing in
 * one human line, so callers can skip with a visible message.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { findSharedReference, PROJECT_ROOT } from "../shared-reference";
import { TFPLUGIN_PROTO } from "../terraform-schema-provider/tfplugin-proto";
import { DEFAULT_BINDING_PACKAGES, sharedSchemaFiles } from "./provider-catalog";
import { terraformEnv } from "./terraform-env";

export interface AvailabilityOptions {
  /** Terraform executable; default `terraform` on PATH. */
  terraformBinary?: string;
  /** Bindings packages to rebuild schemas from; default {@link DEFAULT_BINDING_PACKAGES}. */
  bindingPackages?: readonly string[];
}

export interface Availability {
  /** Terraform version when the binary runs. */
  terraformVersion?: string;
  /** shared/reference path when found. */
  sharedReference?: string;
  /** One entry per missing prerequisite, each a short human phrase. */
  missing: string[];
}

/** Versions found in this process, by binary and PATH (every session and skip check asks). */
const versions = new Map<string, string | undefined>();

/** Runs `terraform version -json` (once per binary and PATH in a process) and returns the version, or `undefined` when it cannot run. */
export function terraformVersion(binary = "terraform"): string | undefined {
  const key = `${binary}\0${process.env.PATH ?? ""}`;
  if (!versions.has(key)) versions.set(key, runTerraformVersion(binary));
  return versions.get(key);
}

function runTerraformVersion(binary: string): string | undefined {
  const result = spawnSync(binary, ["version", "-json"], {
    encoding: "utf8",
    timeout: 15_000,
    env: terraformEnv(process.env, { TF_CLI_CONFIG_FILE: "/dev/null" }),
  });
  if (result.status !== 0 || !result.stdout) return undefined;
  try {
    return (JSON.parse(result.stdout) as { terraform_version?: string }).terraform_version;
  } catch {
    return undefined;
  }
}

/** Checks every prerequisite and lists what is missing. */
export function checkAvailability(options: AvailabilityOptions = {}): Availability {
  const missing: string[] = [];
  const binary = options.terraformBinary ?? "terraform";
  const version = terraformVersion(binary);
  if (!version) missing.push(`terraform binary "${binary}" not found or not runnable (install Terraform 1.x on PATH)`);
  const shared = findSharedReference();
  if (!shared) {
    missing.push("shared/reference not found (set PAL_SHARED_REFERENCE or check out next to shared/)");
  } else {
    for (const file of [...sharedSchemaFiles(shared).map((s) => s.path), path.join(shared, TFPLUGIN_PROTO)]) {
      if (!fs.existsSync(file)) missing.push(`${path.relative(path.dirname(shared), file)} missing`);
    }
  }
  for (const pkg of options.bindingPackages ?? DEFAULT_BINDING_PACKAGES) {
    try {
      require.resolve(`${pkg}/package.json`, { paths: [PROJECT_ROOT] });
    } catch {
      missing.push(`${pkg} not installed`);
    }
  }
  return { terraformVersion: version, sharedReference: shared, missing };
}

/**
 * One line naming what is missing, e.g. "offline terraform validate unavailable: terraform binary
 * ... not found", or `undefined` when everything is there.
 */
export function describeMissingPrerequisites(options: AvailabilityOptions = {}): string | undefined {
  const { missing } = checkAvailability(options);
  return missing.length ? `offline terraform validate unavailable: ${missing.join("; ")}` : undefined;
}

/** True when terraform runs and every schema/proto/package the harness needs is present. */
export function isTerraformAvailable(options: AvailabilityOptions = {}): boolean {
  return describeMissingPrerequisites(options) === undefined;
}
