/**
 * The Terraform-core tests need a terraform binary and shared/reference/. Where either is missing
 * they are skipped, and one test that always runs says so in one visible line (jest drops the
 * console output of a file whose tests are all skipped, so a module-level warning is not enough).
 * With PAL_REQUIRE_TERRAFORM=1 that test fails instead, for CI systems that must run them.
 */
import { describeMissingPrerequisites } from "../../tools/terraform-validate";

/** Registers the prerequisites test for `what` and returns `describe`, or `describe.skip` when they are missing. */
export function describeWhenTerraformIsAvailable(what: string): jest.Describe {
  const missing = describeMissingPrerequisites();
  test(`prerequisites of the ${what}: terraform on PATH and shared/reference/`, () => {
    if (!missing) return;
    if (process.env.PAL_REQUIRE_TERRAFORM === "1") throw new Error(`PAL_REQUIRE_TERRAFORM=1, but the ${what} cannot run: ${missing}`);
    console.warn(`SKIPPED ${what}: ${missing}`);
  });
  return missing ? describe.skip : describe;
}
