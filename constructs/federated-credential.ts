/**
 * A federated identity credential (workload identity federation, OIDC) on the customer
 * principal's application: a pipeline signs in as the principal with a short-lived token from
 * its own identity provider, and no secret exists anywhere.
 *
 * Facts encoded (PAL-RULES.md §2; Microsoft Learn "Workload identity federation"): audience
 * `api://AzureADTokenExchange`; GitHub Actions issuer `https://token.actions.githubusercontent.com`
 * with subjects `repo:<org>/<repo>:environment:<env>`, `repo:<org>/<repo>:ref:<ref>` or
 * `repo:<org>/<repo>:pull_request`; Azure DevOps issuer `https://vstoken.dev.azure.com/<org-id>`
 * with subject `sc://<org>/<project>/<service-connection>`.
 */
import { ApplicationFederatedIdentityCredential } from "@cdktf/provider-azuread/lib/application-federated-identity-credential";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { describeGuidProblem } from "./internal/guid";

/** The only audience Entra ID accepts for workload identity federation tokens. */
export const FEDERATED_CREDENTIAL_AUDIENCE = "api://AzureADTokenExchange";
/** The OIDC issuer of GitHub Actions. */
export const GITHUB_ACTIONS_ISSUER = "https://token.actions.githubusercontent.com";
/** The OIDC issuer prefix of Azure DevOps service connections (followed by the organization GUID). */
export const AZURE_DEVOPS_ISSUER_PREFIX = "https://vstoken.dev.azure.com/";

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

/** Where an Azure DevOps pipeline that signs in gets its token: a workload identity service connection. */
export interface AzureDevOpsFederationOptions {
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

  /** Issuer and subject for an Azure DevOps workload identity service connection. */
  public static azureDevOps(options: AzureDevOpsFederationOptions): FederatedCredentialOptions {
    const problem = azureDevOpsProblem(options);
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
  if (typeof options.repository !== "string" || !/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/.test(options.repository)) {
    return `repository "${options.repository}" must be "<owner>/<repo>", e.g. "contoso-msp/pal"`;
  }
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

/** Says what is wrong with Azure DevOps federation options, or `undefined`. */
export function azureDevOpsProblem(options: AzureDevOpsFederationOptions): string | undefined {
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
