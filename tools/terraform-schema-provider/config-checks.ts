/**
 * The two configuration checks Terraform core leaves to providers, run on the decoded config
 * of a provider block, resource, data source or ephemeral resource:
 *  - a required attribute that is set to null (explicitly or through an expression);
 *  - a computed-only attribute (computed, neither optional nor required) that is set.
 * Nested blocks and nested attribute types are walked; unknown values count as "set".
 */
import { CtyValue, isKnownObject, isSet, UNKNOWN } from "./dynamic-value";
import type { NestedTypeJson, SchemaAttributeJson, SchemaBlockJson } from "./schema-json";

/** One step of an attribute path: an attribute name, a list index, a map key, or a set element. */
export type PathStep = { attribute: string } | { index: number } | { key: string } | { setElement: true };

/** A problem found in a configuration value. */
export interface ConfigFinding {
  kind: "required-null" | "computed-set";
  path: PathStep[];
}

/** Renders a path the way Terraform shows references: `a.b[0].c["key"]`, set elements as `[*]`. */
export function formatPath(path: PathStep[]): string {
  let out = "";
  for (const step of path) {
    if ("attribute" in step) out += out ? `.${step.attribute}` : step.attribute;
    else if ("index" in step) out += `[${step.index}]`;
    else if ("key" in step) out += `[${JSON.stringify(step.key)}]`;
    else out += "[*]";
  }
  return out;
}

function isComputedOnly(attr: SchemaAttributeJson): boolean {
  return attr.computed === true && attr.optional !== true && attr.required !== true;
}

/** Calls `visit` for each element of a collection value with the step that addresses it. */
function forEachElement(
  mode: string,
  value: CtyValue,
  visit: (element: CtyValue, step: PathStep | undefined) => void,
): void {
  if (value === UNKNOWN || !isSet(value)) return;
  if (mode === "single" || mode === "group") {
    visit(value, undefined);
  } else if (mode === "list" && Array.isArray(value)) {
    value.forEach((el, i) => visit(el, { index: i }));
  } else if (mode === "set" && Array.isArray(value)) {
    for (const el of value) visit(el, { setElement: true });
  } else if (mode === "map" && isKnownObject(value)) {
    for (const [k, el] of Object.entries(value)) visit(el, { key: k });
  }
}

function withStep(path: PathStep[], step: PathStep | undefined): PathStep[] {
  return step ? [...path, step] : path;
}

function checkAttributes(
  attributes: Record<string, SchemaAttributeJson> | undefined,
  value: CtyValue,
  path: PathStep[],
  out: ConfigFinding[],
): void {
  if (!isKnownObject(value)) return;
  for (const [name, attr] of Object.entries(attributes ?? {})) {
    const attrValue = value[name];
    const attrPath = [...path, { attribute: name }];
    if (isComputedOnly(attr)) {
      if (isSet(attrValue)) out.push({ kind: "computed-set", path: attrPath });
      continue;
    }
    if (attr.required === true && !isSet(attrValue)) {
      out.push({ kind: "required-null", path: attrPath });
      continue;
    }
    if (attr.nested_type) checkNestedType(attr.nested_type, attrValue ?? null, attrPath, out);
  }
}

function checkNestedType(nested: NestedTypeJson, value: CtyValue, path: PathStep[], out: ConfigFinding[]): void {
  forEachElement(nested.nesting_mode, value, (el, step) => checkAttributes(nested.attributes, el, withStep(path, step), out));
}

/** Walks `value` (the decoded config of `block`) and returns every finding, in schema order. */
export function checkBlockConfig(block: SchemaBlockJson, value: CtyValue, path: PathStep[] = []): ConfigFinding[] {
  const out: ConfigFinding[] = [];
  walkBlock(block, value, path, out);
  return out;
}

function walkBlock(block: SchemaBlockJson, value: CtyValue, path: PathStep[], out: ConfigFinding[]): void {
  if (!isKnownObject(value)) return;
  checkAttributes(block.attributes, value, path, out);
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    const blockPath = [...path, { attribute: name }];
    forEachElement(nested.nesting_mode, value[name] ?? null, (el, step) => walkBlock(nested.block, el, withStep(blockPath, step), out));
  }
}
