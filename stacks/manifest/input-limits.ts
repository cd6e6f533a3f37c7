/**
 * Bounds on manifest input, checked before any parsing so that a hostile or broken file (a
 * device such as /dev/zero, a 1 GB file, an alias bomb) is refused quickly and in bounded memory.
 */
import * as fs from "fs";

/** The largest manifest file read, in bytes (10 MiB: about 10,000 customers at 1 KB each). */
export const MAX_MANIFEST_BYTES = 10 * 1024 * 1024;
/** The most customers one manifest may hold. */
export const MAX_CUSTOMERS = 10_000;
/**
 * The most values a manifest may expand to once YAML aliases (`*name`) are replaced by what they
 * point at. Sharing an anchor across thousands of customers stays far below it; an alias bomb
 * ("billion laughs": nested aliases doubling at each level) goes past it within a few levels.
 */
export const MAX_EXPANDED_VALUES = 2_000_000;

/** The first `MAX_MANIFEST_BYTES + 1` bytes of `file` at most: enough to tell that it is too large. */
export function readBounded(file: string, limit = MAX_MANIFEST_BYTES): Buffer {
  const fd = fs.openSync(file, "r");
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isFile() && stat.size > limit) return Buffer.alloc(limit + 1);
    const chunks: Buffer[] = [];
    let total = 0;
    const chunk = Buffer.alloc(Math.min(limit + 1, 1 << 20));
    for (;;) {
      const n = fs.readSync(fd, chunk, 0, Math.min(chunk.length, limit + 1 - total), null);
      if (n === 0) break;
      chunks.push(Buffer.from(chunk.subarray(0, n)));
      total += n;
      if (total > limit) break;
    }
    return Buffer.concat(chunks, total);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The byte offset of the first byte that is not well-formed UTF-8 (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF), or -1 when all of `bytes` is.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= bytes.length) return i; // cut off at the end
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** 1-based line and column of byte `offset` in `bytes` (columns count characters). */
export function bytePosition(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) [line, lineStart] = [line + 1, i + 1];
  const column = Buffer.from(bytes.subarray(lineStart, offset)).toString("utf8").length + 1;
  return { line, column };
}
