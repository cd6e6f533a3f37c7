/**
 * Reads the jsii assembly (`.jsii` at the package root) of a prebuilt `@cdktf/provider-*`
 * package: the typed description of every generated class and struct.
 */
import * as fs from "fs";
import * as path from "path";

/** A jsii type reference. */
export type JsiiTypeRef =
  | { primitive: "string" | "number" | "boolean" | "any" | "date" | "json" }
  | { fqn: string }
  | { collection: { kind: "array" | "map"; elementtype: JsiiTypeRef } }
  | { union: { types: JsiiTypeRef[] } };

export interface JsiiProperty {
  name: string;
  type: JsiiTypeRef;
  optional?: boolean;
  static?: boolean;
  const?: boolean;
  docs?: { summary?: string; remarks?: string };
}

export interface JsiiMethod {
  name: string;
  returns?: { type: JsiiTypeRef };
}

export interface JsiiType {
  fqn: string;
  name: string;
  kind: "class" | "interface" | "enum";
  base?: string;
  datatype?: boolean;
  docs?: { summary?: string; remarks?: string };
  initializer?: { parameters?: Array<{ name: string; type: JsiiTypeRef }> };
  properties?: JsiiProperty[];
  methods?: JsiiMethod[];
  locationInModule?: { filename: string };
}

export interface JsiiAssembly {
  name: string;
  version: string;
  types: Record<string, JsiiType>;
}

/** Loads `<packageDir>/.jsii`; throws a message naming the package when it is missing. */
export function loadJsiiAssembly(packageDir: string): JsiiAssembly {
  const file = path.join(packageDir, ".jsii");
  if (!fs.existsSync(file)) {
    throw new Error(`${packageDir} has no .jsii assembly; the schema can only be rebuilt from a jsii-built @cdktf/provider-* package`);
  }
  return JSON.parse(fs.readFileSync(file, "utf8")) as JsiiAssembly;
}

/** Drops `cdktf.IResolvable` from unions (cdktf adds it everywhere a token may stand). */
export function unwrapResolvable(ref: JsiiTypeRef): JsiiTypeRef {
  if ("union" in ref) {
    const rest = ref.union.types.filter((t) => !("fqn" in t && t.fqn === "cdktf.IResolvable"));
    if (rest.length === 1) return unwrapResolvable(rest[0]);
  }
  return ref;
}

/** The Terraform name in a property's "Docs at Terraform Registry: {@link ...#name ...}" remark. */
export function terraformNameFromDocs(prop: JsiiProperty): string | undefined {
  const match = /\{@link \S+#([A-Za-z0-9_]+) /.exec(`${prop.docs?.summary ?? ""} ${prop.docs?.remarks ?? ""}`);
  return match?.[1];
}

/** The `type_name` and kind in a class summary like "Represents a {@link .../docs/data-sources/x azuread_x}". */
export function terraformTypeFromDocs(type: JsiiType): { typeName: string; dataSource: boolean } | undefined {
  const match = /\{@link (\S+) ([A-Za-z0-9_]+)\}/.exec(type.docs?.summary ?? "");
  if (!match) return undefined;
  return { typeName: match[2], dataSource: match[1].includes("/data-sources/") };
}

/** camelCase to snake_case, the inverse of cdktf's attribute naming (used when no better source exists). */
export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}
