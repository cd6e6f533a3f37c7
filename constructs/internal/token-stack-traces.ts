/**
 * CDKTF records a full stack trace for every token it creates (Intrinsic, Lazy, dynamic blocks,
 * computed lists: `this.creationStack = captureStackTrace()`), with `Error.stackTraceLimit` raised
 * to its maximum. The traces are only read to explain a token that fails to resolve; they never
 * reach the synthesised output. On a fleet they are the largest single cost of synthesis (a
 * quarter of the CPU in a profile of 300 customers), so the kit's synthesis skips them unless
 * PAL_DEBUG_STACK_TRACES=1 asks for them.
 *
 * cdktf's modules call the function through its module export (`(0, stack_trace_1.captureStackTrace)()`
 * in cdktf 0.21's compiled lib/tokens/private/stack-trace.js), so replacing that one export is
 * enough. When a cdktf version moves or renames the module, nothing is replaced and synthesis is
 * only slower: {@link skipTokenStackTraces} then returns false.
 */
import * as path from "path";

/** Set to 1 to keep CDKTF's per-token creation stack traces (to debug a token that does not resolve). */
export const DEBUG_STACK_TRACES_ENV = "PAL_DEBUG_STACK_TRACES";

/** cdktf's module that captures the traces, relative to the cdktf package folder. */
const STACK_TRACE_MODULE = path.join("lib", "tokens", "private", "stack-trace.js");

const NO_TRACE: string[] = Object.freeze([]) as unknown as string[];
const ORIGINAL = Symbol.for("pal-kit.original-captureStackTrace");

type StackTraceModule = { captureStackTrace?: ((below?: unknown) => string[]) & { [ORIGINAL]?: unknown } };

function stackTraceModule(): StackTraceModule | undefined {
  try {
    const cdktfRoot = path.dirname(require.resolve("cdktf/package.json"));
    return require(path.join(cdktfRoot, STACK_TRACE_MODULE)) as StackTraceModule;
  } catch {
    return undefined;
  }
}

/**
 * Makes CDKTF's token creation skip its stack trace (an empty trace instead), for this process,
 * unless `PAL_DEBUG_STACK_TRACES=1`. Returns whether traces are now skipped. Idempotent.
 */
export function skipTokenStackTraces(env: NodeJS.ProcessEnv = process.env): boolean {
  const mod = stackTraceModule();
  const current = mod?.captureStackTrace;
  if (!mod || typeof current !== "function") return false;
  if (env[DEBUG_STACK_TRACES_ENV] === "1") {
    restoreTokenStackTraces();
    return false;
  }
  if (current[ORIGINAL]) return true;
  const replacement = Object.assign(() => NO_TRACE, { [ORIGINAL]: current });
  try {
    mod.captureStackTrace = replacement;
  } catch {
    return false; // a frozen or getter-only export in some other cdktf build: keep the traces
  }
  return mod.captureStackTrace === replacement;
}

/** Undoes {@link skipTokenStackTraces}: CDKTF captures traces again. */
export function restoreTokenStackTraces(): void {
  const mod = stackTraceModule();
  const original = mod?.captureStackTrace?.[ORIGINAL];
  if (mod && typeof original === "function") mod.captureStackTrace = original as StackTraceModule["captureStackTrace"];
}
