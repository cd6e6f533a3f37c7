/** Jest runs the TypeScript tests directly; `npm test` type-checks the whole project with `tsc` first. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { diagnostics: false }],
  },
  setupFilesAfterEnv: ["<rootDir>/__tests__/support/setup.ts"],
  // The examples import the kit by its package name, as its users do.
  moduleNameMapper: { "^pal-kit$": "<rootDir>/constructs/index.ts", "^pal-kit/stacks$": "<rootDir>/stacks/index.ts" },
  testTimeout: 120000,
};
