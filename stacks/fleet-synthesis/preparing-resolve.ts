/**
 * CDKTF's `App.synth()` resolves every element of every stack twice. First `prepareStack()` resolves
 * them and discards the result: that "preparing" pass finds cross-stack references (a token in stack
 * B that refers to a construct of stack A adds an output to A and a remote-state data source to B),
 * so that both exist before any stack is written. Then each stack is resolved again to be written
 * (cdktf `lib/terraform-stack.ts`, `prepareStack` and `toTerraform`; `lib/app.ts`, `synth`).
 *
 * A stack that refers to nothing outside itself gains nothing from the first pass: its resolution
 * adds no construct anywhere. The kit's customer identity stack is such a stack (it is built from
 * its customer's spec only; the link stack refers to it, not the other way round), and is about
 * half of every fleet's elements, so fleet synthesis skips that pass for it.
 *
 * Guarded: without the preparing pass, a reference from such a stack to another stack would be
 * written as a plain (dangling) address. While a skipped stack is written, resolving a reference
 * whose construct lives in another stack throws instead (CDKTF's `Reference`, the token behind
 * every attribute reference, is wrapped once; __tests__/fleet-synthesis.test.ts proves it fires).
 */
import { IResolveContext, TerraformStack, ref } from "cdktf";
import { IConstruct } from "constructs";

const SKIPPED = Symbol.for("pal-kit.preparing-resolve-skipped");

/** The skipped stack being written now (synthesis is synchronous), if any. */
let writing: TerraformStack | undefined;
let guarded = false;

/** Wraps CDKTF's Reference.resolve (once per process) to refuse a reference out of the skipped stack being written. */
function guardReferences(): void {
  if (guarded) return;
  guarded = true;
  const proto = Object.getPrototypeOf(ref("pal_kit_probe")) as { resolve?: (context: IResolveContext) => unknown };
  const resolve = proto.resolve;
  if (typeof resolve !== "function") throw new Error("PAL Kit: this CDKTF version has no Reference.resolve; fleet synthesis cannot skip its preparing pass safely");
  proto.resolve = function (this: { originStack?: unknown }, context: IResolveContext) {
    if (writing && !context.preparing && this.originStack !== undefined && this.originStack !== writing) {
      throw new Error(
        `stack ${writing.node.id} refers to a construct of another stack, but fleet synthesis skipped CDKTF's preparing pass for it (which adds cross-stack outputs); this is a PAL Kit bug: report it`,
      );
    }
    return resolve.call(this, context);
  };
}

/** Skips CDKTF's preparing resolution pass for the stacks under `scope` that `selfContained` accepts (see above). */
export function skipPreparingResolve(scope: IConstruct, selfContained: (stack: TerraformStack) => boolean): void {
  guardReferences();
  for (const node of scope.node.findAll()) {
    if (!TerraformStack.isStack(node) || !selfContained(node)) continue;
    const stack = node as TerraformStack & { [SKIPPED]?: boolean };
    if (stack[SKIPPED]) continue;
    stack[SKIPPED] = true;
    // What prepareStack does besides the preparing resolution.
    stack.prepareStack = () => void stack.ensureBackendExists();
    const toTerraform = stack.toTerraform.bind(stack);
    stack.toTerraform = () => {
      writing = stack;
      try {
        return toTerraform();
      } finally {
        writing = undefined;
      }
    };
  }
}
