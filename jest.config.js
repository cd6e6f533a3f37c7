/**
 * Jest runs the TypeScript tests directly; `npm test` builds dist/ with `tsc -b` and type-checks the
 * tests (tsconfig.test.json) first.
 */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { diagnostics: false, tsconfig: "<rootDir>/tsconfig.test.json" }],
  },
  setupFilesAfterEnv: ["<rootDir>/__tests__/support/setup.ts"],
  // Fleets that many tests read are synthesised once per run (__tests__/support/shared-fleets.ts).
  globalSetup: "<rootDir>/__tests__/support/global-setup.ts",
  globalTeardown: "<rootDir>/__tests__/support/global-teardown.ts",
  moduleNameMapper: {
    // The examples import the kit by its package name, as its users do.
    "^pal-kit$": "<rootDir>/constructs/index.ts",
    "^pal-kit/stacks$": "<rootDir>/stacks/index.ts",
    // cdktf loads archiver (TerraformAsset zips, ~0.1 s per test file); the kit makes no assets.
    "^archiver$": "<rootDir>/__tests__/support/lazy-archiver.ts",
  },
  // Two test files at a time on two cores: much of the suite waits on child processes (node, terraform, npm).
  maxWorkers: 2,
  testTimeout: 120000,
};
