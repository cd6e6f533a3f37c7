/**
 * Checks, at plan, that a bring-your-own principal is what the manifest says: looked up in the
 * customer tenant by its client ID and by its object ID (`data "azuread_service_principal"`), it
 * must be one service principal, of type `Application`, with both IDs. Otherwise the plan fails
 * naming the mismatch, before anything is assigned or linked.
 *
 * Facts (PAL-RULES.md §3, §5): managed identities are not supported for PAL; role assignments and
 * links take the **service principal's** object ID (Enterprise applications), not the
 * application's object ID (App registrations), which is the common mistake.
 */
import { DataAzureadServicePrincipal } from "@cdktf/provider-azuread/lib/data-azuread-service-principal";
import { Fn, Op, TerraformProvider, TerraformSelf } from "cdktf";
import { Construct } from "constructs";

/** Props of {@link ExistingPrincipalCheck}. */
export interface ExistingPrincipalCheckProps {
  /** The application (client) ID the manifest gives. */
  readonly clientId: string;
  /** The service principal object ID the manifest gives. */
  readonly objectId: string;
  /**
   * The azuread provider to read with (signed in to the customer tenant).
   * @default the stack's default azuread provider
   */
  readonly provider?: TerraformProvider;
}

/** Two lookups of an existing principal whose conditions fail the plan when it is not as given. */
export class ExistingPrincipalCheck extends Construct {
  /** The service principal found by client ID. */
  public readonly byClientId: DataAzureadServicePrincipal;
  /** The service principal found by object ID (read only once the client-ID lookup agrees). */
  public readonly byObjectId: DataAzureadServicePrincipal;

  constructor(scope: Construct, id: string, props: ExistingPrincipalCheckProps) {
    super(scope, id);
    const provider = props.provider ? { provider: props.provider } : {};
    this.byClientId = new DataAzureadServicePrincipal(this, "by-client-id", { ...provider, clientId: props.clientId });
    this.byObjectId = new DataAzureadServicePrincipal(this, "by-object-id", {
      ...provider,
      objectId: props.objectId,
      lifecycle: {
        // Checked before this lookup runs, so the usual mistake gets a message instead of "not found".
        precondition: [
          {
            condition: Op.eq(Fn.lower(this.byClientId.objectId), Fn.lower(props.objectId)),
            errorMessage:
              `The service principal of client ID ${props.clientId} has object ID ${this.byClientId.objectId}, but the manifest gives objectId ${props.objectId}. ` +
              `That is usually the application's object ID (App registrations → Overview → Object ID); give the service principal's ` +
              `(Enterprise applications → the app → Object ID, or: az ad sp show --id ${props.clientId} --query id).`,
          },
        ],
        postcondition: [
          {
            condition: Op.eq(TerraformSelf.getString("type"), "Application"),
            errorMessage:
              `objectId ${props.objectId} is a service principal of type ${TerraformSelf.getString("type")}, not Application: Partner Admin Link does not support ` +
              `managed identities. Bring an app registration's service principal (credential: none) or let the kit create one.`,
          },
          {
            condition: Op.eq(Fn.lower(TerraformSelf.getString("client_id")), Fn.lower(props.clientId)),
            errorMessage: `objectId ${props.objectId} belongs to client ID ${TerraformSelf.getString("client_id")}, not to clientId ${props.clientId}: give the IDs of one app.`,
          },
        ],
      },
    });
  }
}
