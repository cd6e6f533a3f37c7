/**
 * Where each stack keeps its Terraform state: local files by default, or one blob per stack in an
 * Azure storage account (blob lease locking) when the manifest asks for `backend.type: azurerm`.
 */
import { AzurermBackend, LocalBackend, TerraformStack } from "cdktf";
import { BackendSpec } from "./fleet-spec";

/**
 * The local state file of a stack, relative to the directory Terraform runs the stack in
 * (`<outdir>/stacks/<stack>`): `<outdir>/../terraform.<stack>.tfstate`, which is the project root
 * with the default `cdktf.out` - where CDKTF itself keeps local state.
 *
 * Relative, so that synthesising into two directories gives identical files, and outside
 * `<outdir>`, so that neither `rm -rf cdktf.out` nor CDKTF's removal of a stack directory that is
 * no longer synthesised deletes state. The link stack's `terraform_remote_state` gets this same
 * path, which resolves to the same file because both stacks run one level apart from `stacks/`.
 */
export function localStatePath(stackName: string): string {
  return `../../../terraform.${stackName}.tfstate`;
}

/** The blob name of a stack's state in the azurerm backend. */
export function remoteStateKey(keyPrefix: string, stackName: string): string {
  return `${keyPrefix}${stackName}.tfstate`;
}

/** Configures `stack`'s backend from the manifest's backend settings. */
export function configureBackend(stack: TerraformStack, spec: BackendSpec): void {
  const name = stack.node.id;
  if (spec.type === "local") {
    new LocalBackend(stack, { path: localStatePath(name) });
    return;
  }
  new AzurermBackend(stack, {
    resourceGroupName: spec.resourceGroupName,
    storageAccountName: spec.storageAccountName,
    containerName: spec.containerName,
    key: remoteStateKey(spec.keyPrefix, name),
    useAzureadAuth: true,
    ...(spec.subscriptionId ? { subscriptionId: spec.subscriptionId } : {}),
    ...(spec.tenantId ? { tenantId: spec.tenantId } : {}),
  });
}
