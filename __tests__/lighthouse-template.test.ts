/**
 * The ARM template a Lighthouse customer deploys: the deployment template essentials, and every
 * registrationDefinition / registrationAssignment it creates validated with ajv against the
 * ManagedServices 2022-10-01 spec (shared/reference/azure-rest-api-specs/, read here, never
 * copied). The spec's own x-ms-examples are fixtures: the same validator accepts them, and fails
 * them when they are broken, so it can fail.
 */
import Ajv, { ValidateFunction } from "ajv";
import { App, TerraformStack } from "cdktf";
import * as fs from "fs";
import * as path from "path";
import { LighthouseDelegation, LighthouseDelegationProps } from "../constructs/lighthouse-delegation";
import { Json, lighthouseArmTemplate, MANAGED_SERVICES_API_VERSION } from "../constructs/lighthouse-template";
import { findSharedReference } from "../tools/shared-reference";
import { UNSYNTHESISED_OUTDIR } from "./support/unsynthesised-outdir";

const shared = findSharedReference();
const SPEC_DIR = shared && path.join(shared, "azure-rest-api-specs/specification/managedservices/resource-manager/Microsoft.ManagedServices/ManagedServices/stable/2022-10-01");
const SPEC_FILE = SPEC_DIR && path.join(SPEC_DIR, "managedservices.json");
const haveSpec = SPEC_FILE !== undefined && fs.existsSync(SPEC_FILE);

test("prerequisite of the ManagedServices spec checks: shared/reference/azure-rest-api-specs", () => {
  if (!haveSpec) console.warn("SKIPPED ManagedServices 2022-10-01 spec checks: shared/reference/azure-rest-api-specs/ is not on this machine");
});
const describeIfSpec = haveSpec ? describe : describe.skip;

const MANAGING = "0f0f0f0f-0000-4000-8000-000000000001";
const PAL = "0f0f0f0f-0000-4000-8000-0000000000aa";
const STAFF = "0f0f0f0f-0000-4000-8000-000000000011";
const SUB = "55555555-5555-5555-5555-555555555555";
const SUB2 = "66666666-6666-6666-6666-666666666666";

function delegation(overrides: Partial<LighthouseDelegationProps> = {}): LighthouseDelegation {
  const stack = new TerraformStack(new App({ outdir: UNSYNTHESISED_OUTDIR }), "litware-delegation");
  return new LighthouseDelegation(stack, "delegation", {
    managingTenantId: MANAGING,
    scopes: [`/subscriptions/${SUB}`, `/subscriptions/${SUB2}/resourceGroups/rg-erp`, `/subscriptions/${SUB2}/resourceGroups/rg-web`],
    offerName: "Contoso MSP managed services",
    palPrincipal: { objectId: PAL, tenantId: MANAGING },
    authorizations: [
      { principalId: STAFF, principalDisplayName: "Tier 1", role: "Reader" },
      { principalId: STAFF.replace("11", "12"), role: "User Access Administrator", delegatedRoles: ["Contributor"] },
    ],
    eligibleAuthorizations: [
      { principalId: STAFF, principalDisplayName: "Tier 1", role: "Contributor", justInTime: { maximumActivationDuration: "PT4H", approvers: [{ principalId: STAFF.replace("11", "21"), principalDisplayName: "Duty managers" }] } },
    ],
    nameSeed: "lighthouse/litware",
    ...overrides,
  });
}

/** Evaluates the only template expressions the generator writes; any other expression fails the test. */
function evaluate(value: Json, parameters: Record<string, Json>, variables: Record<string, Json>): Json {
  if (typeof value === "string" && value.startsWith("[") && !value.startsWith("[[")) {
    const param = /^\[parameters\('([A-Za-z]+)'\)\]$/.exec(value);
    if (param) {
      if (!(param[1] in parameters)) throw new Error(`parameter ${param[1]} has no value`);
      return evaluate(parameters[param[1]], parameters, variables);
    }
    const concat = /^\[concat\(variables\('([A-Za-z]+)'\), parameters\('([A-Za-z]+)'\)\)\]$/.exec(value);
    if (concat) return [...(evaluate(variables[concat[1]], parameters, variables) as Json[]), ...(evaluate(parameters[concat[2]], parameters, variables) as Json[])];
    throw new Error(`unexpected template expression ${value}`);
  }
  if (Array.isArray(value)) return value.map((v) => evaluate(v, parameters, variables));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluate(v, parameters, variables)]));
  return value;
}

/** Every resource of the template, nested deployments' resources included, with the subscription and resource group they land in. */
function resourcesOf(template: any, at: { subscriptionId?: string; resourceGroup?: string } = {}): Array<{ resource: any; subscriptionId?: string; resourceGroup?: string }> {
  return (template.resources as any[]).flatMap((r) => {
    const here = { subscriptionId: r.subscriptionId ?? at.subscriptionId, resourceGroup: r.resourceGroup ?? at.resourceGroup };
    const nested = r.type === "Microsoft.Resources/deployments" ? resourcesOf(r.properties.template, here) : [];
    return [{ resource: r, ...at }, ...nested];
  });
}

/**
 * The deployment template essentials (Microsoft Learn "Understand the structure and syntax of ARM
 * templates"): $schema, contentVersion, typed parameters, resources with type, apiVersion and name;
 * nested deployments with a mode and an inline template.
 */
const TEMPLATE_ESSENTIALS = {
  $id: "template-essentials",
  type: "object",
  required: ["$schema", "contentVersion", "resources"],
  properties: {
    $schema: { type: "string", pattern: "^https://schema\\.management\\.azure\\.com/schemas/\\d{4}-\\d{2}-\\d{2}/(subscriptionDeploymentTemplate|deploymentTemplate)\\.json#$" },
    contentVersion: { type: "string", pattern: "^\\d+(\\.\\d+){3}$" },
    parameters: {
      type: "object",
      additionalProperties: {
        type: "object",
        required: ["type"],
        properties: { type: { enum: ["string", "securestring", "int", "bool", "object", "secureObject", "array"] } },
      },
    },
    metadata: { type: "object" },
    functions: { type: "array" },
    variables: { type: "object" },
    outputs: { type: "object", additionalProperties: { type: "object", required: ["type", "value"] } },
    resources: { type: "array", items: { $ref: "#/definitions/resource" } },
  },
  additionalProperties: false,
  definitions: {
    resource: {
      type: "object",
      required: ["type", "apiVersion", "name"],
      properties: {
        type: { type: "string", pattern: "^[A-Za-z]+\\.[A-Za-z]+/[A-Za-z]+(/[A-Za-z]+)*$" },
        apiVersion: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}(-preview)?$" },
        name: { type: "string", minLength: 1 },
        dependsOn: { type: "array", items: { type: "string" } },
        properties: { type: "object" },
      },
      if: { properties: { type: { const: "Microsoft.Resources/deployments" } } },
      then: {
        required: ["properties"],
        properties: {
          properties: {
            type: "object",
            required: ["mode", "template"],
            properties: { mode: { enum: ["Incremental", "Complete"] }, template: { $ref: "template-essentials" } },
          },
        },
      },
    },
  },
};

const PARAMETERS_ESSENTIALS = {
  type: "object",
  required: ["$schema", "contentVersion", "parameters"],
  properties: {
    $schema: { const: "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#" },
    contentVersion: { type: "string", pattern: "^\\d+(\\.\\d+){3}$" },
    parameters: { type: "object", additionalProperties: { type: "object", required: ["value"], additionalProperties: false, properties: { value: {} } } },
  },
  additionalProperties: false,
};

describeIfSpec("the customer's Lighthouse onboarding template", () => {
  let definitionProperties: ValidateFunction;
  let assignmentProperties: ValidateFunction;
  let spec: any;

  beforeAll(() => {
    spec = JSON.parse(fs.readFileSync(SPEC_FILE!, "utf8"));
    const commonTypesFile = path.resolve(SPEC_DIR!, "../../../../../../common-types/resource-management/v3/types.json");
    const ajv = new Ajv({ strict: false, allErrors: true });
    // Formats the spec uses (RFC 4122 GUIDs, ISO 8601 durations, RFC 3339 times).
    ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    ajv.addFormat("duration", /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/);
    ajv.addFormat("date-time", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
    ajv.addSchema({ ...JSON.parse(fs.readFileSync(commonTypesFile, "utf8")), $id: `file://${commonTypesFile}` });
    // The spec's definitions as they are, plus: only properties the spec defines, and none of its read-only ones (the API sets those).
    const strict = JSON.parse(JSON.stringify(spec.definitions));
    for (const name of ["RegistrationDefinitionProperties", "Authorization", "EligibleAuthorization", "JustInTimeAccessPolicy", "EligibleApprover", "RegistrationAssignmentProperties"]) {
      const def = strict[name];
      const writable = Object.entries(def.properties).filter(([, p]: [string, any]) => !p.readOnly).map(([k]) => k);
      def.propertyNames = { enum: writable };
    }
    ajv.addSchema({ $id: `file://${SPEC_FILE}`, definitions: strict });
    definitionProperties = ajv.getSchema(`file://${SPEC_FILE}#/definitions/RegistrationDefinitionProperties`)!;
    assignmentProperties = ajv.getSchema(`file://${SPEC_FILE}#/definitions/RegistrationAssignmentProperties`)!;
    expect(spec.info.version).toBe(MANAGED_SERVICES_API_VERSION);
  });

  test("the validator accepts the spec's own PUT examples and rejects them broken", () => {
    const definitionExample = JSON.parse(fs.readFileSync(path.join(SPEC_DIR!, "examples/PutRegistrationDefinition.json"), "utf8"));
    const assignmentExample = JSON.parse(fs.readFileSync(path.join(SPEC_DIR!, "examples/PutRegistrationAssignment.json"), "utf8"));
    const body = definitionExample.parameters.requestBody.properties;
    expect([definitionProperties(body), definitionProperties.errors]).toEqual([true, null]);
    expect(assignmentProperties(assignmentExample.parameters.requestBody.properties)).toBe(true);
    const broken = JSON.parse(JSON.stringify(body));
    delete broken.authorizations[0].roleDefinitionId;
    broken.eligibleAuthorizations[0].justInTimeAccessPolicy.multiFactorAuthProvider = "SMS";
    broken.authorizations[1].delegatedRoleDefinitionIds = ["Contributor"];
    expect(definitionProperties(broken)).toBe(false);
    expect(definitionProperties.errors!.map((e) => e.instancePath).sort()).toEqual([
      "/authorizations/0",
      "/authorizations/1/delegatedRoleDefinitionIds/0",
      "/eligibleAuthorizations/0/justInTimeAccessPolicy/multiFactorAuthProvider",
    ]);
    expect(definitionProperties({ ...body, provisioningState: "Succeeded" })).toBe(false); // read-only
  });

  test("has the deployment template essentials, and its parameters file the parameters file essentials", () => {
    const { template, parameters } = lighthouseArmTemplate(delegation());
    const ajv = new Ajv({ strict: false, allErrors: true });
    const essentials = ajv.compile(TEMPLATE_ESSENTIALS);
    expect([essentials(template), essentials.errors]).toEqual([true, null]);
    expect(ajv.validate(PARAMETERS_ESSENTIALS, parameters)).toBe(true);
    // Every parameter the template needs without a default has a value, and every value has a parameter.
    const declared = template.parameters as Record<string, any>;
    const given = (parameters.parameters as Record<string, unknown>);
    expect(Object.keys(given).every((k) => k in declared)).toBe(true);
    expect(Object.keys(declared).filter((k) => !("defaultValue" in declared[k]) && !(k in given))).toEqual([]);
    // A broken template fails the essentials.
    expect(essentials({ ...template, contentVersion: "1.0" })).toBe(false);
  });

  test("every definition and assignment, evaluated with the parameters file, is valid against the ManagedServices 2022-10-01 spec", () => {
    const d = delegation();
    const { template, parameters } = lighthouseArmTemplate(d);
    const values = Object.fromEntries(Object.entries(parameters.parameters as Record<string, { value: Json }>).map(([k, v]) => [k, v.value]));
    const resources = resourcesOf(template);
    const definitions = resources.filter((r) => r.resource.type === "Microsoft.ManagedServices/registrationDefinitions");
    const assignments = resources.filter((r) => r.resource.type === "Microsoft.ManagedServices/registrationAssignments");
    expect(definitions.map((r) => [r.subscriptionId, r.resource.name])).toEqual(d.subscriptions.map((s) => [s.subscriptionId, s.definitionId]));
    expect(assignments.map((r) => [r.subscriptionId, r.resourceGroup ?? null, r.resource.name])).toEqual([
      [SUB, null, d.subscriptions[0].assignmentNames[`/subscriptions/${SUB}`]],
      [SUB2, "rg-erp", d.subscriptions[1].assignmentNames[`/subscriptions/${SUB2}/resourceGroups/rg-erp`]],
      [SUB2, "rg-web", d.subscriptions[1].assignmentNames[`/subscriptions/${SUB2}/resourceGroups/rg-web`]],
    ]);
    for (const { resource } of [...definitions, ...assignments]) expect(resource.apiVersion).toBe("2022-10-01");
    for (const { resource } of definitions) {
      const properties = evaluate(resource.properties, values, template.variables as Record<string, Json>);
      expect([definitionProperties(properties), definitionProperties.errors]).toEqual([true, null]);
      expect(properties).toMatchObject({
        registrationDefinitionName: "Contoso MSP managed services",
        managedByTenantId: MANAGING,
        authorizations: [
          { principalId: PAL, principalIdDisplayName: "Partner Admin Link", roleDefinitionId: "cfd33db0-3dd1-45e3-aa9d-cdbdf3b6f24e" },
          { principalId: STAFF, principalIdDisplayName: "Tier 1", roleDefinitionId: "acdd72a7-3385-48ef-bd42-f606fba81ae7" },
          { roleDefinitionId: "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", delegatedRoleDefinitionIds: ["b24988ac-6180-42a0-ab88-20f7382dd24c"] },
        ],
        eligibleAuthorizations: [
          { principalId: STAFF, roleDefinitionId: "b24988ac-6180-42a0-ab88-20f7382dd24c", justInTimeAccessPolicy: { multiFactorAuthProvider: "Azure", maximumActivationDuration: "PT4H", managedByTenantApprovers: [{ principalIdDisplayName: "Duty managers" }] } },
        ],
      });
    }
    for (const { resource, subscriptionId } of assignments) {
      expect(assignmentProperties(resource.properties)).toBe(true);
      const definition = definitions.find((r) => r.subscriptionId === subscriptionId)!;
      expect(resource.properties.registrationDefinitionId).toBe(`/subscriptions/${subscriptionId}/providers/Microsoft.ManagedServices/registrationDefinitions/${definition.resource.name}`);
    }
  });

  test("the PAL principal's authorization is fixed in the template, not only in the parameters file", () => {
    const { template, parameters } = lighthouseArmTemplate(delegation());
    expect(JSON.stringify((parameters.parameters as any).authorizations)).not.toContain(PAL);
    expect((template.variables as any).palAuthorizations).toEqual([
      { principalId: "[parameters('palPrincipalObjectId')]", principalIdDisplayName: "Partner Admin Link", roleDefinitionId: "cfd33db0-3dd1-45e3-aa9d-cdbdf3b6f24e" },
    ]);
    expect((parameters.parameters as any).palPrincipalObjectId).toEqual({ value: PAL });
  });

  test("when the PAL principal is created by Terraform, the parameters file leaves its object ID to the deployer and says where it comes from", () => {
    const d = delegation({ palPrincipal: { objectId: "${TfToken[TOKEN.1]}", tenantId: MANAGING } });
    const files = lighthouseArmTemplate(d, { palPrincipalObjectIdSource: "terraform output object_id of managing-tenant-identity" });
    expect(files.palPrincipalObjectIdKnown).toBe(false);
    expect((files.parameters.parameters as any).palPrincipalObjectId).toBeUndefined();
    expect((files.template.parameters as any).palPrincipalObjectId.metadata.description).toMatch(/take it from terraform output object_id of managing-tenant-identity/);
    expect(JSON.stringify(files)).not.toContain("TfToken");
  });
});
