/**
 * An azapi provider signed in **as the customer principal**, in the customer's tenant: the only
 * kind of provider that may send the Partner Admin Link PUT, because that API links whoever
 * calls it (PAL-RULES.md §1).
 *
 * Rule encoded (PAL-RULES.md §2; terraform-provider-azapi `internal/provider/provider.go`): azapi
 * defaults `use_cli` to true and turns an unknown `client_secret` into "", so a provider without
 * explicit settings can silently sign in as the operator's Azure CLI login and link the
 * operator. This provider sets `use_cli`, `use_msi` and `use_aks_workload_identity` to false,
 * and signs in with OIDC or a client secret only.
 */
import { Construct } from "constructs";
import { AzapiProvider } from "./azapi/provider";
import { ICustomerPrincipal } from "./customer-principal";

/** Props of {@link PrincipalAzapiProvider}. */
export interface PrincipalAzapiProviderProps {
  /** The principal to sign in as. */
  readonly principal: ICustomerPrincipal;
  /**
   * A provider alias, when the stack has other azapi providers.
   * @default no alias (the stack's default azapi provider)
   */
  readonly alias?: string;
}

/** The settings that stop azapi from falling back to another identity than the principal's. */
export const NO_FALLBACK_SIGN_IN = { useCli: false, useMsi: false, useAksWorkloadIdentity: false } as const;

/** An `azapi` provider configured to sign in as a customer principal and nothing else. */
export class PrincipalAzapiProvider extends AzapiProvider {
  /** The principal this provider signs in as. */
  public readonly principal: ICustomerPrincipal;

  constructor(scope: Construct, id: string, props: PrincipalAzapiProviderProps) {
    const signIn = props.principal.signIn;
    super(scope, id, {
      alias: props.alias,
      tenantId: props.principal.tenantId,
      clientId: props.principal.clientId,
      ...NO_FALLBACK_SIGN_IN,
      useOidc: signIn.method === "oidc",
      ...(signIn.method === "clientSecret" ? { clientSecret: signIn.clientSecret } : {}),
    });
    this.principal = props.principal;
  }
}
