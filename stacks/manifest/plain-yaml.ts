/**
 * A fast first pass over "plain" YAML manifests: block mappings and sequences of simple scalars,
 * the shape nearly every manifest has. It returns exactly what `yaml`'s `parseDocument(text).toJS()`
 * returns for the documents it accepts, and `undefined` for anything else, which then goes through
 * `yaml` as before (load-manifest.ts). So `yaml` stays the parser of record: every syntax error,
 * every located problem, every tag, anchor, flow collection, block or multi-line scalar is its job.
 *
 * Why hand-written: on a 1000-customer manifest `yaml` spends ~0.3 s of CPU building a document
 * with positions for every node, positions that are only needed when something is wrong. A job that
 * synthesises one customer (PAL_CUSTOMERS) pays that for the 999 others. This pass accepts a strict
 * subset and refuses on the first doubt; __tests__/plain-yaml.test.ts checks it against `yaml` on
 * every manifest in the repository and on mutated ones (whenever it accepts, `yaml` agrees).
 *
 * Accepted (YAML 1.2.2, https://yaml.org/spec/1.2.2/): lines indented with spaces; `# comments`;
 * `key: value` and `key:` (a nested block, or null) with identifier-like keys, each once per
 * mapping; `- value`, `- key: value` and `-` items, also a sequence at its parent key's indentation
 * (§8.2.1); scalars on one line - plain, `'single'` without `''`, `"double"` without escapes - and
 * `[]`, `{}`. Plain scalars resolve as the core schema (§10.3.2) says: `~`/`null` forms, `true`/
 * `false` forms, decimal integers; one that could be a float, octal or hex integer is refused.
 */

/** What a plain scalar may not start with: YAML's indicator characters (§5.3). */
const INDICATOR = /^[-?:,[\]{}#&*!|>'"%@`]/;
/** Characters a scalar may hold: printable, no tab, none of the Unicode line or byte-order marks. */
const SAFE_TEXT = /^[\x20-\x7e\u00a1-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*$/;
/** Keys: identifier-like (manifest keys are camelCase), never `__proto__`. */
const KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** Core schema null (§10.3.2), `yaml`'s test: empty, `~`, `null`, `Null`, `NULL`. */
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const TRUE = /^(?:[Tt]rue|TRUE)$/;
const FALSE = /^(?:[Ff]alse|FALSE)$/;
/** Decimal integers up to 15 digits: `parseInt` (what `yaml` calls) is exact for them. */
const INT = /^[-+]?[0-9]{1,15}$/;
/**
 * The core schema's other numbers, `yaml`'s tests (schema/core/int.js, float.js) in one: octal, any
 * decimal integer (a long one is refused), hex, infinity and NaN, floats with or without exponent.
 * Refused. Each starts with one of `0-9 + - .`.
 */
const OTHER_NUMBER = /^(?:0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$/;
const NUMBER_START = /^[-+.0-9]/;

/** Deeper nesting is refused (no manifest nests this deep; it bounds the recursion). */
const MAX_DEPTH = 64;

/** Refuses the document: `yaml` parses it instead. */
class NotPlain extends Error {}

interface Line {
  /** Spaces before the content. */
  readonly indent: number;
  /** The content, from the first non-space character. */
  readonly text: string;
}

/**
 * What `yaml` makes of `text` (`parseDocument(text).toJS()`) if `text` is plain YAML (see above);
 * otherwise, or when `yaml` might read it differently, undefined.
 */
export function parsePlainYaml(text: string): unknown {
  if (text.includes("\t") || text.includes("\r")) return undefined;
  const lines: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    let indent = start;
    while (indent < end && text.charCodeAt(indent) === 32) indent++;
    if (indent < end && text.charCodeAt(indent) !== 35 /* # */) {
      lines.push({ indent: indent - start, text: text.slice(indent, end) });
    }
    start = end + 1;
  }
  // A leading "---" (document start, §9.1.1) alone on its line is allowed.
  if (lines.length > 0 && lines[0].indent === 0 && lines[0].text === "---") lines.shift();
  if (lines.length === 0 || lines[0].indent !== 0) return undefined;
  const reader = new Reader(lines);
  try {
    const value = reader.block(0, 0);
    if (reader.position < lines.length) return undefined;
    return value;
  } catch (err) {
    if (err instanceof NotPlain) return undefined;
    throw err;
  }
}

function refuse(): never {
  throw new NotPlain();
}

class Reader {
  public position = 0;
  private depth = 0;

  constructor(private readonly lines: readonly Line[]) {}

  /** The block node whose first line is the next one, at `indent` (a mapping or a sequence). */
  public block(indent: number, column: number): unknown {
    const line = this.lines[this.position];
    if (++this.depth > MAX_DEPTH) refuse();
    const value = isItem(line.text) ? this.sequence(indent, column) : this.mapping(indent, column);
    this.depth--;
    return value;
  }

  /**
   * A block mapping at `indent`. Its first key is at `column` of the next line (after a `- ` when
   * the mapping is a sequence item), its other keys at `indent` on lines of their own.
   */
  private mapping(indent: number, column: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    let first = true;
    while (this.position < this.lines.length) {
      const line = this.lines[this.position];
      let text = line.text;
      if (first) {
        text = line.text.slice(column - line.indent);
      } else if (line.indent < indent) {
        break;
      } else if (line.indent > indent) {
        refuse();
      }
      first = false;
      const colon = text.indexOf(":");
      if (colon <= 0) refuse();
      const key = text.slice(0, colon);
      if (!KEY.test(key) || key === "__proto__" || NULL.test(key) || TRUE.test(key) || FALSE.test(key)) refuse();
      if (Object.prototype.hasOwnProperty.call(out, key)) refuse();
      const rest = text.slice(colon + 1);
      if (rest !== "" && rest.charCodeAt(0) !== 32) refuse();
      this.position++;
      out[key] = this.value(rest, indent, true);
    }
    return out;
  }

  /** A block sequence at `indent`: items `-` at that indentation. */
  private sequence(indent: number, column: number): unknown[] {
    const out: unknown[] = [];
    let first = true;
    while (this.position < this.lines.length) {
      const line = this.lines[this.position];
      const at = first ? column : line.indent;
      if (!first && line.indent !== indent) {
        if (line.indent < indent) break;
        refuse();
      }
      const text = first ? line.text.slice(column - line.indent) : line.text;
      // A sequence at its parent key's indentation ends at the parent's next key.
      if (!isItem(text)) {
        if (first) refuse();
        break;
      }
      first = false;
      let spaces = 1;
      while (text.charCodeAt(spaces) === 32) spaces++;
      const content = text.slice(spaces);
      if (content === "" || content.charCodeAt(0) === 35 /* # */) {
        // `-` alone: the item is the block below it, or null.
        this.position++;
        out.push(this.nested(at, false));
      } else if (isItem(content)) {
        refuse(); // `- - x`
      } else if (startsMapping(content)) {
        // `- key: value`: a mapping whose keys are at the column after the dash and spaces.
        out.push(this.mapping(at + spaces, at + spaces));
      } else {
        this.position++;
        out.push(this.inline(content, at));
      }
    }
    return out;
  }

  /**
   * The value after `key:` (`rest`, with its leading space), for a mapping at `indent`: a scalar on
   * the same line, or the block on the next lines.
   */
  private value(rest: string, indent: number, inMapping: boolean): unknown {
    const trimmed = rest.trimStart(); // `rest` is empty or starts with a space, so a `#` here starts a comment
    if (trimmed === "" || trimmed.charCodeAt(0) === 35 /* # */) return this.nested(indent, inMapping);
    const content = stripComment(trimmed);
    return this.inline(content, indent);
  }

  /** The block below a line that ended with `key:` or `-` at `indent`; null when there is none. */
  private nested(indent: number, inMapping: boolean): unknown {
    const next = this.lines[this.position];
    if (next && next.indent > indent) return this.block(next.indent, next.indent);
    // A sequence may sit at its parent key's indentation (YAML 1.2.2 §8.2.1, "compact" form).
    if (next && inMapping && next.indent === indent && isItem(next.text)) return this.sequence(indent, indent);
    return null;
  }

  /** A scalar (or `[]`, `{}`) that is the whole rest of a line; a more-indented next line would continue it: refused. */
  private inline(content: string, indent: number): unknown {
    const next = this.lines[this.position];
    if (next && next.indent > indent) refuse();
    return scalar(stripComment(content));
  }
}

/** Whether a line's content starts a sequence item (`-` then a space or the end). */
function isItem(text: string): boolean {
  return text.charCodeAt(0) === 45 /* - */ && (text.length === 1 || text.charCodeAt(1) === 32);
}

/** Whether `content` starts with `key:` followed by a space or the end (a mapping entry). */
function startsMapping(content: string): boolean {
  const colon = content.indexOf(":");
  return colon > 0 && KEY.test(content.slice(0, colon)) && (colon === content.length - 1 || content.charCodeAt(colon + 1) === 32);
}

/** `content` without a trailing ` # comment` and trailing spaces. A `#` anywhere else: refused. */
function stripComment(content: string): string {
  let end = content.length;
  const quote = content.charCodeAt(0);
  const from = quote === 34 || quote === 39 ? content.indexOf(content[0], 1) + 1 : 0;
  if (from === 0 && (quote === 34 || quote === 39)) refuse(); // unclosed quote
  const hash = content.indexOf("#", from);
  if (hash >= 0) {
    if (hash === 0 || content.charCodeAt(hash - 1) !== 32) refuse();
    end = hash;
  }
  while (end > 0 && content.charCodeAt(end - 1) === 32) end--;
  return content.slice(0, end);
}

/** One scalar, whole (comment stripped). */
function scalar(content: string): unknown {
  if (!SAFE_TEXT.test(content)) refuse();
  const quote = content.charCodeAt(0);
  if (quote === 34 /* " */ || quote === 39 /* ' */) {
    const inner = content.slice(1, -1);
    if (content.length < 2 || content.charCodeAt(content.length - 1) !== quote || inner.includes(content[0]) || (quote === 34 && inner.includes("\\"))) refuse();
    return inner;
  }
  if (quote === 91 /* [ */ || quote === 123 /* { */) {
    const flow = new FlowReader(content);
    const value = flow.value();
    if (flow.position !== content.length) refuse();
    return value;
  }
  if (INDICATOR.test(content) || content.includes(": ") || content.endsWith(":") || content.includes(" #")) refuse();
  if (NULL.test(content)) return null;
  if (TRUE.test(content)) return true;
  if (FALSE.test(content)) return false;
  if (INT.test(content)) return parseInt(content, 10);
  if (NUMBER_START.test(content) && OTHER_NUMBER.test(content)) refuse();
  return content;
}

/**
 * A flow collection on one line (§7.4, §7.5): `[a, b]`, `{ key: value }`, nested, of scalars that
 * hold none of `,[]{}:#` (or are quoted as above). No trailing comma, no key without a value.
 */
class FlowReader {
  public position = 0;

  constructor(private readonly text: string) {}

  public value(depth = 0): unknown {
    if (depth > MAX_DEPTH) refuse();
    this.spaces();
    const c = this.text.charCodeAt(this.position);
    if (c === 91 /* [ */) return this.collection(93 /* ] */, () => this.value(depth + 1), [] as unknown[], (out, v) => out.push(v));
    if (c === 123 /* { */) {
      return this.collection(125 /* } */, () => this.entry(depth + 1), {} as Record<string, unknown>, (out, [k, v]) => {
        if (Object.prototype.hasOwnProperty.call(out, k)) refuse();
        out[k] = v;
      });
    }
    const quote = c === 34 || c === 39 ? this.text[this.position] : undefined;
    const end = quote ? this.text.indexOf(quote, this.position + 1) + 1 : this.scalarEnd();
    if (end <= this.position) refuse();
    let text = this.text.slice(this.position, end);
    this.position = end;
    if (!quote) {
      text = text.trimEnd();
      if (text === "" || text.includes(":")) refuse();
    }
    return scalar(text);
  }

  private entry(depth: number): [string, unknown] {
    this.spaces();
    const colon = this.text.indexOf(": ", this.position);
    if (colon < 0) refuse();
    const key = this.text.slice(this.position, colon);
    if (!KEY.test(key) || key === "__proto__" || NULL.test(key) || TRUE.test(key) || FALSE.test(key)) refuse();
    this.position = colon + 2;
    return [key, this.value(depth)];
  }

  private collection<T, I>(close: number, item: () => I, out: T, add: (out: T, item: I) => void): T {
    this.position++;
    this.spaces();
    if (this.text.charCodeAt(this.position) === close) {
      this.position++;
      return out;
    }
    for (;;) {
      add(out, item());
      this.spaces();
      const c = this.text.charCodeAt(this.position++);
      if (c === close) return out;
      if (c !== 44 /* , */) refuse();
    }
  }

  private scalarEnd(): number {
    let i = this.position;
    while (i < this.text.length && !",[]{}#".includes(this.text[i])) i++;
    return i;
  }

  private spaces(): void {
    while (this.text.charCodeAt(this.position) === 32) this.position++;
  }
}
