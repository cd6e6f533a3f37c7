/**
 * A federated identity credential (workload identity federation, OIDC) on the customer
 * principal's application: a pipeline signs in as the principal with a short-lived token from
 * its own identity provider, and no secret exists anywhere.
 *
 * Facts encoded (PAL-RULES.md §2; Microsoft Learn "Workload identity federation"): audience
 * `api://AzureADTokenExchange`; GitHub Actions issuer `https://token.actions.githubusercontent.com`
 * with subjects `repo:<org>/<repo>:environment:<env>`, `repo:<org>/<repo>:ref:<ref>` or
 * `repo:<org>/<repo>:pull_request`.
 *
 * Azure DevOps service connections (workload identity federation) have two forms:
 * - Microsoft Entra issuer (the default here, and what new service connections use):
 *   issuer `https://login.microsoftonline.com/<tenant-id>/v2.0`, subject
 *   `/eid1/c/pub/t/<tenant>/a/<app>/sc/<organization-id>/<service-connection-id>`, where `<tenant>` is
 *   the tenant of the service connection's app registration and `<app>` the Azure DevOps application
 *   (`499b84ac-1321-427f-aa17-267ca6975798`, the `azp` of the token), each encoded as base64url without
 *   padding of the GUID's 16 bytes in Microsoft's mixed-endian order (`Guid.ToByteArray`: the first
 *   three groups little-endian). Sources: Microsoft Learn, Azure DevOps release notes sprint 253
 *   ("workload identity federation uses the Entra issuer"); the issuer/subject shown by the service
 *   connection and in its token (e.g. tid `ff882432-09b0-437b-bd22-ca13c0037ded` gives
 *   `MiSI_7AJe0O9IsoTwAN97Q`, and the Azure DevOps app gives `rISbSSETf0KqFyZ8ppdXmA`, as recorded in
 *   gravitational/teleport rfd/0211-azure-devops-joining.md); the unit tests pin these examples.
 * - Azure DevOps issuer (legacy): `https://vstoken.dev.azure.com/<organization-id>` with subject
 *   `sc://<org>/<project>/<service-connection>`. Microsoft Learn, "Convert service connections to use
 *   workload identity federation": "The Azure DevOps issuer for workload identity federation (WIF)
 *   service connections will be retired on July 1, 2027", for service connections in Azure public
 *   cloud that use single-tenant applications or managed identities (multitenant apps and sovereign
 *   clouds are out of scope). A PAL principal is a single-tenant app, so policy rule PAL012 warns.
 */
import { ApplicationFederatedIdentityCredential } from "@cdktf/provider-azuread/lib/application-federated-identity-credential";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { describeGuidProblem } from "./internal/guid";
import { githubRepositoryProblem } from "./values/github-repository";

/** The only audience Entra ID accepts for workload identity federation tokens. */
export const FEDERATED_CREDENTIAL_AUDIENCE = "api://AzureADTokenExchange";
/** The OIDC issuer of GitHub Actions. */
export const GITHUB_ACTIONS_ISSUER = "https://token.actions.githubusercontent.com";
/** The legacy OIDC issuer prefix of Azure DevOps service connections (followed by the organization GUID); retired for single-tenant apps on 2027-07-01. */
export const AZURE_DEVOPS_ISSUER_PREFIX = "https://vstoken.dev.azure.com/";
/** The application ID of Azure DevOps in Entra ID: the `a/` part of an Entra-issued service connection subject. */
export const AZURE_DEVOPS_APP_ID = "499b84ac-1321-427f-aa17-267ca6975798";
/** The Microsoft Entra issuer of a tenant (public cloud), as Azure DevOps service connections use it. */
export const entraIssuer = (tenantId: string): string => `https://login.microsoftonline.com/${tenantId.toLowerCase()}/v2.0`;

/** A GUID as Entra encodes it in `/eid1/` subjects: its 16 bytes in `Guid.ToByteArray` order (first three groups little-endian), base64url, no padding. */
export function entraEncodedGuid(guid: string): string {
  const hex = guid.replace(/-/g, "").toLowerCase();
  const bytes = Buffer.from(hex, "hex");
  const le = Buffer.concat([Buffer.from(bytes.subarray(0, 4)).reverse(), Buffer.from(bytes.subarray(4, 6)).reverse(), Buffer.from(bytes.subarray(6, 8)).reverse(), bytes.subarray(8)]);
  return le.toString("base64url");
}

/** Issuer, subject and audience of a federated identity credential. */
export interface FederatedCredentialOptions {
  /** The token issuer URL, e.g. {@link GITHUB_ACTIONS_ISSUER}. */
  readonly issuer: string;
  /** The subject the token must carry, e.g. `repo:contoso-msp/pal:environment:contoso`. */
  readonly subject: string;
  /**
   * The audience the token must carry.
   * @default "api://AzureADTokenExchange"
   */
  readonly audience?: string;
}

/** Where a GitHub Actions job that signs in runs. Exactly one of environment, ref, pullRequest. */
export interface GithubActionsFederationOptions {
  /** The repository as `<owner>/<repo>`, e.g. `contoso-msp/pal`. */
  readonly repository: string;
  /** The GitHub environment the job runs in (recommended: one per customer, with approvals). */
  readonly environment?: string;
  /** A git ref the job runs on, e.g. `refs/heads/main`. */
  readonly ref?: string;
  /** True for jobs triggered by pull requests. */
  readonly pullRequest?: boolean;
}

/** An Azure DevOps workload identity service connection with the Microsoft Entra issuer (the default form). */
export interface AzureDevOpsFederationOptions {
  /** The Azure DevOps organization's GUID. */
  readonly organizationId: string;
  /** The tenant of the app registration the service connection signs in as (the issuer's tenant). */
  readonly tenantId: string;
  /** The service connection's ID (the `resourceId` in its URL). */
  readonly serviceConnectionId: string;
}

/** An Azure DevOps service connection with the legacy `vstoken.dev.azure.com` issuer (flagged by PAL012). */
export interface AzureDevOpsVstokenFederationOptions {
  /** The Azure DevOps organization's GUID (the issuer is `https://vstoken.dev.azure.com/<this>`). */
  readonly organizationId: string;
  /** The organization name, as in `dev.azure.com/<organization>`. */
  readonly organization: string;
  /** The project name. */
  readonly project: string;
  /** The service connection name. */
  readonly serviceConnection: string;
}

/** Props of {@link FederatedCredential}. */
export interface FederatedCredentialProps extends FederatedCredentialOptions {
  /** The application's resource ID (`azuread_application.id`, `/applications/<object-id>`). */
  readonly applicationId: string;
  /**
   * The credential's name in Entra ID: letters, digits, "-" and "_", at most 120 characters, unique per application.
   * @default "pal-link"
   */
  readonly name?: string;
  /**
   * A description shown in Entra ID.
   * @default a sentence naming PAL Kit
   */
  readonly description?: string;
}

/** A federated identity credential on an Entra ID application. */
export class FederatedCredential extends Construct {
  /** Issuer and subject for a GitHub Actions job. Throws when the options are contradictory. */
  public static githubActions(options: GithubActionsFederationOptions): FederatedCredentialOptions {
    const problem = githubActionsProblem(options);
    if (problem) throw new Error(`Invalid GitHub Actions federation: ${problem}`);
    return { issuer: GITHUB_ACTIONS_ISSUER, subject: githubActionsSubject(options) };
  }

  /** Issuer and subject for an Azure DevOps workload identity service connection (Microsoft Entra issuer). */
  public static azureDevOps(options: AzureDevOpsFederationOptions): FederatedCredentialOptions {
    const problem = azureDevOpsProblem(options);
    if (problem) throw new Error(`Invalid Azure DevOps federation: ${problem}`);
    return {
      issuer: entraIssuer(options.tenantId),
      subject: `/eid1/c/pub/t/${entraEncodedGuid(options.tenantId)}/a/${entraEncodedGuid(AZURE_DEVOPS_APP_ID)}/sc/${options.organizationId.toLowerCase()}/${options.serviceConnectionId.toLowerCase()}`,
    };
  }

  /**
   * Issuer and subject of the legacy Azure DevOps issuer (`vstoken.dev.azure.com`), which Microsoft
   * retires on 2027-07-01 for single-tenant apps; policy rule PAL012 warns. Prefer {@link azureDevOps}.
   */
  public static azureDevOpsVstoken(options: AzureDevOpsVstokenFederationOptions): FederatedCredentialOptions {
    const problem = azureDevOpsVstokenProblem(options);
    if (problem) throw new Error(`Invalid Azure DevOps federation: ${problem}`);
    return {
      issuer: `${AZURE_DEVOPS_ISSUER_PREFIX}${options.organizationId.toLowerCase()}`,
      subject: `sc://${options.organization}/${options.project}/${options.serviceConnection}`,
    };
  }

  /** Says what is wrong with an issuer/subject/audience triple, or `undefined`. Tokens are not checked. */
  public static problem(options: FederatedCredentialOptions): string | undefined {
    const { issuer, subject, audience } = options;
    if (!Token.isUnresolved(issuer)) {
      if (typeof issuer !== "string" || issuer === "") return "issuer is missing";
      if (!/^https:\/\/[^\s/]+(\/\S*)?$/.test(issuer)) return `issuer "${issuer}" must be an https:// URL`;
    }
    if (!Token.isUnresolved(subject)) {
      if (typeof subject !== "string" || subject === "") return "subject is missing";
      if (subject.length > 600) return `subject is ${subject.length} characters; Entra ID allows at most 600`;
      if (subject.trim() !== subject) return `subject "${subject}" has leading or trailing white space; the token's subject has none`;
      if (/[\u0000-\u001f]/.test(subject)) return `subject "${JSON.stringify(subject)}" contains a line break or control character`;
    }
    if (audience !== undefined && !Token.isUnresolved(audience) && audience !== FEDERATED_CREDENTIAL_AUDIENCE) {
      return `audience "${audience}" is not "${FEDERATED_CREDENTIAL_AUDIENCE}", the only audience Entra ID accepts for federation`;
    }
    return undefined;
  }

  /** The underlying `azuread_application_federated_identity_credential`. */
  public readonly resource: ApplicationFederatedIdentityCredential;

  constructor(scope: Construct, id: string, props: FederatedCredentialProps) {
    super(scope, id);
    const problem = FederatedCredential.problem(props);
    if (problem) throw new Error(`${this.node.path}: ${problem}`);
    const name = props.name ?? "pal-link";
    if (!Token.isUnresolved(name) && !/^[A-Za-z0-9_-]{1,120}$/.test(name)) {
      throw new Error(`${this.node.path}: credential name "${name}" must be 1-120 letters, digits, "-" or "_"`);
    }
    this.resource = new ApplicationFederatedIdentityCredential(this, "credential", {
      applicationId: props.applicationId,
      displayName: name,
      description: props.description ?? "Lets a pipeline sign in as this principal to create its Partner Admin Link (managed by PAL Kit).",
      audiences: [props.audience ?? FEDERATED_CREDENTIAL_AUDIENCE],
      issuer: props.issuer,
      subject: props.subject,
    });
  }
}

/** The subject a GitHub Actions OIDC token carries for the given job context. */
export function githubActionsSubject(options: GithubActionsFederationOptions): string {
  const base = `repo:${options.repository}`;
  if (options.environment !== undefined) return `${base}:environment:${options.environment}`;
  if (options.ref !== undefined) return `${base}:ref:${options.ref}`;
  return `${base}:pull_request`;
}

/** Says what is wrong with GitHub Actions federation options, or `undefined`. */
export function githubActionsProblem(options: GithubActionsFederationOptions): string | undefined {
  const repositoryProblem = typeof options.repository === "string" ? githubRepositoryProblem(options.repository) : 'must be "<owner>/<repo>", e.g. "contoso-msp/pal"';
  if (repositoryProblem) return `repository "${options.repository}" ${repositoryProblem}`;
  const chosen = [options.environment !== undefined, options.ref !== undefined, options.pullRequest === true].filter(Boolean).length;
  if (chosen !== 1) return "give exactly one of environment, ref or pullRequest: true (the subject names one job context)";
  if (options.environment !== undefined && (!/^[^:\u0000-\u001f]{1,255}$/.test(options.environment) || options.environment.trim() !== options.environment)) {
    return `environment "${options.environment}" must be a GitHub environment name: at most 255 characters, no ":", no leading or trailing white space`;
  }
  if (options.ref !== undefined && !/^refs\/(heads|tags)\/\S+$/.test(options.ref)) {
    return `ref "${options.ref}" must be a full ref such as "refs/heads/main" or "refs/tags/v1"`;
  }
  return undefined;
}

/** Says what is wrong with Azure DevOps (Entra issuer) federation options, or `undefined`. */
export function azureDevOpsProblem(options: AzureDevOpsFederationOptions): string | undefined {
  const ids: [keyof AzureDevOpsFederationOptions, string][] = [
    ["organizationId", "find it in the service connection's subject, after /sc/"],
    ["tenantId", "the tenant of the service connection's app registration"],
    ["serviceConnectionId", "the resourceId in the service connection's URL"],
  ];
  for (const [key, hint] of ids) {
    const guid = typeof options[key] === "string" ? describeGuidProblem(options[key]) : "is missing";
    if (guid) return `${key} "${options[key] ?? ""}" ${guid} (${hint})`;
  }
  return undefined;
}

/** Says what is wrong with legacy (vstoken) Azure DevOps federation options, or `undefined`. */
export function azureDevOpsVstokenProblem(options: AzureDevOpsVstokenFederationOptions): string | undefined {
  const guid = typeof options.organizationId === "string" ? describeGuidProblem(options.organizationId) : "is missing";
  if (guid) return `organizationId "${options.organizationId ?? ""}" ${guid} (find it in the service connection's issuer URL)`;
  for (const key of ["organization", "project", "serviceConnection"] as const) {
    const value = options[key];
    if (typeof value !== "string" || value === "") return `${key} is missing`;
    if (value.includes("/")) return `${key} "${value}" must not contain "/"`;
  }
  if (/\s/.test(options.organization)) return `organization "${options.organization}" must not contain white space`;
  return undefined;
}
