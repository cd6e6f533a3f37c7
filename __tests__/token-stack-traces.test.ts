/**
 * The switch that makes CDKTF skip its per-token creation stack traces (and PAL_DEBUG_STACK_TRACES=1
 * that keeps them), and the token registry release of batched synthesis.
 */
import * as path from "path";
import { Lazy, Token } from "cdktf";
import { restoreTokenStackTraces, skipTokenStackTraces } from "../constructs/internal/token-stack-traces";
import { markTokenRegistry, releaseTokensSince } from "../stacks/fleet-synthesis/token-registry";

const cdktfStackTrace = () => require(path.join(path.dirname(require.resolve("cdktf/package.json")), "lib/tokens/private/stack-trace.js"));
/** The creation stack of a new token (cdktf's `Lazy` records one when it is created). */
const creationStack = (): string[] => (Lazy.anyValue({ produce: () => "x" }) as unknown as { creationStack: string[] }).creationStack;

// support/setup.ts skips the traces in every test file; here they start as cdktf has them.
beforeEach(() => restoreTokenStackTraces());
afterEach(() => restoreTokenStackTraces());

describe("CDKTF token stack traces", () => {
  test("are captured by default (cdktf 0.21 keeps its capture at lib/tokens/private/stack-trace.js)", () => {
    expect(typeof cdktfStackTrace().captureStackTrace).toBe("function");
    expect(creationStack().length).toBeGreaterThan(0);
  });

  test("skipTokenStackTraces replaces the one export CDKTF calls: new tokens carry an empty trace", () => {
    expect(skipTokenStackTraces({})).toBe(true);
    expect(creationStack()).toEqual([]);
    expect(skipTokenStackTraces({})).toBe(true); // idempotent
    restoreTokenStackTraces();
    expect(creationStack().length).toBeGreaterThan(0);
  });

  test("PAL_DEBUG_STACK_TRACES=1 keeps them (and undoes an earlier skip)", () => {
    skipTokenStackTraces({});
    expect(skipTokenStackTraces({ PAL_DEBUG_STACK_TRACES: "1" })).toBe(false);
    expect(creationStack().length).toBeGreaterThan(0);
  });

  test("tokens still resolve without their traces", () => {
    skipTokenStackTraces({});
    const token = Lazy.stringValue({ produce: () => "resolved" });
    expect(Token.isUnresolved(token)).toBe(true);
  });
});

describe("token registry release", () => {
  test("forgets exactly the tokens registered after the mark", () => {
    const registry = (globalThis as any).__cdktfTokenMap;
    const older = Lazy.stringValue({ produce: () => "older" });
    const mark = markTokenRegistry();
    Lazy.stringValue({ produce: () => "newer" });
    Lazy.numberValue({ produce: () => 1 });
    expect(registry.stringTokenMap.size).toBe(mark.strings + 1);
    expect(registry.numberTokenMap.size).toBe(mark.numbers + 1);
    releaseTokensSince(mark);
    expect(markTokenRegistry()).toEqual(mark);
    expect(registry.lookupString(older)).toBeDefined(); // older tokens still resolve
  });
});
