/**
 * The dedicated customer-side identity that a Partner Admin Link is made for: an Entra ID
 * application and its service principal in the **customer's** tenant, with one credential the
 * link stage signs in with.
 *
 * Rules encoded (PAL-RULES.md §1-§3): the link belongs to a principal in one tenant
 * (`tenantId` + `objectId`), and the principal's object ID - the service principal's, not the
 * application's - is what role assignments and the link use. Managed identities cannot be
 * linked, and a foreign (CSP AOBO) principal has no object in the customer tenant, so the kit
 * creates a service principal there. Deleting the principal ends its attribution.
 */
import { Application } from "@cdktf/provider-azuread/lib/application";
import { DataAzureadClientConfig } from "@cdktf/provider-azuread/lib/data-azuread-client-config";
import { ServicePrincipal } from "@cdktf/provider-azuread/lib/service-principal";
import { Token } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { FederatedCredential, FederatedCredentialOptions } from "./federated-credential";
import { describeGuidProblem, normalizeGuid } from "./internal/guid";
import { checkValue } from "./values/validation-error";
import { displayNameProblem } from "./values/free-text";
import { PartnerId } from "./partner-id";
import { PasswordCredential } from "./password-credential";

/** How a provider signs in as the principal to make the link. */
export type PrincipalSignIn =
  /** Workload identity federation: the runner supplies an OIDC token (GitHub Actions, Azure DevOps). */
  | { readonly method: "oidc" }
  /** A client secret, as a sensitive Terraform reference (from a {@link PasswordCredential}). */
  | { readonly method: "clientSecret"; readonly clientSecret: string }
  /** A secret or certificate the runner supplies in `ARM_CLIENT_SECRET` / `ARM_CLIENT_CERTIFICATE_PATH`. */
  | { readonly method: "environment" };

/** A service principal in a customer tenant that can be given roles and linked. */
export interface ICustomerPrincipal extends IConstruct {
  /** The application (client) ID the principal signs in with. */
  readonly clientId: string;
  /** The service principal's object ID: what role assignments and the link are for. */
  readonly objectId: string;
  /** The customer tenant the principal lives in. */
  readonly tenantId: string;
  /** How the link stage signs in as this principal. */
  readonly signIn: PrincipalSignIn;
  /** Which credential the kit created for it: `federated`, `password`, or `existing` (none; brought in). */
  readonly credentialType: "federated" | "password" | "existing";
}

/** The credential a new principal gets. `type` defaults to `federated`. */
export type PrincipalCredentialOptions =
  | ({ readonly type?: "federated" } & FederatedCredentialOptions)
  | {
      readonly type: "password";
      /**
       * Lifetime of each secret: "<n>h" or "<n>d".
       * @default "720h"
       */
      readonly lifetime?: string;
    };

/** Props of {@link CustomerPrincipal}. */
export interface CustomerPrincipalProps {
  /** The customer's short name, shown in the display name (e.g. "contoso"). */
  readonly customerName: string;
  /** The customer's Entra ID tenant (directory) ID, where the principal is created. */
  readonly tenantId: string;
  /** The partner ID this principal will be linked to, shown in the display name. */
  readonly partnerId: PartnerId | string;
  /** The credential the link stage signs in with: federated (OIDC, recommended) or a short-lived password. */
  readonly credential: PrincipalCredentialOptions;
  /**
   * The partner's name, shown in the display name instead of the partner ID.
   * @default the partner ID
   */
  readonly partnerName?: string;
  /**
   * The application's display name.
   * @default "PAL (Partner Admin Link) for <partnerName or partnerId> - <customerName>"
   */
  readonly displayName?: string;
  /**
   * Object IDs of users or principals that own the application and service principal.
   * @default [] (plus the deploying principal, see `includeDeployerAsOwner`)
   */
  readonly owners?: readonly string[];
  /**
   * Whether the principal running the identity stack becomes an owner too, so that it can manage
   * the application later (the azuread provider documentation recommends it).
   * @default true
   */
  readonly includeDeployerAsOwner?: boolean;
}

/** The display name the kit gives a customer principal. */
export function defaultPrincipalDisplayName(partner: string, customerName: string): string {
  return `PAL (Partner Admin Link) for ${partner} - ${customerName}`;
}

/** Props of {@link CustomerPrincipal.fromExisting}. */
export interface ExistingPrincipalProps {
  /** The application (client) ID of the existing principal. */
  readonly clientId: string;
  /** The object ID of the existing **service principal** (enterprise application), not of the application. */
  readonly objectId: string;
  /** The customer tenant the principal lives in. */
  readonly tenantId: string;
  /**
   * How the link stage signs in as it.
   * @default { method: "oidc" }
   */
  readonly signIn?: PrincipalSignIn;
}

/** A new Entra ID application + service principal + credential in the customer tenant. */
export class CustomerPrincipal extends Construct implements ICustomerPrincipal {
  /**
   * Brings in a principal that already exists (created by hand, by another tool, or by an
   * earlier kit version): it gets roles and a link, and nothing is created for it.
   */
  public static fromExisting(scope: Construct, id: string, props: ExistingPrincipalProps): ICustomerPrincipal {
    for (const key of ["clientId", "objectId", "tenantId"] as const) {
      const value = props[key];
      if (Token.isUnresolved(value)) continue;
      const problem = describeGuidProblem(value);
      if (problem) throw new Error(`${scope.node.path}/${id}: ${key} "${value}" ${problem}`);
    }
    class Existing extends Construct implements ICustomerPrincipal {
      public readonly clientId = lowerIfLiteral(props.clientId);
      public readonly objectId = lowerIfLiteral(props.objectId);
      public readonly tenantId = lowerIfLiteral(props.tenantId);
      public readonly signIn = props.signIn ?? { method: "oidc" as const };
      public readonly credentialType = "existing" as const;
    }
    return new Existing(scope, id);
  }

  public readonly clientId: string;
  public readonly objectId: string;
  public readonly tenantId: string;
  public readonly signIn: PrincipalSignIn;
  public readonly credentialType: "federated" | "password";
  /** The display name of the application and service principal. */
  public readonly displayName: string;
  /** The `azuread_application`. */
  public readonly application: Application;
  /** The `azuread_service_principal`. */
  public readonly servicePrincipal: ServicePrincipal;
  /** The credential the link stage signs in with. */
  public readonly credential: FederatedCredential | PasswordCredential;

  constructor(scope: Construct, id: string, props: CustomerPrincipalProps) {
    super(scope, id);
    const where = this.node.path;
    if (!Token.isUnresolved(props.tenantId)) {
      const problem = describeGuidProblem(props.tenantId);
      if (problem) throw new Error(`${where}: tenantId "${props.tenantId}" ${problem}`);
    }
    const partnerId = PartnerId.of(props.partnerId, where);
    for (const owner of props.owners ?? []) {
      const problem = Token.isUnresolved(owner) ? undefined : describeGuidProblem(owner);
      if (problem) throw new Error(`${where}: owner "${owner}" ${problem}; owners are object IDs of users or service principals`);
    }

    this.tenantId = lowerIfLiteral(props.tenantId);
    this.displayName = props.displayName ?? defaultPrincipalDisplayName(props.partnerName ?? partnerId.value, props.customerName);
    checkValue(this, "InvalidDisplayName", "displayName", this.displayName, displayNameProblem);
    const owners = [...(props.owners ?? [])];
    if (props.includeDeployerAsOwner ?? true) {
      owners.unshift(new DataAzureadClientConfig(this, "deployer").objectId);
    }

    this.application = new Application(this, "application", {
      displayName: this.displayName,
      owners: owners.length > 0 ? owners : undefined,
      signInAudience: "AzureADMyOrg",
      notes: `Partner Admin Link principal for partner ID ${partnerId.value}. Managed by PAL Kit: deleting it ends the partner's recognition for this customer.`,
    });
    this.servicePrincipal = new ServicePrincipal(this, "service-principal", {
      clientId: this.application.clientId,
      owners: owners.length > 0 ? owners : undefined,
      notes: `Partner Admin Link principal for partner ID ${partnerId.value}. Managed by PAL Kit.`,
    });
    this.clientId = this.application.clientId;
    this.objectId = this.servicePrincipal.objectId;

    const credential = props.credential;
    if (credential.type === "password") {
      const password = new PasswordCredential(this, "password", { applicationId: this.application.id, lifetime: credential.lifetime });
      this.credential = password;
      this.credentialType = "password";
      this.signIn = { method: "clientSecret", clientSecret: password.value };
    } else {
      this.credential = new FederatedCredential(this, "federated", {
        applicationId: this.application.id,
        issuer: credential.issuer,
        subject: credential.subject,
        audience: credential.audience,
      });
      this.credentialType = "federated";
      this.signIn = { method: "oidc" };
    }
  }
}

function lowerIfLiteral(value: string): string {
  return Token.isUnresolved(value) ? value : normalizeGuid(value);
}
