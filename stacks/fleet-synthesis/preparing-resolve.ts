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
 * A stack that does refer to other stacks (the customer's link stack) gets a lighter preparing
 * pass instead: every token in its elements' configuration is found (`Tokenization.reverse`, the
 * way CDKTF's resolver finds them) and resolved in preparing mode on its own, which registers the
 * same cross-stack references, without resolving the rest of the configuration.
 *
 * Guarded: without the preparing pass, a reference from such a stack to another stack would be
 * written as a plain (dangling) address. While a skipped stack is written, resolving a reference
 * whose construct lives in another stack throws instead (and, for a lightly prepared stack, one
 * that its preparing pass did not register) (CDKTF's `Reference`, the token behind
 * every attribute reference, is wrapped once; __tests__/fleet-synthesis.test.ts proves it fires).
 */
import { DefaultTokenResolver, IResolvable, IResolveContext, StringConcat, TerraformElement, TerraformStack, Tokenization, ref } from "cdktf";
import { IConstruct } from "constructs";

const SKIPPED = Symbol.for("pal-kit.preparing-resolve-skipped");

/** The skipped or lightly prepared stack being written now (synthesis is synchronous), if any. */
let writing: { readonly stack: TerraformStack; readonly prepared: boolean } | undefined;
let guarded = false;

/** Wraps CDKTF's Reference.resolve (once per process) to refuse a reference out of the skipped stack being written. */
function guardReferences(): void {
  if (guarded) return;
  guarded = true;
  const proto = Object.getPrototypeOf(ref("pal_kit_probe")) as { resolve?: (context: IResolveContext) => unknown };
  const resolve = proto.resolve;
  if (typeof resolve !== "function") throw new Error("PAL Kit: this CDKTF version has no Reference.resolve; fleet synthesis cannot skip its preparing pass safely");
  proto.resolve = function (this: { originStack?: unknown; crossStackIdentifier?: Record<string, unknown> }, context: IResolveContext) {
    if (writing && !context.preparing && this.originStack !== undefined && this.originStack !== writing.stack) {
      // CDKTF keys a reference's cross-stack identifiers by the resolving stack's toString().
      if (!writing.prepared || this.crossStackIdentifier?.[String(writing.stack)] === undefined) {
        throw new Error(
          `stack ${writing.stack.node.id} refers to a construct of another stack that fleet synthesis did not prepare (CDKTF's preparing pass adds the cross-stack outputs); this is a PAL Kit bug: report it`,
        );
      }
    }
    return resolve.call(this, context);
  };
}

/**
 * Replaces CDKTF's preparing resolution pass for the stacks under `scope`: skipped for those that
 * `pass` calls "none", lightened for those it calls "light", unchanged for the others (see above).
 */
export function lightenPreparingResolve(scope: IConstruct, pass: (stack: TerraformStack) => "none" | "light" | "full"): void {
  guardReferences();
  for (const node of scope.node.findAll()) {
    if (!TerraformStack.isStack(node)) continue;
    const kind = pass(node);
    const stack = node as TerraformStack & { [SKIPPED]?: boolean };
    if (kind === "full" || stack[SKIPPED]) continue;
    stack[SKIPPED] = true;
    // What prepareStack does besides the preparing resolution.
    stack.prepareStack = () => {
      stack.ensureBackendExists();
      if (kind === "light") prepareTokens(stack);
    };
    const toTerraform = stack.toTerraform.bind(stack);
    stack.toTerraform = () => {
      writing = { stack, prepared: kind === "light" };
      try {
        return toTerraform();
      } finally {
        writing = undefined;
      }
    };
  }
}

/** The tokens of every element of `stack` (as its preparing pass would meet them), each resolved in preparing mode. */
function prepareTokens(stack: TerraformStack): void {
  // The resolver CDKTF's own resolve(scope, value, preparing) uses (cdktf lib/_tokens.ts).
  const resolver = new DefaultTokenResolver(new StringConcat());
  const prepare = (token: IResolvable) => Tokenization.resolve(token, { scope: stack, preparing: true, resolver });
  // Where CDKTF's resolve finds tokens (cdktf lib/tokens/private/resolve.ts): in strings, numbers,
  // one-element string or number lists, resolvable objects, map tokens; elsewhere it descends.
  const visit = (value: unknown): void => {
    if (typeof value === "string") {
      const fragments = Tokenization.reverseString(value);
      for (const token of [...fragments.tokens, ...fragments.intrinsic]) prepare(token);
    } else if (typeof value === "number") {
      const token = Tokenization.reverseNumber(value);
      if (token) prepare(token);
    } else if (Array.isArray(value)) {
      const first = value.length === 1 ? value[0] : undefined;
      const list = typeof first === "string" ? Tokenization.reverseList(value) : typeof first === "number" ? Tokenization.reverseNumberList(value) : undefined;
      if (list) prepare(list);
      else value.forEach(visit);
    } else if (value !== null && typeof value === "object") {
      const token = Tokenization.isResolvable(value) ? value : Tokenization.reverseMap(value);
      if (token) return void prepare(token);
      for (const [key, v] of Object.entries(value)) {
        visit(key);
        visit(v);
      }
    }
  };
  // The elements there are now, as prepareStack lists them before it resolves any.
  const elements = stack.node.findAll().filter(TerraformElement.isTerraformElement);
  for (const element of elements) visit(element.toTerraform());
}
