/**
 * Decodes tfplugin6 `DynamicValue`s (cty values in msgpack, or JSON) into plain JS values.
 * cty encodes an unknown value as msgpack extension type 0; it decodes to {@link UNKNOWN}
 * ("set, but not known until apply").
 */
import { decode, ExtensionCodec } from "@msgpack/msgpack";

/** Marker for a cty unknown value: the attribute is set, its value is not known yet. */
export const UNKNOWN: unique symbol = Symbol("cty.Unknown");

/** A decoded cty value. */
export type CtyValue = null | boolean | number | bigint | string | typeof UNKNOWN | CtyValue[] | { [key: string]: CtyValue } | Uint8Array;

const codec = new ExtensionCodec();
codec.register({
  type: 0,
  encode: () => null,
  decode: () => UNKNOWN,
});

/** The wire form of a `DynamicValue` as proto-loader hands it over. */
export interface DynamicValueMessage {
  msgpack?: Uint8Array | null;
  json?: Uint8Array | null;
}

/** Decodes a `DynamicValue`; an absent value decodes to `null`. */
export function decodeDynamicValue(value: DynamicValueMessage | null | undefined): CtyValue {
  if (!value) return null;
  if (value.msgpack && value.msgpack.length > 0) {
    return decode(value.msgpack, { extensionCodec: codec, useBigInt64: false }) as CtyValue;
  }
  if (value.json && value.json.length > 0) {
    return JSON.parse(Buffer.from(value.json).toString("utf8")) as CtyValue;
  }
  return null;
}

/** True for a value that is set to something (known or unknown), false for null/absent. */
export function isSet(value: CtyValue | undefined): boolean {
  return value !== null && value !== undefined;
}

/** True when `value` is a known object/map (not null, unknown, array or bytes). */
export function isKnownObject(value: CtyValue | undefined): value is { [key: string]: CtyValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}
