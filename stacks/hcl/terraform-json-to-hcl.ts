/**
 * Converts a stack's Terraform JSON configuration (what CDKTF synthesises, `cdk.tf.json`) into
 * Terraform native syntax (`cdk.tf`). CDKTF 0.21's own HCL output (`cdktf synth --hcl`) writes
 * lifecycle conditions as arguments, quotes provider references and renders nested attributes as
 * blocks, which Terraform rejects; this writer starts from the JSON, which Terraform accepts, and
 * keeps its meaning exactly.
 */
import { BlockHints } from "./block-hints";
import { BodyItem, renderBody, renderStringExpression, renderValue } from "./hcl-text";

type Json = Record<string, any>;

/** Meta-arguments whose string values are bare references, not templates. */
const REFERENCE_META = new Set(["provider"]);
const REFERENCE_LIST_META = new Set(["depends_on"]);

/** A reference written in Terraform JSON (`"azapi"`, `"azapi_resource_action.x"`, `"${azapi_resource_action.x}"`) as a bare reference. */
function bareReference(text: string): string {
  return text.startsWith("${") && text.endsWith("}") ? text.slice(2, -1) : text;
}

function attribute(name: string, value: string): BodyItem {
  return { kind: "attribute", name, value };
}

/**
 * The body of a resource, data source or provider (or of a block in it, at `prefix`), written at
 * nesting `depth`: meta-arguments first, then arguments, then blocks, then lifecycle.
 */
function elementBody(body: Json, hints: Set<string>, prefix = "", depth = 1): BodyItem[] {
  const meta: BodyItem[] = [];
  const args: BodyItem[] = [];
  const blocks: BodyItem[] = [];
  let lifecycle: BodyItem | undefined;
  for (const [name, value] of Object.entries(body)) {
    if (name === "//" || value === undefined) continue;
    const at = prefix ? `${prefix}/${name}` : name;
    if (!prefix && REFERENCE_META.has(name) && typeof value === "string") meta.push(attribute(name, bareReference(value)));
    else if (!prefix && REFERENCE_LIST_META.has(name) && Array.isArray(value)) meta.push(attribute(name, `[${value.map((v: string) => bareReference(v)).join(", ")}]`));
    else if (!prefix && (name === "count" || name === "for_each" || name === "alias")) meta.push(attribute(name, renderValue(value, depth)));
    else if (!prefix && name === "lifecycle") lifecycle = lifecycleBlock(value);
    else if (hints.has(at)) {
      for (const item of Array.isArray(value) ? value : [value]) blocks.push({ kind: "block", type: name, labels: [], body: elementBody(item ?? {}, hints, at, depth + 1) });
    } else args.push(attribute(name, renderValue(value, depth)));
  }
  return [...meta, ...args, ...blocks, ...(lifecycle ? [lifecycle] : [])];
}

/** `lifecycle { ... precondition { ... } postcondition { ... } }`. */
function lifecycleBlock(lifecycle: Json): BodyItem {
  const items: BodyItem[] = [];
  for (const [name, value] of Object.entries(lifecycle)) {
    if (name === "precondition" || name === "postcondition") {
      for (const c of value as Json[]) {
        items.push({
          kind: "block",
          type: name,
          labels: [],
          body: [attribute("condition", renderStringExpression(c.condition)), attribute("error_message", renderValue(c.error_message, 3))],
        });
      }
    } else if (name === "ignore_changes" || name === "replace_triggered_by") {
      items.push(attribute(name, Array.isArray(value) ? `[${value.map((v: string) => bareReference(v)).join(", ")}]` : bareReference(String(value))));
    } else {
      items.push(attribute(name, renderValue(value, 2)));
    }
  }
  return { kind: "block", type: "lifecycle", labels: [], body: items };
}

/** Converts a Terraform JSON configuration to native syntax. `hints` say which nested keys are blocks. */
export function terraformJsonToHcl(config: Json, hints: BlockHints): string {
  const sections: string[] = [];
  const none = new Set<string>();
  const top = (item: BodyItem) => sections.push(renderBody([item], 0));

  const terraform = config.terraform as Json | undefined;
  if (terraform) {
    const body: BodyItem[] = [];
    for (const [name, value] of Object.entries(terraform)) {
      if (name === "required_providers") {
        body.push({ kind: "block", type: "required_providers", labels: [], body: Object.entries(value as Json).map(([p, v]) => attribute(p, renderValue(v, 2))) });
      } else if (name === "backend") {
        for (const [type, settings] of Object.entries(value as Json)) body.push({ kind: "block", type: "backend", labels: [type], body: elementBody(settings as Json, none, "", 2) });
      } else {
        body.push(attribute(name, renderValue(value, 1)));
      }
    }
    top({ kind: "block", type: "terraform", labels: [], body });
  }
  if (config.locals) top({ kind: "block", type: "locals", labels: [], body: Object.entries(config.locals as Json).map(([n, v]) => attribute(n, renderValue(v, 1))) });
  for (const [name, instances] of Object.entries((config.provider ?? {}) as Json)) {
    for (const instance of instances as Json[]) top({ kind: "block", type: "provider", labels: [name], body: elementBody(instance, hints.get(`provider.${name}`) ?? none) });
  }
  for (const kind of ["data", "resource"] as const) {
    for (const [type, byName] of Object.entries((config[kind] ?? {}) as Json)) {
      for (const [name, body] of Object.entries(byName as Json)) {
        top({ kind: "block", type: kind, labels: [type, name], body: elementBody(body as Json, hints.get(`${kind}.${type}`) ?? none) });
      }
    }
  }
  for (const [name, output] of Object.entries((config.output ?? {}) as Json)) {
    top({ kind: "block", type: "output", labels: [name], body: elementBody(output as Json, none) });
  }
  // `check "<name>" { assert { ... } }` (Terraform >= 1.5) and `removed { from = <address>; lifecycle { destroy = false } }` (>= 1.7).
  for (const [name, check] of Object.entries((config.check ?? {}) as Json)) {
    const asserts = ((check as Json).assert ?? []) as Json[];
    top({
      kind: "block",
      type: "check",
      labels: [name],
      body: asserts.map((a) => ({ kind: "block", type: "assert", labels: [], body: [attribute("condition", renderStringExpression(a.condition)), attribute("error_message", renderValue(a.error_message, 2))] })),
    });
  }
  for (const removed of (config.removed ?? []) as Json[]) {
    top({
      kind: "block",
      type: "removed",
      labels: [],
      body: [attribute("from", bareReference(removed.from)), { kind: "block", type: "lifecycle", labels: [], body: [attribute("destroy", renderValue(removed.lifecycle?.destroy ?? false, 2))] }],
    });
  }
  const unsupported = Object.keys(config).filter((k) => !["//", "terraform", "locals", "provider", "data", "resource", "output", "check", "removed"].includes(k));
  if (unsupported.length > 0) throw new Error(`HCL conversion does not support top-level ${unsupported.join(", ")} yet; use JSON output`);
  return sections.join("\n\n") + "\n";
}
