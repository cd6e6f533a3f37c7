#!/usr/bin/env node
/**
 * `npm run prerequisites -- <customer>`: what an administrator of the customer's tenant grants once,
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
import { ManifestError } from "../stacks/manifest/manifest-error";
import { loadManifest, locateManifest } from "../stacks/manifest/load-manifest";
import { GRAPH_APP_ID } from "../stacks/bootstrap-stack";

/** Role Based Access Control Administrator (assigns roles; can be constrained with conditions), from the kit's role catalogue. */
const RBAC_ADMINISTRATOR = RoleCatalog.default.get("Role Based Access Control Administrator").id;

/** The steps for one customer, as text. Exported for tests. */
export function prerequisites(argv: string[], cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): string {
  const [name, ...rest] = argv;
  if (!name || rest.length) throw new Error("usage: npm run --silent prerequisites -- <customer>");
  const location = locateManifest(cwd, env);
  const spec = loadManifest(location.file, path.relative(cwd, location.file) || location.file);
  const customer = spec.customers.find((c) => c.name === name);
  if (!customer) throw new Error(`"${name}" is not in ${path.relative(cwd, location.file)}. Customers: ${spec.customers.map((c) => c.name).join(", ")}`);
  const automation = env.PAL_AUTOMATION_CLIENT_ID || "<PAL_AUTOMATION_CLIENT_ID>";
  const plan = env.PAL_PLAN_CLIENT_ID || "<PAL_PLAN_CLIENT_ID>";
  const roles = customer.roles.map((r) => RoleCatalog.default.find(r)?.id ?? r.toLowerCase());
  const roleSet = roles.filter((r) => /^[0-9a-f-]{36}$/.test(r)).join(", ");
  const lines = [
    `# PAL Kit prerequisites for ${customer.name} (tenant ${customer.tenantId})`,
    `# Run as an administrator of tenant ${customer.tenantId} (Privileged Role Administrator or Global Administrator for steps 1-2,`,
    `# Owner or User Access Administrator on the scopes for step 3).`,
    ``,
    `az login --tenant ${customer.tenantId} --allow-no-subscriptions`,
    ``,
    `# 1. Admin consent: service principals of the partner's PAL automation app and read-only plan identity in this tenant.`,
    `az ad sp create --id ${automation}`,
    `az ad sp create --id ${plan}`,
    ``,
    `# 2. Microsoft Graph application permissions: the automation app creates and owns the PAL principal`,
    `#    (Application.ReadWrite.OwnedBy); the plan identity only reads it (Application.Read.All).`,
    `graph=$(az ad sp show --id ${GRAPH_APP_ID} --query id -o tsv)`,
    `role() { az ad sp show --id ${GRAPH_APP_ID} --query "appRoles[?value=='$1'].id | [0]" -o tsv; }`,
    `grant() { az rest --method POST --uri "https://graph.microsoft.com/v1.0/servicePrincipals/$(az ad sp show --id "$1" --query id -o tsv)/appRoleAssignments" \\`,
    `  --body "{\\"principalId\\":\\"$(az ad sp show --id "$1" --query id -o tsv)\\",\\"resourceId\\":\\"$graph\\",\\"appRoleId\\":\\"$(role "$2")\\"}"; }`,
    `grant ${automation} Application.ReadWrite.OwnedBy`,
    `grant ${plan} Application.Read.All`,
    ``,
    `# 3. Azure RBAC on the customer's scopes: the automation app may assign the PAL roles (Role Based Access Control`,
    `#    Administrator, limited by a condition to the roles in the manifest), the plan identity reads (Reader).`,
    ...customer.scopes.flatMap((scope) => [
      `az role assignment create --assignee ${automation} --role ${RBAC_ADMINISTRATOR} --scope "${scope}" \\`,
      `  --condition-version 2.0 --condition "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${roleSet}})) AND ((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${roleSet}}))"`,
      `az role assignment create --assignee ${plan} --role Reader --scope "${scope}"`,
    ]),
    ``,
    `# Then merge ${customer.name} into pal.config.yaml: the deploy run creates its PAL principal and links it.`,
  ];
  return lines.join("\n");
}

if (require.main === module) {
  try {
    console.log(prerequisites(process.argv.slice(2)));
  } catch (err) {
    console.error(err instanceof ManifestError ? err.format("no steps were printed") : `prerequisites: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
