/**
 * Writes Terraform native syntax (HCL) values and bodies, formatted the way `terraform fmt` does:
 * two-space indentation and the `=` of consecutive one-line arguments aligned.
 */

/** One item of a body: an argument `name = value`, or a block `type "label" { body }`. */
export type BodyItem =
  | { readonly kind: "attribute"; readonly name: string; readonly value: string }
  | { readonly kind: "block"; readonly type: string; readonly labels: readonly string[]; readonly body: readonly BodyItem[] }
  | { readonly kind: "blank" };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * A quoted HCL string holding the same template as a Terraform JSON string.
 *
 * Both syntaxes share the template language ("Strings and Templates"): `$${` and `%%{` are
 * escapes for literal `${` / `%{`, and `${...}` / `%{...}` are the kit's own interpolations
 * (every literal the kit writes has been escaped, see literal-escaping.ts), copied as they are.
 * Everything else is literal text and quoted with HCL's string escapes: `\"`, `\\`, `\n`,
 * `\r`, `\t`, and `\uNNNN` for any other control character, so no literal can end the string,
 * the line or the block it is in.
 */
export function renderTemplate(text: string): string {
  let out = '"';
  let i = 0;
  while (i < text.length) {
    const three = text.slice(i, i + 3);
    if (three === "$${" || three === "%%{") {
      out += three;
      i += 3;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === "${" || two === "%{") {
      const end = matchingBrace(text, i + 1);
      if (end > 0) {
        // The kit's own expression (literal text never gets here unescaped): HCL already. The
        // brace scan only finds where that expression ends; it never decides what is literal.
        out += text.slice(i, end + 1);
        i = end + 1;
        continue;
      }
      out += two[0] + two; // no closing brace: cannot be an expression, so a literal, escaped
      i += 2;
      continue;
    }
    out += quoteChar(text[i]);
    i++;
  }
  return out + '"';
}

/** One character of literal text inside an HCL quoted string. */
function quoteChar(c: string): string {
  switch (c) {
    case '"':
      return '\\"';
    case "\\":
      return "\\\\";
    case "\n":
      return "\\n";
    case "\r":
      return "\\r";
    case "\t":
      return "\\t";
    default: {
      const code = c.charCodeAt(0);
      return code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029 ? `\\u${code.toString(16).padStart(4, "0")}` : c;
    }
  }
}

/** The index of the `}` closing the `{` at `open`, skipping nested braces and quoted strings; -1 if none. */
function matchingBrace(text: string, open: number): number {
  let depth = 0;
  let inString = false;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i;
  }
  return -1;
}

/**
 * A Terraform JSON string as a native expression: `"${x.y}"` becomes the bare expression `x.y`
 * (Terraform's own preference), anything else a quoted template.
 */
export function renderStringExpression(text: string): string {
  if (text.startsWith("${") && matchingBrace(text, 1) === text.length - 1) {
    const inner = text.slice(2, -1).trim();
    if (inner !== "") return inner.includes("\n") ? `(${inner})` : inner;
  }
  return renderTemplate(text);
}

/** A JSON value as an HCL expression; objects become `{ ... }` constructors, `indent` is the current depth. */
export function renderValue(value: unknown, indent: number): string {
  if (value === null) return "null";
  if (typeof value === "string") return renderStringExpression(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const items = value.map((v) => renderValue(v, indent + 1));
    if (items.every((item) => !item.includes("\n")) && items.join(", ").length <= 80) return `[${items.join(", ")}]`;
    const pad = "  ".repeat(indent + 1);
    return `[\n${items.map((item) => `${pad}${item},`).join("\n")}\n${"  ".repeat(indent)}]`;
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return "{}";
    const items: BodyItem[] = entries.map(([k, v]) => ({ kind: "attribute", name: IDENTIFIER.test(k) ? k : renderTemplate(k), value: renderValue(v, indent + 1) }));
    return `{\n${renderBody(items, indent + 1)}\n${"  ".repeat(indent)}}`;
  }
  throw new Error(`cannot render ${typeof value} as HCL`);
}

/** Renders body items at depth `indent`, aligning `=` across runs of one-line arguments as terraform fmt does. */
export function renderBody(items: readonly BodyItem[], indent: number): string {
  const pad = "  ".repeat(indent);
  const lines: string[] = [];
  let run: { name: string; value: string }[] = [];
  const flush = () => {
    const width = Math.max(0, ...run.map((a) => a.name.length));
    for (const a of run) lines.push(`${pad}${a.name.padEnd(width)} = ${a.value}`);
    run = [];
  };
  for (const item of items) {
    if (item.kind === "attribute" && !item.value.includes("\n")) {
      run.push(item);
      continue;
    }
    flush();
    if (item.kind === "attribute") lines.push(`${pad}${item.name} = ${item.value}`);
    else if (item.kind === "blank") lines.push("");
    else lines.push(renderBlock(item, indent));
  }
  flush();
  return lines.join("\n");
}

/**
 * A block label: a quoted literal, not a template (HCL native syntax spec, "Blocks"). The kit's
 * labels are Terraform names; anything else is refused rather than written.
 */
function renderLabel(label: string): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(label)) throw new Error(`cannot write the block label ${JSON.stringify(label)} as HCL: labels are names of letters, digits, "_", "-" and "."`);
  return `"${label}"`;
}

/** `type "label" {` ... `}` at depth `indent` (empty bodies as `type {}`). */
export function renderBlock(block: Extract<BodyItem, { kind: "block" }>, indent: number): string {
  const pad = "  ".repeat(indent);
  const head = [block.type, ...block.labels.map(renderLabel)].join(" ");
  if (block.body.length === 0) return `${pad}${head} {}`;
  return `${pad}${head} {\n${renderBody(block.body, indent + 1)}\n${pad}}`;
}
