/**
 * The resolved, validated description of a fleet that the stacks are built from. The manifest
 * loader (`stacks/manifest/`) produces it from `pal.config.yaml`; programs can also write it.
 */
import type { ApprovalRecordProps } from "../constructs/customer-approval";
import { PrincipalSignIn } from "../constructs/customer-principal";
import { FederatedCredentialOptions } from "../constructs/federated-credential";
import type { PartnerSpec } from "./manifest/partner-section";
import type { LighthouseSpec, StaffSpec } from "./lighthouse-spec";

/** The credential of one customer's principal, resolved. */
export type CredentialSpec =
  | ({ readonly type: "federated" } & FederatedCredentialOptions)
  | { readonly type: "password"; readonly lifetime: string }
  | {
      readonly type: "none";
      /** The existing application (client) ID. */
      readonly clientId: string;
      /** The existing service principal's object ID. */
      readonly objectId: string;
      /** How the link stage signs in as it: `oidc` or `environment` (ARM_CLIENT_SECRET / certificate). */
      readonly signIn: PrincipalSignIn["method"] & ("oidc" | "environment");
    };

/** A policy finding a customer has accepted, with the reason (see constructs/checks/RULES.md). */
export interface Acknowledgement {
  /** The rule ID, e.g. "PAL002". */
  readonly rule: string;
  /** Why the finding is accepted; shown next to the finding in every report. */
  readonly reason: string;
}

/** A customer's recorded approval of the link (`approval:` in the manifest; stacks/manifest/approval.ts). */
export type ApprovalSpec = ApprovalRecordProps;

/** One customer, resolved: every default applied, every value validated and normalised. */
export interface CustomerSpec {
  /** Short name, `[a-z0-9-]`, unique in the fleet; stack names derive from it. */
  readonly name: string;
  /** The customer's Entra ID tenant ID (lower case). */
  readonly tenantId: string;
  /** The subscription the azurerm provider works in (from the manifest, or the first subscription scope). */
  readonly subscriptionId: string;
  /** The partner ID the customer's principal is linked to. */
  readonly partnerId: string;
  /** The partner's name, for display names. */
  readonly partnerName?: string;
  /** Normalised scope IDs, in manifest order. */
  readonly scopes: readonly string[];
  /** Role names or GUIDs, in manifest order. */
  readonly roles: readonly string[];
  /** The principal's credential. */
  readonly credential: CredentialSpec;
  /** Extra owners (object IDs) of the application. */
  readonly owners: readonly string[];
  /** The application's display name, when overridden. */
  readonly displayName?: string;
  /** Whether destroying the link stack deletes the link. */
  readonly deleteLinkOnDestroy: boolean;
  /**
   * Whether a principal linked to another partner ID is re-pointed to this one (PATCH); without it
   * the link stack's plan fails naming both IDs.
   * @default false
   */
  readonly relink?: boolean;
  /** Accepted policy findings. */
  readonly acknowledgements: readonly Acknowledgement[];
  /** The customer's recorded approval of the link; none when absent (rule PAL017). */
  readonly approval?: ApprovalSpec;
  /** Staff with customer-side permanent and PIM-eligible roles (stacks/lighthouse-spec.ts); none when absent. */
  readonly staff?: readonly StaffSpec[];
}

/** Where Terraform state lives. */
export type BackendSpec =
  | { readonly type: "local" }
  | {
      readonly type: "azurerm";
      /** Resource group of the storage account. */
      readonly resourceGroupName: string;
      /** Storage account name. */
      readonly storageAccountName: string;
      /** Blob container name. */
      readonly containerName: string;
      /** Prefix of every state key; a stack's key is `<prefix><stack>.tfstate`. */
      readonly keyPrefix: string;
      /** Subscription of the storage account, when not the runner's default. */
      readonly subscriptionId?: string;
      /** Tenant of the storage account, when not the runner's default. */
      readonly tenantId?: string;
    };

/** Fleet-wide policy settings. */
export interface PolicySpec {
  /** The longest a client secret may live, in hours (PAL004). */
  readonly maxPasswordLifetimeHours: number;
  /**
   * Whether a customer without an `approval:` record is an error (PAL017) rather than a warning.
   * @default false
   */
  readonly requireApproval?: boolean;
}

/** A whole fleet. */
export interface FleetSpec {
  /** The manifest file it came from, for messages. */
  readonly source: string;
  /** Where state lives. */
  readonly backend: BackendSpec;
  /** Policy settings. */
  readonly policy: PolicySpec;
  /** The customers, in manifest order. */
  readonly customers: readonly CustomerSpec[];
  /** The partner tenant side (`partner:`), from which the pal-bootstrap stack is built; absent when set up by hand. */
  readonly partner?: PartnerSpec;
  /** The managing tenant and the customers onboarded through Azure Lighthouse (stacks/lighthouse-spec.ts), when any. */
  readonly lighthouse?: LighthouseSpec;
}
