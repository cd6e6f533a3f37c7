/** GUID helpers shared by the value types and the manifest loader. */

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** True when `value` is a GUID in the 8-4-4-4-12 form (any case, no braces). */
export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/** A GUID in the form Azure returns it: lower case. */
export function normalizeGuid(value: string): string {
  return value.toLowerCase();
}

/** Says why `value` is not a GUID, or `undefined` when it is one. */
export function describeGuidProblem(value: string): string | undefined {
  if (isGuid(value)) return undefined;
  const trimmed = value.trim();
  if (trimmed !== value && isGuid(trimmed)) return "has leading or trailing white space";
  if (/^\{.*\}$/.test(trimmed) && isGuid(trimmed.slice(1, -1))) return "is wrapped in braces; write it without { }";
  if (/^[0-9a-fA-F]{32}$/.test(trimmed)) return "has no dashes; write it as 8-4-4-4-12 hex digits";
  return "is not a GUID (expected 8-4-4-4-12 hex digits, e.g. 00000000-0000-0000-0000-000000000000)";
}
