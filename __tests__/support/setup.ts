// cdktf's jest matchers (toHaveResourceWithProperties, toHaveProviderWithProperties, ...), for every
// test file, loaded on a file's first use: most files never call one, and loading cdktf's testing
// module (all of cdktf) in each of them costs about 0.2 s of CPU per file.
export type { setupJest as CdktfJestMatcherTypes } from "cdktf/lib/testing/adapters/jest"; // their types (jest.Matchers)
import { skipTokenStackTraces } from "../../constructs/internal/token-stack-traces";

// CDKTF's per-token creation stack traces are off in every test file, as in the kit's own synthesis
// (constructs/internal/token-stack-traces.ts): tests that build an App themselves would otherwise
// capture one per token, each source-mapped by jest, about a quarter of such a file's CPU.
// PAL_DEBUG_STACK_TRACES=1 keeps them; token-stack-traces.test.ts turns them back on to test them.
skipTokenStackTraces();

/** The matchers cdktf's Testing.setupJest() adds (cdktf 0.21, lib/testing/adapters/jest.js). */
const CDKTF_MATCHERS = [
  "toHaveResource",
  "toHaveResourceWithProperties",
  "toHaveDataSource",
  "toHaveDataSourceWithProperties",
  "toHaveProvider",
  "toHaveProviderWithProperties",
  "toBeValidTerraform",
  "toPlanSuccessfully",
] as const;

type Matcher = (this: jest.MatcherContext, ...args: unknown[]) => jest.CustomMatcherResult;
let cdktfMatchers: Record<string, Matcher> | undefined;

/** What cdktf's setupJest() passes to expect.extend, captured instead of installed. */
function loadCdktfMatchers(): Record<string, Matcher> {
  if (!cdktfMatchers) {
    const extend = expect.extend;
    try {
      expect.extend = (matchers) => void (cdktfMatchers = matchers as Record<string, Matcher>);
      (jest.requireActual("cdktf") as typeof import("cdktf")).Testing.setupJest();
    } finally {
      expect.extend = extend;
    }
    const missing = CDKTF_MATCHERS.filter((name) => typeof cdktfMatchers?.[name] !== "function");
    if (missing.length > 0) throw new Error(`cdktf's Testing.setupJest() no longer adds ${missing.join(", ")}: update __tests__/support/setup.ts`);
  }
  return cdktfMatchers!;
}

expect.extend(
  Object.fromEntries(
    CDKTF_MATCHERS.map((name) => [
      name,
      function (this: jest.MatcherContext, ...args: unknown[]) {
        return loadCdktfMatchers()[name].apply(this, args);
      },
    ]),
  ),
);
