/**
 * No string the kit writes is Terraform code unless the kit made it so.
 *
 * Terraform reads every string in a `.tf.json` file, and every quoted string in `.tf`, as a
 * template: `${...}` is an interpolation and `%{...}` a directive, evaluated at plan time
 * (`file("/etc/passwd")` included). Literal text must write them as `$${` and `%%{`
 * ("Strings and Templates", developer.hashicorp.com/terraform/language/expressions/strings, and
 * "JSON Configuration Syntax": JSON strings are templates with the same escapes).
 *
 * CDKTF leaves literal text as it is (it even treats `${...}` in a literal as an expression on
 * purpose), so the kit escapes every literal part of every string of every Terraform element just
 * before CDKTF resolves it. Token-aware: CDKTF encodes references as markers
 * (`${TfToken[TOKEN.12]}`, `#{TfToken[...]}`, `&{TfToken[...]}`) that are left alone and become the
 * kit's own expressions on resolution.
 */
import { TerraformElement, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";

/** CDKTF's token markers (cdktf `tokens/private/encoding.ts`: BEGIN_*_TOKEN_MARKER, END_TOKEN_MARKER). */
const TOKEN_MARKER = /[$#&]\{TfToken\[[A-Za-z0-9_.-]+\]\}/g;

/** Escapes a literal for a Terraform template: `${` → `$${`, `%{` → `%%{`. */
export function escapeTemplateLiteral(literal: string): string {
  return literal.replace(/([$%])\{/g, "$1$1{");
}

/** Escapes the literal parts of a string that may hold CDKTF token markers; the markers stay. */
export function escapeLiteralParts(text: string): string {
  // Both the escapes and the markers hold a "{": most strings have none and are returned as they are.
  if (!text.includes("{")) return text;
  let out = "";
  let last = 0;
  for (const m of text.matchAll(TOKEN_MARKER)) {
    out += escapeTemplateLiteral(text.slice(last, m.index)) + m[0];
    last = m.index! + m[0].length;
  }
  return out + escapeTemplateLiteral(text.slice(last));
}

/** The same JSON-like value with every string (keys too) escaped by {@link escapeLiteralParts}. */
export function escapeLiterals<T>(value: T): T {
  if (typeof value === "string") return escapeLiteralParts(value) as T;
  if (Array.isArray(value)) return value.map(escapeLiterals) as T;
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value)) {
      const v = escapeLiterals((value as Record<string, unknown>)[k]);
      // An own "__proto__" key stays a key (as Object.fromEntries would make it), never the prototype.
      if (k === "__proto__") Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
      else out[escapeLiteralParts(k)] = v;
    }
    return out as T;
  }
  return value; // numbers, booleans, tokens as objects (IResolvable): resolved by CDKTF
}

const ESCAPED = Symbol.for("pal-kit.literals-escaped");

/** Makes one element escape its literals when CDKTF asks for its configuration. */
function escapeElement(element: TerraformElement): void {
  const e = element as TerraformElement & { [ESCAPED]?: boolean };
  if (e[ESCAPED]) return;
  e[ESCAPED] = true;
  const toTerraform = e.toTerraform.bind(e);
  e.toTerraform = () => escapeLiterals(toTerraform());
}

/**
 * Escapes the literal text of every Terraform element under `scope`'s stacks when they are
 * synthesised, including elements CDKTF adds during synthesis (cross-stack outputs and remote
 * state). The kit's synthesis (synthesizeFleet, synthesizeApp) applies it; call it yourself before
 * `app.synth()` in an app that does not use the kit's synthesis functions.
 */
export function escapeTerraformLiterals(scope: IConstruct): void {
  for (const node of scope.node.findAll()) {
    if (!TerraformStack.isStack(node)) continue;
    const stack = node as TerraformStack & { [ESCAPED]?: boolean };
    if (stack[ESCAPED]) continue;
    stack[ESCAPED] = true;
    const toTerraform = stack.toTerraform.bind(stack);
    // Elements are wrapped when the stack is written, after prepareStack has added its own.
    stack.toTerraform = () => {
      for (const child of stack.node.findAll()) if (TerraformElement.isTerraformElement(child)) escapeElement(child);
      return toTerraform();
    };
  }
}
