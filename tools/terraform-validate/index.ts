/**
 * Offline `terraform validate` / `terraform test` harness for synthesised CDKTF stacks, backed
 * by the schema-only provider plugin in tools/terraform-schema-provider/.
 */
export { checkAvailability, describeMissingPrerequisites, isTerraformAvailable, terraformVersion } from "./availability";
export type { Availability, AvailabilityOptions } from "./availability";
export { renderCliConfig, writeCliConfig } from "./cli-config";
export { terraformFmtCheck } from "./fmt-check";
export type { FmtCheckResult } from "./fmt-check";
export { formatDiagnostic, formatStackLine, formatSummaryLine, formatValidationReport } from "./format-report";
export { DEFAULT_BINDING_PACKAGES, SHARED_PROVIDER_SCHEMAS } from "./provider-catalog";
export type { ProviderSource } from "./provider-catalog";
export { openTerraformSession } from "./terraform-session";
export type { PluginMode, TerraformSession, TerraformSessionOptions } from "./terraform-session";
export { runTerraformTest } from "./terraform-test";
export type { TerraformTestOptions, TerraformTestResult } from "./terraform-test";
export { parseValidateOutput, validateStack, validateStacks } from "./validate-stacks";
export type { StackValidation, TerraformDiagnostic, ValidateStacksOptions, ValidationReport } from "./validate-stacks";
