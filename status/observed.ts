/** What status read from Azure about one customer, before judging it (see evaluate.ts). */

/** The principal as Microsoft Graph describes it. */
export interface ObservedPrincipal {
  readonly objectId: string;
  readonly appId: string;
  readonly displayName: string;
  readonly accountEnabled: boolean;
  /** Graph `servicePrincipalType`: "Application", "ManagedIdentity", … */
  readonly servicePrincipalType: string;
  /** End dates of the application's client secrets (ISO 8601). */
  readonly secretEndDates: readonly string[];
  /** Other service principals found with the same display name (object IDs), when looked up by name. */
  readonly namesakes?: readonly string[];
  /** The application's federated identity credentials. */
  readonly federatedCredentials: readonly { readonly issuer: string; readonly subject: string; readonly audiences: readonly string[] }[];
}

/** The partner link as ARM returned it to the principal. */
export interface ObservedLink {
  readonly partnerId: string;
  readonly partnerName?: string;
  readonly tenantId?: string;
  readonly objectId?: string;
  readonly state?: string;
  readonly updatedTime?: string;
  readonly version?: number;
}

/** The outcome of reading the link as the principal. */
export type LinkRead =
  | { readonly outcome: "linked"; readonly link: ObservedLink }
  | { readonly outcome: "absent" }
  | { readonly outcome: "no-credential"; readonly reason: string }
  | { readonly outcome: "sign-in-failed"; readonly reason: string };

/** One role assignment, active or PIM-eligible, as read at a manifest scope. */
export interface ObservedAssignment {
  readonly scope: string;
  /** Role definition GUID, lower case. */
  readonly roleId: string;
  readonly kind: "active" | "eligible";
}

/** A PIM activation window (roleAssignmentScheduleInstances with assignmentType Activated). */
export interface ObservedActivation {
  readonly scope: string;
  readonly roleId: string;
  readonly start: string;
  readonly end?: string;
}

/** Everything read about one customer. */
export interface CustomerObservation {
  /** `undefined` when the principal does not exist. */
  readonly principal?: ObservedPrincipal;
  readonly link: LinkRead;
  /** Assignments of the principal at, above or below each manifest scope. */
  readonly assignments: readonly ObservedAssignment[];
  readonly activations: readonly ObservedActivation[];
  /** Names of roles that are not in the kit's catalog (custom roles), by GUID. */
  readonly roleNames: Readonly<Record<string, string>>;
}
