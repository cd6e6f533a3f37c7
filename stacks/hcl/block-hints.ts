/**
 * Which nested keys of each resource, data source and provider are **blocks** (not arguments).
 * Terraform JSON writes both as objects; native syntax needs the difference, which only the
 * schema knows. The provider bindings carry it: the HCL metadata of every generated class says,
 * per attribute, whether it is a block (`isBlock`), nested blocks included.
 */
import { TerraformDataSource, TerraformProvider, TerraformResource, TerraformStack } from "cdktf";

/** Keys like `resource.azurerm_role_assignment` → block paths like `timeouts` or `features/subfeature`. */
export type BlockHints = Map<string, Set<string>>;

interface HclEntry {
  value?: unknown;
  isBlock?: boolean;
  is_block?: boolean;
}

function isEntry(v: unknown): v is HclEntry {
  return !!v && typeof v === "object" && !Array.isArray(v) && "value" in v && ("isBlock" in v || "is_block" in v);
}

function collect(attributes: Record<string, unknown>, prefix: string, into: Set<string>): void {
  for (const [name, entry] of Object.entries(attributes)) {
    if (!isEntry(entry)) continue;
    const at = prefix ? `${prefix}/${name}` : name;
    if (entry.isBlock || entry.is_block) into.add(at);
    const nested = Array.isArray(entry.value) ? entry.value : [entry.value];
    for (const item of nested) {
      if (item && typeof item === "object" && !Array.isArray(item)) collect(item as Record<string, unknown>, at, into);
    }
  }
}

/** The block hints of every resource, data source and provider in `stack`. */
export function collectBlockHints(stack: TerraformStack): BlockHints {
  const hints: BlockHints = new Map();
  for (const node of stack.node.findAll()) {
    let key: string | undefined;
    if (node instanceof TerraformResource) key = `resource.${node.terraformResourceType}`;
    else if (node instanceof TerraformDataSource) key = `data.${node.terraformResourceType}`;
    else if (node instanceof TerraformProvider) key = `provider.${node.terraformResourceType}`;
    if (!key) continue;
    const set = hints.get(key) ?? new Set<string>();
    hints.set(key, set);
    // Public at runtime: CDKTF's own HCL renderer calls it; the generated classes declare it protected.
    const attributes = (node as unknown as { synthesizeHclAttributes(): Record<string, unknown> }).synthesizeHclAttributes();
    collect(attributes, "", set);
  }
  return hints;
}
