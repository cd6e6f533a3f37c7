/**
 * Azure resource names the kit writes or points at, each with the one check that says what is
 * wrong with a name. The manifest validator, the constructs and the policy checks all use these.
 */

/**
 * Resource group names: 1-90 characters matching `^[-\w\._\(\)]+$`, not ending in "." (ARM
 * common types, `common-types/resource-management/v2/types.json` ResourceGroupNameParameter, in
 * shared/reference/azure-rest-api-specs; "Naming rules and restrictions for Azure resources",
 * Microsoft.Resources). The pattern is a .NET regular expression, where `\w` is any Unicode
 * letter, non-spacing mark, decimal digit or connector punctuation (.NET "Character classes":
 * [\p{L}\p{Mn}\p{Nd}\p{Pc}]): accented names, composed (NFC) or decomposed (NFD), are valid.
 */
const RESOURCE_GROUP_NAME = /^[-\p{L}\p{Mn}\p{Nd}\p{Pc}.()]{1,90}$/u;

/** Says why `name` is not a valid resource group name, or `undefined` when it is one. */
export function resourceGroupNameProblem(name: string): string | undefined {
  if (RESOURCE_GROUP_NAME.test(name) && !name.endsWith(".")) return undefined;
  return 'is invalid: 1-90 letters, digits, "-", "_", "(", ")" or ".", not ending in "."';
}

/**
 * The characters no Azure resource name may hold, whatever its type ("Naming rules and
 * restrictions for Azure resources": resource names can't use `<>%&\?/` or control characters).
 * Types have stricter rules of their own; this is what a scope's resource name must at least meet.
 */
const NEVER_IN_RESOURCE_NAMES = /[<>%&\\?/\u0000-\u001f\u007f]/;

/** Says why `name` cannot be the name of an Azure resource, or `undefined`. */
export function resourceNameProblem(name: string): string | undefined {
  if (name === "") return "is empty";
  const bad = NEVER_IN_RESOURCE_NAMES.exec(name);
  if (bad) return `contains ${JSON.stringify(bad[0])}, which no Azure resource name may hold (<, >, %, &, \\, ?, / and control characters)`;
  return undefined;
}

/** Storage account names: 3-24 lower-case letters and digits (Microsoft.Storage naming rules). */
export function storageAccountNameProblem(name: string): string | undefined {
  return /^[a-z0-9]{3,24}$/.test(name) ? undefined : "is invalid: 3-24 lower-case letters and digits";
}

/**
 * Blob container names: 3-63 lower-case letters, digits and single dashes, starting and ending
 * with a letter or digit ("Naming and Referencing Containers, Blobs, and Metadata").
 */
export function containerNameProblem(name: string): string | undefined {
  if (/^[a-z0-9](-?[a-z0-9])*$/.test(name) && name.length >= 3 && name.length <= 63) return undefined;
  return "is invalid: 3-63 lower-case letters, digits and single dashes, starting and ending with a letter or digit";
}

/**
 * The prefix of state blob names: letters, digits, ".", "_", "-" and "/", with no empty, "." or
 * ".." segment (a blob name is a path in tools that copy state; "../" must not climb out).
 */
export function stateKeyPrefixProblem(prefix: string): string | undefined {
  if (!/^[A-Za-z0-9._\-/]*$/.test(prefix)) return 'may only contain letters, digits, ".", "_", "-" and "/"';
  if (prefix.startsWith("/")) return 'must not start with "/"';
  const segments = prefix.split("/").slice(0, prefix.endsWith("/") ? -1 : undefined);
  if (prefix !== "" && segments.some((s) => s === "" || s === "." || s === "..")) return 'must not have empty, "." or ".." segments (e.g. "pal/" or "fleet/prod/")';
  return undefined;
}
