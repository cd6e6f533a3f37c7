/**
 * Rebuilds a provider schema (`terraform providers schema -json` format) from a prebuilt
 * `@cdktf/provider-*` package, for providers whose real schema is not available offline.
 *
 * Sources: the jsii assembly (`.jsii`: classes, config structs, optional flags, types) and the
 * generated JavaScript (binding-js-hints.ts: Terraform names, block vs attribute, list vs set vs
 * single). What the bindings cannot tell is listed in {@link BINDING_SCHEMA_APPROXIMATIONS}.
 */
import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "../shared-reference";
import { BindingJsHints, readBindingJsHints } from "./binding-js-hints";
import {
  JsiiAssembly,
  JsiiProperty,
  JsiiType,
  JsiiTypeRef,
  loadJsiiAssembly,
  snakeCase,
  terraformNameFromDocs,
  terraformTypeFromDocs,
  unwrapResolvable,
} from "./jsii-assembly";
import type {
  BlockNestingMode,
  CtyTypeJson,
  NestedBlockJson,
  ProviderSchemaJson,
  ProvidersSchemaFileJson,
  SchemaAttributeJson,
  SchemaBlockJson,
} from "./schema-json";

/** The facts a schema rebuilt from bindings gets wrong or leaves out. */
export const BINDING_SCHEMA_APPROXIMATIONS = [
  "optional+computed attributes show as optional only",
  "sensitive/write_only/deprecated flags unknown",
  "block min_items/max_items only 0/1",
  "list-of-object attributes that accept block syntax become blocks",
];

/** A schema rebuilt from a bindings package. */
export interface RebuiltProviderSchema {
  packageName: string;
  packageVersion: string;
  /** Full provider address, e.g. `registry.terraform.io/hashicorp/time`. */
  address: string;
  /** Provider version the bindings were generated from (`cdktf.provider.version`). */
  providerVersion: string;
  /** The schema in `terraform providers schema -json` format. */
  file: ProvidersSchemaFileJson;
}

const PROVIDER_BASE = "cdktf.TerraformProvider";
const RESOURCE_BASE = "cdktf.TerraformResource";
const DATA_SOURCE_BASE = "cdktf.TerraformDataSource";

const NESTING_BY_HCL_KIND: Record<string, BlockNestingMode> = { struct: "single", list: "list", set: "set", map: "map" };

const MAP_CLASSES: Record<string, CtyTypeJson> = {
  "cdktf.StringMap": ["map", "string"],
  "cdktf.NumberMap": ["map", "number"],
  "cdktf.BooleanMap": ["map", "bool"],
  "cdktf.AnyMap": ["map", "dynamic"],
  "cdktf.StringMapList": ["list", ["map", "string"]],
  "cdktf.NumberMapList": ["list", ["map", "number"]],
  "cdktf.BooleanMapList": ["list", ["map", "bool"]],
  "cdktf.AnyMapList": ["list", ["map", "dynamic"]],
  "cdktf.StringListMap": ["map", ["list", "string"]],
  "cdktf.NumberListMap": ["map", ["list", "number"]],
  "cdktf.IResolvable": "bool",
};

/** Walks one assembly; holds the per-file JS hints. */
class BindingReader {
  private readonly hintsByFile = new Map<string, BindingJsHints>();

  constructor(
    private readonly asm: JsiiAssembly,
    private readonly packageDir: string,
    private readonly tsc: { outDir: string; rootDir: string },
  ) {}

  hints(type: JsiiType): BindingJsHints {
    const source = type.locationInModule?.filename ?? "";
    const rel = path.relative(this.tsc.rootDir, source).replace(/\.ts$/, ".js");
    const file = path.join(this.packageDir, this.tsc.outDir, rel);
    let hints = this.hintsByFile.get(file);
    if (!hints) {
      hints = readBindingJsHints(file);
      this.hintsByFile.set(file, hints);
    }
    return hints;
  }

  type(fqn: string): JsiiType | undefined {
    return this.asm.types[fqn];
  }

  /** The struct a config property holds, and whether it holds many of them. */
  structOf(ref: JsiiTypeRef): { fqn: string; many: boolean } | undefined {
    const t = unwrapResolvable(ref);
    if ("fqn" in t && this.type(t.fqn)?.datatype) return { fqn: t.fqn, many: false };
    if ("collection" in t) {
      const el = unwrapResolvable(t.collection.elementtype);
      if ("fqn" in el && this.type(el.fqn)?.datatype) return { fqn: el.fqn, many: true };
    }
    return undefined;
  }

  /** cty type of a config (input) property that is not a struct. */
  configType(ref: JsiiTypeRef, depth = 0): CtyTypeJson {
    const t = unwrapResolvable(ref);
    if ("primitive" in t) return primitiveType(t.primitive);
    if ("collection" in t) return [t.collection.kind === "array" ? "list" : "map", this.configType(t.collection.elementtype, depth + 1)];
    if ("fqn" in t) {
      const struct = this.type(t.fqn);
      if (struct?.datatype && depth < 8) return this.objectTypeOfStruct(struct, depth + 1);
    }
    return "dynamic";
  }

  private objectTypeOfStruct(struct: JsiiType, depth: number): CtyTypeJson {
    const attrs: Record<string, CtyTypeJson> = {};
    for (const p of struct.properties ?? []) attrs[this.terraformName(struct, p)] = this.configType(p.type, depth);
    return ["object", attrs];
  }

  /** cty type of a computed (getter-only) property. */
  computedType(owner: JsiiType, prop: JsiiProperty, depth = 0): CtyTypeJson {
    const getter = this.hints(owner).getter(owner.name, prop.name);
    if (getter) return getter.type as CtyTypeJson;
    const t = unwrapResolvable(prop.type);
    if ("primitive" in t) return primitiveType(t.primitive);
    if ("collection" in t) return [t.collection.kind === "array" ? "list" : "map", this.configType(t.collection.elementtype)];
    if (!("fqn" in t)) return "dynamic";
    if (MAP_CLASSES[t.fqn]) return MAP_CLASSES[t.fqn];
    const cls = this.type(t.fqn);
    if (!cls || depth > 8) return "dynamic";
    if (cls.base === "cdktf.ComplexObject") return this.objectTypeOfReference(cls, depth + 1);
    const element = cls.methods?.find((m) => m.name === "get")?.returns?.type;
    const elementClass = element && "fqn" in element ? this.type(element.fqn) : undefined;
    if (!elementClass) return "dynamic";
    const objectType = this.objectTypeOfReference(elementClass, depth + 1);
    if (cls.base === "cdktf.ComplexMap") return ["map", objectType];
    return [this.hints(owner).complexMember(owner.name, prop.name)?.wrapsSet ? "set" : "list", objectType];
  }

  private objectTypeOfReference(reference: JsiiType, depth: number): CtyTypeJson {
    const attrs: Record<string, CtyTypeJson> = {};
    for (const p of reference.properties ?? []) {
      if (p.static || p.name === "internalValue" || p.name.endsWith("Input")) continue;
      attrs[this.terraformName(reference, p)] = this.computedType(reference, p, depth);
    }
    return ["object", attrs];
  }

  /** Docs link anchor, else the generated getter or member of the owner (or of its OutputReference), else snake_case. */
  terraformName(owner: JsiiType, prop: JsiiProperty): string {
    const hints = this.hints(owner);
    const fromCode = (cls: string): string | undefined =>
      hints.getter(cls, prop.name)?.terraformName ?? hints.complexMember(cls, prop.name)?.terraformName;
    return terraformNameFromDocs(prop) ?? fromCode(owner.name) ?? fromCode(`${owner.name}OutputReference`) ?? snakeCase(prop.name);
  }

  /**
   * The schema block of config struct `structFqn`. `owner` is the class whose generated HCL
   * names the top-level arguments (the struct itself for nested blocks); `reference` is the
   * class whose getters reveal computed-only attributes.
   */
  block(structFqn: string, owner: JsiiType | undefined, reference: JsiiType | undefined, skip: string[] = []): SchemaBlockJson {
    const struct = this.type(structFqn);
    if (!struct) throw new Error(`jsii type ${structFqn} not found in ${this.asm.name}`);
    const hcl = this.hints(struct).hclArguments((owner ?? struct).name) ?? {};
    const attributes: Record<string, SchemaAttributeJson> = {};
    const blockTypes: Record<string, NestedBlockJson> = {};
    const configNames = new Set<string>();
    for (const prop of struct.properties ?? []) {
      if (skip.includes(prop.name)) continue;
      configNames.add(prop.name);
      const name = this.terraformName(struct, prop);
      const required = prop.optional !== true;
      const flags = required ? { required: true } : { optional: true };
      const hint = hcl[name];
      const nested = this.structOf(prop.type);
      if (!nested) {
        let type = this.configType(prop.type);
        if (hint?.kind === "set" && Array.isArray(type) && type[0] === "list") type = ["set", type[1]];
        attributes[name] = { type, ...flags };
        continue;
      }
      // Without a hint: SDKv2 (most providers) models a single nested block as a list with max_items 1.
      const nesting = hint ? (NESTING_BY_HCL_KIND[hint.kind] ?? "list") : "list";
      const maxItems = !nested.many && (nesting === "list" || nesting === "set") ? 1 : undefined;
      const nestedReference = this.type(`${nested.fqn}OutputReference`);
      const nestedBlock = this.block(nested.fqn, undefined, nestedReference);
      if (hint && !hint.isBlock) {
        const mode = nesting === "group" ? "single" : nesting;
        attributes[name] = { nested_type: { attributes: blockAsAttributes(nestedBlock), nesting_mode: mode }, ...flags };
      } else {
        blockTypes[name] = {
          nesting_mode: nesting,
          block: nestedBlock,
          ...(required ? { min_items: 1 } : {}),
          ...(maxItems ? { max_items: maxItems } : {}),
        };
      }
    }
    for (const prop of reference?.properties ?? []) {
      if (prop.static || prop.name === "internalValue" || prop.name.endsWith("Input") || configNames.has(prop.name)) continue;
      if (reference?.properties?.some((p) => p.name === `${prop.name}Input`)) continue;
      attributes[this.terraformName(reference as JsiiType, prop)] = { type: this.computedType(reference as JsiiType, prop), computed: true };
    }
    const out: SchemaBlockJson = { attributes };
    if (Object.keys(blockTypes).length > 0) out.block_types = blockTypes;
    return out;
  }
}

function primitiveType(primitive: string): CtyTypeJson {
  if (primitive === "number") return "number";
  if (primitive === "boolean") return "bool";
  if (primitive === "string" || primitive === "date") return "string";
  return "dynamic";
}

/** A nested attribute type cannot hold blocks: turn nested blocks into nested attributes. */
function blockAsAttributes(block: SchemaBlockJson): Record<string, SchemaAttributeJson> {
  const out: Record<string, SchemaAttributeJson> = { ...(block.attributes ?? {}) };
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    const mode = nested.nesting_mode === "group" ? "single" : nested.nesting_mode;
    out[name] = {
      nested_type: { attributes: blockAsAttributes(nested.block), nesting_mode: mode },
      ...((nested.min_items ?? 0) > 0 ? { required: true } : { optional: true }),
    };
  }
  return out;
}

function configStructFqn(cls: JsiiType): string | undefined {
  const param = cls.initializer?.parameters?.find((p) => p.name === "config");
  return param && "fqn" in param.type ? param.type.fqn : undefined;
}

/**
 * Rebuilds the schema of the provider behind `packageName` (e.g. `@cdktf/provider-time`),
 * resolved from `resolveFrom` (default: the project root).
 */
export function rebuildSchemaFromBindings(packageName: string, resolveFrom: string = PROJECT_ROOT): RebuiltProviderSchema {
  let packageJsonFile: string;
  try {
    packageJsonFile = require.resolve(`${packageName}/package.json`, { paths: [resolveFrom] });
  } catch {
    throw new Error(`cannot rebuild a schema from ${packageName}: the package is not installed under ${resolveFrom}`);
  }
  const packageDir = path.dirname(packageJsonFile);
  const pkg = JSON.parse(fs.readFileSync(packageJsonFile, "utf8")) as {
    version: string;
    cdktf?: { provider?: { name?: string; version?: string } };
    jsii?: { tsc?: { outDir?: string; rootDir?: string } };
  };
  const providerName = pkg.cdktf?.provider?.name;
  if (!providerName) throw new Error(`${packageName} has no "cdktf.provider.name" in its package.json; is it a prebuilt provider package?`);
  const assembly = loadJsiiAssembly(packageDir);
  const reader = new BindingReader(assembly, packageDir, {
    outDir: pkg.jsii?.tsc?.outDir ?? "lib",
    rootDir: pkg.jsii?.tsc?.rootDir ?? "src",
  });
  const schema: ProviderSchemaJson = { resource_schemas: {}, data_source_schemas: {} };
  for (const type of Object.values(assembly.types)) {
    if (type.kind !== "class" || !type.base) continue;
    const config = configStructFqn(type);
    if (type.base === PROVIDER_BASE) {
      schema.provider = { version: 0, block: config ? reader.block(config, type, undefined, ["alias"]) : { attributes: {} } };
      continue;
    }
    if (type.base !== RESOURCE_BASE && type.base !== DATA_SOURCE_BASE) continue;
    const tf = terraformTypeFromDocs(type);
    if (!tf || !config) throw new Error(`${packageName}: cannot find the Terraform type name or config struct of ${type.fqn}`);
    const target = type.base === DATA_SOURCE_BASE ? schema.data_source_schemas! : schema.resource_schemas!;
    target[tf.typeName] = { version: 0, block: reader.block(config, type, type) };
  }
  schema.provider ??= { version: 0, block: { attributes: {} } };
  const address = providerName.toLowerCase();
  return {
    packageName,
    packageVersion: pkg.version,
    address,
    providerVersion: pkg.cdktf?.provider?.version ?? "unknown",
    file: { format_version: "1.0", provider_schemas: { [address]: schema } },
  };
}

/** One line for harness output: where the schema came from and what is approximate. */
export function describeRebuiltSchema(rebuilt: RebuiltProviderSchema): string {
  return (
    `schema for ${rebuilt.address} ${rebuilt.providerVersion} was rebuilt from the ${rebuilt.packageName} ` +
    `${rebuilt.packageVersion} bindings; approximations: ${BINDING_SCHEMA_APPROXIMATIONS.join("; ")}`
  );
}
