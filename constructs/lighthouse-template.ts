/**
 * The ARM template (and parameters file) a customer deploys to onboard to Azure Lighthouse
 * themselves, the usual onboarding path (Microsoft Learn "Onboard a customer to Azure
 * Lighthouse", https://learn.microsoft.com/azure/lighthouse/how-to/onboard-customer), generated
 * from the same {@link LighthouseDelegation} as the Terraform resources: the same definition and
 * assignment GUIDs, the same authorizations, the PAL principal's first.
 *
 * Shape: a subscription deployment template (`az deployment sub create --location <region>
 * --template-file <customer>.template.json --parameters @<customer>.parameters.json`, in any one
 * of the customer's delegated subscriptions). Per delegated subscription it holds one nested
 * deployment (`subscriptionId`, so one deployment covers every subscription of the customer) with
 * the `Microsoft.ManagedServices/registrationDefinitions` (API 2022-10-01) and its
 * `registrationAssignments`: at the subscription, or through a nested deployment into each
 * delegated resource group. Values the customer may review or change (offer name, description,
 * tenants, staff authorizations) are parameters, as in Microsoft's Lighthouse samples; the PAL
 * principal's authorizations are fixed in the template (variables), so they cannot be left out.
 */
import { Token } from "cdktf";
import { ResolvedAuthorization, ResolvedEligibleAuthorization } from "./lighthouse-authorization";
import { LighthouseDelegation } from "./lighthouse-delegation";

/** The ARM API version of registrationDefinitions / registrationAssignments the template uses. */
export const MANAGED_SERVICES_API_VERSION = "2022-10-01";
/** The deployments API version of the nested deployments. */
export const DEPLOYMENTS_API_VERSION = "2021-04-01";
/** The subscription deployment template schema. */
export const SUBSCRIPTION_DEPLOYMENT_TEMPLATE_SCHEMA = "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#";
/** The resource group deployment template schema. */
export const DEPLOYMENT_TEMPLATE_SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#";
/** The deployment parameters schema. */
export const DEPLOYMENT_PARAMETERS_SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#";

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The two files of one customer's self-service onboarding. */
export interface LighthouseArmFiles {
  /** The subscription deployment template. */
  readonly template: { [key: string]: Json };
  /** Its parameters file. */
  readonly parameters: { [key: string]: Json };
  /** Whether the PAL principal's object ID was known at synthesis (else the parameters file leaves it for the deployer to fill). */
  readonly palPrincipalObjectIdKnown: boolean;
}

/** Options of {@link lighthouseArmTemplate}. */
export interface LighthouseArmTemplateOptions {
  /**
   * How the deployer learns the PAL principal's object ID when it is not known at synthesis.
   * @default "the object_id output of the stack that creates the PAL principal"
   */
  readonly palPrincipalObjectIdSource?: string;
}

/** The API shape of a permanent authorization (ManagedServices 2022-10-01 `Authorization`). */
export function authorizationJson(a: ResolvedAuthorization, principalId: string = a.principalId): { [key: string]: Json } {
  return {
    principalId,
    ...(a.principalDisplayName ? { principalIdDisplayName: a.principalDisplayName } : {}),
    roleDefinitionId: a.role.id,
    ...(a.delegatedRoles.length > 0 ? { delegatedRoleDefinitionIds: a.delegatedRoles.map((r) => r.id) } : {}),
  };
}

/** The API shape of an eligible authorization (ManagedServices 2022-10-01 `EligibleAuthorization`). */
export function eligibleAuthorizationJson(e: ResolvedEligibleAuthorization): { [key: string]: Json } {
  return {
    principalId: e.principalId,
    ...(e.principalDisplayName ? { principalIdDisplayName: e.principalDisplayName } : {}),
    roleDefinitionId: e.role.id,
    justInTimeAccessPolicy: {
      multiFactorAuthProvider: e.multiFactorAuthProvider,
      maximumActivationDuration: e.maximumActivationDuration,
      ...(e.approvers.length > 0
        ? { managedByTenantApprovers: e.approvers.map((p) => ({ principalId: p.principalId, ...(p.principalDisplayName ? { principalIdDisplayName: p.principalDisplayName } : {}) })) }
        : {}),
    },
  };
}

/** Generates the template and parameters file of `delegation`. Throws when a staff principal ID is a Terraform reference (the customer's files need literal IDs). */
export function lighthouseArmTemplate(delegation: LighthouseDelegation, options: LighthouseArmTemplateOptions = {}): LighthouseArmFiles {
  const pal = delegation.palPrincipal;
  const palIds = new Set(pal ? [pal.objectId] : []);
  const palAuthorizations = delegation.authorizations.filter((a) => palIds.has(a.principalId));
  const staffAuthorizations = delegation.authorizations.filter((a) => !palIds.has(a.principalId));
  for (const a of [...staffAuthorizations, ...delegation.eligibleAuthorizations]) {
    if (Token.isUnresolved(a.principalId)) {
      throw new Error(`${delegation.node.path}: the ARM template needs literal principal IDs, but an authorization's principalId is a Terraform reference`);
    }
  }
  if (Token.isUnresolved(delegation.managingTenantId)) throw new Error(`${delegation.node.path}: the ARM template needs a literal managingTenantId`);
  const palObjectIdKnown = pal !== undefined && !Token.isUnresolved(pal.objectId);
  const source = options.palPrincipalObjectIdSource ?? "the object_id output of the stack that creates the PAL principal";

  const subscriptionDeployments: Json[] = delegation.subscriptions.map((sub) => {
    const definitionResourceId = `/subscriptions/${sub.subscriptionId}/providers/Microsoft.ManagedServices/registrationDefinitions/${sub.definitionId}`;
    const inner: Json[] = [
      {
        type: "Microsoft.ManagedServices/registrationDefinitions",
        apiVersion: MANAGED_SERVICES_API_VERSION,
        name: sub.definitionId,
        properties: {
          registrationDefinitionName: "[parameters('mspOfferName')]",
          description: "[parameters('mspOfferDescription')]",
          managedByTenantId: "[parameters('managedByTenantId')]",
          authorizations: pal ? "[concat(variables('palAuthorizations'), parameters('authorizations'))]" : "[parameters('authorizations')]",
          eligibleAuthorizations: "[parameters('eligibleAuthorizations')]",
        },
      },
    ];
    for (const scope of sub.scopes) {
      const assignment = {
        type: "Microsoft.ManagedServices/registrationAssignments",
        apiVersion: MANAGED_SERVICES_API_VERSION,
        name: sub.assignmentNames[scope.id],
        properties: { registrationDefinitionId: definitionResourceId },
      };
      if (scope.kind === "subscription") {
        inner.push({ ...assignment, dependsOn: [definitionResourceId] });
      } else {
        inner.push({
          type: "Microsoft.Resources/deployments",
          apiVersion: DEPLOYMENTS_API_VERSION,
          name: `pal-lighthouse-rg-${sub.assignmentNames[scope.id].slice(0, 8)}`,
          subscriptionId: sub.subscriptionId,
          resourceGroup: scope.resourceGroupName!,
          dependsOn: [definitionResourceId],
          properties: {
            mode: "Incremental",
            template: { $schema: DEPLOYMENT_TEMPLATE_SCHEMA, contentVersion: "1.0.0.0", resources: [assignment] },
          },
        });
      }
    }
    return {
      type: "Microsoft.Resources/deployments",
      apiVersion: DEPLOYMENTS_API_VERSION,
      name: `pal-lighthouse-${sub.subscriptionId.slice(0, 8)}`,
      subscriptionId: sub.subscriptionId,
      location: "[deployment().location]",
      properties: {
        mode: "Incremental",
        // The nested templates read the outer template's parameters and variables.
        expressionEvaluationOptions: { scope: "outer" },
        template: { $schema: SUBSCRIPTION_DEPLOYMENT_TEMPLATE_SCHEMA, contentVersion: "1.0.0.0", resources: inner },
      },
    };
  });

  const template: { [key: string]: Json } = {
    $schema: SUBSCRIPTION_DEPLOYMENT_TEMPLATE_SCHEMA,
    contentVersion: "1.0.0.0",
    metadata: {
      description:
        `Azure Lighthouse onboarding of ${delegation.subscriptions.length} subscription(s) to ${delegation.offerName}, generated by PAL Kit. ` +
        "Deploy once with: az deployment sub create --location <region> --template-file <this file> --parameters @<parameters file>, signed in with Owner on the delegated subscriptions.",
    },
    parameters: {
      mspOfferName: { type: "string", metadata: { description: "The offer's name, shown under Service providers." } },
      mspOfferDescription: { type: "string", metadata: { description: "The offer's description." } },
      managedByTenantId: { type: "string", metadata: { description: "The partner's managing tenant ID." } },
      ...(pal
        ? { palPrincipalObjectId: { type: "string", metadata: { description: `Object ID of the partner's Partner Admin Link principal in the managing tenant (${palObjectIdKnown ? "filled in" : `take it from ${source}`}).` } } }
        : {}),
      authorizations: { type: "array", metadata: { description: "Permanent authorizations of the partner's staff." } },
      eligibleAuthorizations: { type: "array", defaultValue: [], metadata: { description: "Just-in-time (PIM) authorizations of the partner's staff." } },
    },
    ...(pal ? { variables: { palAuthorizations: palAuthorizations.map((a) => authorizationJson(a, "[parameters('palPrincipalObjectId')]")) } } : {}),
    resources: subscriptionDeployments,
    outputs: {
      mspOfferName: { type: "string", value: "[concat('Managed by ', parameters('mspOfferName'))]" },
    },
  };

  const parameters: { [key: string]: Json } = {
    $schema: DEPLOYMENT_PARAMETERS_SCHEMA,
    contentVersion: "1.0.0.0",
    parameters: {
      mspOfferName: { value: delegation.offerName },
      mspOfferDescription: { value: delegation.description },
      managedByTenantId: { value: delegation.managingTenantId },
      ...(palObjectIdKnown ? { palPrincipalObjectId: { value: pal!.objectId } } : {}),
      authorizations: { value: staffAuthorizations.map((a) => authorizationJson(a)) },
      eligibleAuthorizations: { value: delegation.eligibleAuthorizations.map(eligibleAuthorizationJson) },
    },
  };
  return { template, parameters, palPrincipalObjectIdKnown: palObjectIdKnown };
}
