#!/usr/bin/env node
/**
 * `npm run prerequisites -- <customer>`: what an administrator of the customer's tenant grants once,
 * (or `-- managing-tenant` / a Lighthouse customer: what the managing tenant grants, what the customer deploys)
 * before the pipeline can onboard the customer, as copy-paste Azure CLI steps with the customer's IDs
 * filled in. Nothing is run: the partner cannot grant these in someone else's tenant.
 *
 *   PAL_AUTOMATION_CLIENT_ID=<app id> PAL_PLAN_CLIENT_ID=<app id> npm run --silent prerequisites -- contoso
 *
 * The client IDs are the outputs automation_client_id / plan_client_id of the pal-bootstrap stack
 * (or the apps made by hand); without them the steps show placeholders.
 */
import * as path from "path";
import { RoleCatalog } from "../constructs/role-catalog";
import { RoleScope } from "../constructs/role-scope";
import { ManifestError } from "../stacks/manifest/manifest-error";
import { loadManifest, locateManifest } from "../stacks/manifest/load-manifest";
import { GRAPH_APP_ID } from "../stacks/bootstrap-stack";
import type { CustomerSpec } from "../stacks/fleet-spec";
import { LighthouseCustomerSpec, LighthouseSpec, MANAGING_TENANT_NAME } from "../stacks/lighthouse-spec";
import { lighthouseNames } from "../stacks/fleet-synthesis/select-customers";

/** Role Based Access Control Administrator (assigns roles; can be constrained with conditions), from the kit's role catalogue. */
const RBAC_ADMINISTRATOR = RoleCatalog.default.get("Role Based Access Control Administrator").id;

/** The steps for one customer (or `managing-tenant`, the Azure Lighthouse managing tenant), as text. Exported for tests. */
export function prerequisites(argv: string[], cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): string {
  const [name, ...rest] = argv;
  if (!name || rest.length) throw new Error("usage: npm run --silent prerequisites -- <customer | managing-tenant>");
  const location = locateManifest(cwd, env);
  const manifest = path.relative(cwd, location.file) || location.file;
  const spec = loadManifest(location.file, manifest);
  const ids = { automation: env.PAL_AUTOMATION_CLIENT_ID || "<PAL_AUTOMATION_CLIENT_ID>", plan: env.PAL_PLAN_CLIENT_ID || "<PAL_PLAN_CLIENT_ID>" };
  const customer = spec.customers.find((c) => c.name === name);
  if (customer) return customerSteps(customer, ids).join("\n");
  const lighthouse = spec.lighthouse;
  if (lighthouse && name === MANAGING_TENANT_NAME) return managingTenantSteps(lighthouse, spec.partner?.tenantId, ids).join("\n");
  const delegated = lighthouse?.customers.find((c) => c.name === name);
  if (lighthouse && delegated) return delegationSteps(delegated, lighthouse).join("\n");
  const known = [...spec.customers.map((c) => c.name), ...lighthouseNames(spec)];
  throw new Error(`"${name}" is not in ${manifest}. Customers: ${known.join(", ")}`);
}

/** The partner-side client IDs (outputs of pal-bootstrap), or placeholders. */
interface PartnerApps {
  readonly automation: string;
  readonly plan: string;
}

/** Step 1 and 2 of a tenant the automation app creates a PAL principal in: its service principal there, and Graph application permissions. */
function consentSteps(ids: PartnerApps, createServicePrincipals: boolean): string[] {
  return [
    ...(createServicePrincipals
      ? [`# 1. Admin consent: service principals of the partner's PAL automation app and read-only plan identity in this tenant.`, `az ad sp create --id ${ids.automation}`, `az ad sp create --id ${ids.plan}`]
      : [`# 1. Admin consent: none to create, the automation app and plan identity are registered in this tenant (pal-bootstrap).`]),
    ``,
    `# 2. Microsoft Graph application permissions: the automation app creates and owns the PAL principal`,
    `#    (Application.ReadWrite.OwnedBy); the plan identity only reads it (Application.Read.All).`,
    `graph=$(az ad sp show --id ${GRAPH_APP_ID} --query id -o tsv)`,
    `role() { az ad sp show --id ${GRAPH_APP_ID} --query "appRoles[?value=='$1'].id | [0]" -o tsv; }`,
    `grant() { az rest --method POST --uri "https://graph.microsoft.com/v1.0/servicePrincipals/$(az ad sp show --id "$1" --query id -o tsv)/appRoleAssignments" \\`,
    `  --body "{\\"principalId\\":\\"$(az ad sp show --id "$1" --query id -o tsv)\\",\\"resourceId\\":\\"$graph\\",\\"appRoleId\\":\\"$(role "$2")\\"}"; }`,
    `grant ${ids.automation} Application.ReadWrite.OwnedBy`,
    `grant ${ids.plan} Application.Read.All`,
  ];
}

function customerSteps(customer: CustomerSpec, ids: PartnerApps): string[] {
  const roles = customer.roles.map((r) => RoleCatalog.default.find(r)?.id ?? r.toLowerCase());
  const roleSet = roles.filter((r) => /^[0-9a-f-]{36}$/.test(r)).join(", ");
  return [
    `# PAL Kit prerequisites for ${customer.name} (tenant ${customer.tenantId})`,
    `# Run as an administrator of tenant ${customer.tenantId} (Privileged Role Administrator or Global Administrator for steps 1-2,`,
    `# Owner or User Access Administrator on the scopes for step 3).`,
    ``,
    `az login --tenant ${customer.tenantId} --allow-no-subscriptions`,
    ``,
    ...consentSteps(ids, true),
    ``,
    `# 3. Azure RBAC on the customer's scopes: the automation app may assign the PAL roles (Role Based Access Control`,
    `#    Administrator, limited by a condition to the roles in the manifest), the plan identity reads (Reader).`,
    ...customer.scopes.flatMap((scope) => [
      `az role assignment create --assignee ${ids.automation} --role ${RBAC_ADMINISTRATOR} --scope "${scope}" \\`,
      `  --condition-version 2.0 --condition "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${roleSet}})) AND ((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${roleSet}}))"`,
      `az role assignment create --assignee ${ids.plan} --role Reader --scope "${scope}"`,
    ]),
    ``,
    `# Then merge ${customer.name} into pal.config.yaml: the deploy run creates its PAL principal and links it.`,
  ];
}

/** The managing tenant: the automation app creates the one PAL principal there; the link is tenant-level and needs no Azure role (PAL-RULES.md). */
function managingTenantSteps(lighthouse: LighthouseSpec, partnerTenantId: string | undefined, ids: PartnerApps): string[] {
  const tenant = lighthouse.managingTenantId;
  const home = partnerTenantId !== undefined && partnerTenantId.toLowerCase() === tenant;
  const brought = lighthouse.credential.type === "none";
  return [
    `# PAL Kit prerequisites for the Azure Lighthouse managing tenant ${tenant}`,
    `# Run as an administrator of tenant ${tenant} (Privileged Role Administrator or Global Administrator).`,
    `# No Azure role is needed: managing-tenant-link is a tenant-level call made as the PAL principal.`,
    ``,
    ...(brought
      ? [`# Nothing to grant: the PAL principal is brought in (credential type none); managing-tenant-identity only reads it (plan identity: Application.Read.All).`]
      : [`az login --tenant ${tenant} --allow-no-subscriptions`, ``, ...consentSteps(ids, !home)]),
    ``,
    `# Then the deploy run creates managing-tenant-identity and links it (managing-tenant-link); the customers deploy their delegations.`,
  ];
}

/** A Lighthouse customer: nothing to consent; an Owner of its subscriptions deploys the delegation template. */
function delegationSteps(customer: LighthouseCustomerSpec, lighthouse: LighthouseSpec): string[] {
  const subscriptions = [...new Set(customer.scopes.map((s) => RoleScope.of(s).subscriptionId).filter((s): s is string => s !== undefined))];
  return [
    `# PAL Kit prerequisites for ${customer.name} (tenant ${customer.tenantId}, Azure Lighthouse)`,
    `# Nothing to consent in this tenant: the access comes from the delegation to the managing tenant ${lighthouse.managingTenantId}.`,
    `# Run as Owner of ${subscriptions.length === 1 ? "subscription" : "subscriptions"} ${subscriptions.join(", ")} (registrationAssignments need Microsoft.Authorization/roleAssignments/write),`,
    `# with cdktf.out/lighthouse/${customer.name}.template.json and .parameters.json from the partner (npm run synth; review them first):`,
    ``,
    `az login --tenant ${customer.tenantId}`,
    `az account set --subscription ${customer.subscriptionId}`,
    `az deployment sub create --location <region> \\`,
    `  --template-file ${customer.name}.template.json \\`,
    `  --parameters @${customer.name}.parameters.json \\`,
    `  --parameters palPrincipalObjectId=<terraform output object_id of managing-tenant-identity, from the partner>`,
    ``,
    `# Then the partner sees ${customer.name} under My customers; the PAL principal's role there counts for recognition.`,
  ];
}

if (require.main === module) {
  try {
    console.log(prerequisites(process.argv.slice(2)));
  } catch (err) {
    console.error(err instanceof ManifestError ? err.format("no steps were printed") : `prerequisites: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
