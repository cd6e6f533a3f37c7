/**
 * Facts the jsii assembly does not carry, read from the generated JavaScript of a
 * `@cdktf/provider-*` package:
 *  - `synthesizeHclAttributes` / `<struct>ToHclTerraform` entries: the Terraform name, whether an
 *    argument is a block, and its collection kind (`simple`, `list`, `set`, `map`, `struct`);
 *  - attribute getters (`return this.getStringAttribute('client_id')`): Terraform name and type
 *    of computed attributes;
 *  - complex members (`new XList(this, "api", false)`): Terraform name and whether a set is wrapped.
 * Every lookup is optional: the schema rebuild falls back to jsii-only guesses.
 */
import * as fs from "fs";

export interface HclArgumentHint {
  isBlock: boolean;
  /** `simple`, `list`, `set`, `map` or `struct`. */
  kind: string;
}

export interface GetterHint {
  terraformName: string;
  /** cty type in JSON form as implied by the getter (`getListAttribute` → list of string, ...). */
  type: unknown;
}

export interface ComplexMemberHint {
  terraformName: string;
  wrapsSet: boolean;
}

export interface BindingJsHints {
  /** HCL argument hints of a class (key: class name) or struct (key: struct name), by Terraform name. */
  hclArguments(owner: string): Record<string, HclArgumentHint> | undefined;
  /** Getter facts of class `owner` by camelCase property name. */
  getter(owner: string, camelName: string): GetterHint | undefined;
  /** Complex member facts of class `owner` by camelCase property name. */
  complexMember(owner: string, camelName: string): ComplexMemberHint | undefined;
}

const GETTER_TYPES: Record<string, unknown> = {
  getStringAttribute: "string",
  getNumberAttribute: "number",
  getBooleanAttribute: "bool",
  getListAttribute: ["list", "string"],
  getNumberListAttribute: ["list", "number"],
  getStringMapAttribute: ["map", "string"],
  getNumberMapAttribute: ["map", "number"],
  getBooleanMapAttribute: ["map", "bool"],
  getAnyMapAttribute: ["map", "dynamic"],
  interpolationForAttribute: "dynamic",
};

function parseHclEntries(body: string): Record<string, HclArgumentHint> {
  const out: Record<string, HclArgumentHint> = {};
  const entry = /"?([A-Za-z0-9_]+)"?: \{\s*value: [^\n]*\n\s*isBlock: (true|false),\s*type: "(\w+)"/g;
  for (let m = entry.exec(body); m; m = entry.exec(body)) out[m[1]] = { isBlock: m[2] === "true", kind: m[3] };
  return out;
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** Parses one generated `index.js`; returns empty hints when the file does not exist. */
export function readBindingJsHints(jsFile: string): BindingJsHints {
  const source = fs.existsSync(jsFile) ? fs.readFileSync(jsFile, "utf8") : "";
  const classAt = classLocator(source);
  const getters = new Map<string, GetterHint>();
  const getter = /get (\w+)\(\) \{\s*return (cdktf\.Fn\.tolist\()?this\.(get\w+Attribute|interpolationForAttribute)\('([^']+)'\)/g;
  for (let m = getter.exec(source); m; m = getter.exec(source)) {
    let type = GETTER_TYPES[m[3]] ?? "dynamic";
    if (m[2] && Array.isArray(type) && type[0] === "list") type = ["set", type[1]];
    getters.set(`${classAt(m.index)}.${m[1]}`, { terraformName: m[4], type });
  }
  const complex = new Map<string, ComplexMemberHint>();
  const member = /this\._(\w+) = new \w+\(this, "([^"]+)"(?:, (true|false))?\)/g;
  for (let m = member.exec(source); m; m = member.exec(source)) {
    complex.set(`${classAt(m.index)}.${m[1]}`, { terraformName: m[2], wrapsSet: m[3] === "true" });
  }
  const hclCache = new Map<string, Record<string, HclArgumentHint> | undefined>();
  const hclArguments = (owner: string): Record<string, HclArgumentHint> | undefined => {
    if (!hclCache.has(owner)) hclCache.set(owner, findHclBody(source, owner));
    return hclCache.get(owner);
  };
  return {
    hclArguments,
    getter: (owner, n) => getters.get(`${owner}.${n}`),
    complexMember: (owner, n) => complex.get(`${owner}.${n}`),
  };
}

/** Returns a function that names the class whose body contains a source offset. */
function classLocator(source: string): (offset: number) => string {
  const starts: Array<{ at: number; name: string }> = [];
  const decl = /^class (\w+) extends /gm;
  for (let m = decl.exec(source); m; m = decl.exec(source)) starts.push({ at: m.index, name: m[1] });
  return (offset) => {
    let name = "";
    for (const s of starts) {
      if (s.at > offset) break;
      name = s.name;
    }
    return name;
  };
}

/** The HCL entries of struct `<owner>` (function `<owner>ToHclTerraform`) or class `<owner>`. */
function findHclBody(source: string, owner: string): Record<string, HclArgumentHint> | undefined {
  const fn = source.indexOf(`function ${lowerFirst(owner)}ToHclTerraform(struct) {`);
  if (fn >= 0) {
    const end = source.indexOf("\n}\n", fn);
    return parseHclEntries(source.slice(fn, end < 0 ? undefined : end));
  }
  const cls = source.indexOf(`class ${owner} extends `);
  if (cls < 0) return undefined;
  const method = source.indexOf("synthesizeHclAttributes() {", cls);
  const nextClass = source.indexOf("\nclass ", cls + 1);
  if (method < 0 || (nextClass >= 0 && method > nextClass)) return undefined;
  const end = source.indexOf("\n    }\n", method);
  return parseHclEntries(source.slice(method, end < 0 ? undefined : end));
}
