/**
 * Free text: display names, partner names, reasons. It ends up in Entra ID, in Terraform files and
 * in logs, so it is one line of printable characters. Terraform template sequences (`${`, `%{`)
 * are allowed: the kit writes every literal escaped (stacks/hcl/literal-escaping.ts).
 */

/** The longest display name the kit writes for an application or service principal. */
export const DISPLAY_NAME_MAX = 120;

/** Names a character for a message: `U+000A (line feed)`. */
function describeCharacter(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  const names: Record<number, string> = { 0x0: "NUL", 0x9: "tab", 0xa: "line feed", 0xd: "carriage return", 0x1b: "escape", 0x7f: "delete", 0x2028: "line separator", 0x2029: "paragraph separator", 0xfeff: "byte order mark" };
  return `U+${code.toString(16).toUpperCase().padStart(4, "0")}${names[code] ? ` (${names[code]})` : ""}`;
}

/**
 * Control characters (C0, DEL, C1), line and paragraph separators, a byte order mark and lone
 * surrogate halves: nothing a person types into one line of text.
 */
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Says why `value` is not one line of printable text, or `undefined` when it is. */
export function textProblem(value: string): string | undefined {
  const m = FORBIDDEN.exec(value);
  if (!m) return undefined;
  const c = m[0];
  const lineBreak = /[\n\r\u2028\u2029]/.test(c);
  const surrogate = /[\ud800-\udfff]/.test(c);
  const what = lineBreak ? `a line break ${describeCharacter(c)}` : surrogate ? "a broken character (half of a UTF-16 surrogate pair)" : `the control character ${describeCharacter(c)}`;
  const fix = lineBreak ? "write it on one line (a YAML | or > block keeps line breaks; use a quoted string)" : "remove it";
  return `contains ${what} at character ${m.index + 1}; ${fix}`;
}

/** Says why `value` is not a usable display name, or `undefined` when it is. */
export function displayNameProblem(value: string): string | undefined {
  if (value.trim() === "") return "is empty";
  const text = textProblem(value);
  if (text) return text;
  if (value.length > DISPLAY_NAME_MAX) return `is ${value.length} characters; keep it to ${DISPLAY_NAME_MAX} or fewer`;
  return undefined;
}

/** `value` cut to `max` characters for a message, saying how much was left out. */
export function truncateForMessage(value: string, max = 80): string {
  if (value.length <= max) return value;
  return `${value.slice(0, max)}… (${value.length} characters)`;
}
