// PAL Kit's per-customer stacks, the manifest that drives them, and fleet synthesis.
export * from "./fleet-spec";
export * from "./backend";
export * from "./identity-stack";
export * from "./link-stack";
export * from "./customer-stacks";
export * from "./fleet";
export * from "./bootstrap-stack";
export * from "./lighthouse-spec";
export * from "./lighthouse-stacks";
export * from "./synthesize-fleet";
export * from "./synthesize-app";
export { writeHclStacks } from "./hcl/write-hcl-stacks";
export * from "./findings-report";
export * from "./manifest/manifest-error";
export * from "./manifest/load-manifest";
export * from "./manifest/validate-manifest";
export { ACCESS_MODELS, LIGHTHOUSE_MANIFEST_KEYS } from "./manifest/validate-lighthouse";
