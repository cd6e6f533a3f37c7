/**
 * Deterministic identifiers: the same input always gives the same output, on every machine,
 * so that synthesised names never depend on list positions, time or randomness.
 */
import { createHash } from "crypto";

/** PAL Kit's UUID namespace for name-based (version 5) UUIDs. Never change it: names derive from it. */
export const PAL_KIT_UUID_NAMESPACE = "0b6e5f4c-9a3d-5c1e-8f27-6d4b2a19c3e0";

/**
 * A name-based UUID (RFC 9562 version 5, SHA-1) of `name` in `namespace`.
 * Used for role assignment names, which Azure requires to be GUIDs.
 */
export function uuidV5(name: string, namespace: string = PAL_KIT_UUID_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ""), "hex");
  if (ns.length !== 16) throw new Error(`uuidV5: namespace "${namespace}" is not a UUID`);
  const hash = createHash("sha1").update(ns).update(name, "utf8").digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The first `length` hex characters of the SHA-256 of `text`: a short, stable fingerprint. */
export function shortHash(text: string, length = 8): string {
  return createHash("sha256").update(text, "utf8").digest("hex").slice(0, length);
}

/** Lower-case letters, digits and dashes only: a readable, stable construct-ID fragment. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/**
 * The construct ID of one role at one scope (`<kind>-<hash of the scope>-<role ID prefix>`), the
 * same for permanent, staff and PIM-eligible assignments: stable whatever the list order.
 */
export function scopeRoleId(scope: { readonly kind: string; readonly key: string }, role: { readonly id: string }): string {
  return `${scope.kind}-${shortHash(scope.key)}-${role.id.slice(0, 8)}`;
}
