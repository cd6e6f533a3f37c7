/** Adds a provider to a stack once, when a construct needs one the stack may not have configured. */
import { TerraformProvider, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";

/**
 * Returns the stack's default (unaliased) provider of `type`, creating it with `create` when the
 * stack has none. Lets a construct such as the password credential bring the `time` provider it
 * needs without every stack having to know.
 */
export function ensureProvider<T extends TerraformProvider>(
  scope: IConstruct,
  type: new (...args: never[]) => T,
  create: (stack: TerraformStack) => T,
): T {
  const stack = TerraformStack.of(scope);
  const existing = stack.node
    .findAll()
    .find((c): c is T => c instanceof type && (c as TerraformProvider).alias === undefined);
  return existing ?? create(stack);
}
