/**
 * The `partner:` section of the manifest: the partner-tenant side that the bootstrap stack
 * (`pal-bootstrap`, stacks/bootstrap-stack.ts) creates once, and the federated credentials the two
 * partner-side identities need for the chosen CI.
 *
 *   partner:
 *     tenantId: <partner tenant>
 *     subscriptionId: <subscription of the state storage account>
 *     location: westeurope
 *     ci:
 *       github: { repository: contoso-msp/pal }                  # or:
 *       # azureDevOps: { organizationId, automationConnectionId, planConnectionId }
 *
 * Design (README.md, "Onboarding from CI"): the number of federated credentials of any partner-side
 * app does not depend on the fleet size. Entra ID allows at most 20 federated identity credentials
 * per application (Microsoft Learn, "Important considerations and restrictions for federated
 * identity credentials"), so one credential per customer on the automation app would stop at 20
 * customers. Instead:
 * - the automation app (write-capable) trusts exactly ONE subject: the protected GitHub environment
 *   `pal-onboarding` (deployment branch policy: main only), or the Azure DevOps service connection
 *   `pal-automation` (branch control check: main only);
 * - the plan identity (read-only) trusts exactly ONE subject: GitHub `pull_request` jobs, or the
 *   Azure DevOps service connection `pal-plan`;
 * - each customer's PAL principal lives in its own customer tenant with its own single credential.
 * Per-customer approvals stay possible without credentials: GitHub environments
 * `pal-approve-<customer>` whose job has no token, Azure DevOps environments `pal-<customer>`.
 * Flexible federated credentials (claimsMatchingExpression) are deliberately not used: a wildcard
 * over environment names would also match an environment a pull request's workflow creates (GitHub
 * creates a referenced environment that does not exist, without protection rules).
 */
import { describeGuidProblem } from "../../constructs/internal/guid";
import {
  FederatedCredential,
  FederatedCredentialOptions,
  githubActionsProblem,
} from "../../constructs/federated-credential";

/** The one protected GitHub environment of every job that signs in as the automation app. */
export const ONBOARDING_ENVIRONMENT = "pal-onboarding";

/** The CI system the partner-side identities trust. */
export type PartnerCiSpec =
  | { readonly type: "github"; readonly repository: string }
  | {
      readonly type: "azureDevOps";
      /** The Azure DevOps organization's GUID. */
      readonly organizationId: string;
      /** The ID (resourceId) of the service connection of the automation app, `pal-automation`. */
      readonly automationConnectionId: string;
      /** The ID (resourceId) of the service connection of the plan identity, `pal-plan`. */
      readonly planConnectionId: string;
    };

/** The partner tenant side, resolved. */
export interface PartnerSpec {
  /** The partner's Entra ID tenant (where the automation app, plan identity and state live). */
  readonly tenantId: string;
  /** The subscription of the state storage account. */
  readonly subscriptionId: string;
  /** The Azure region of the state resource group and storage account. */
  readonly location: string;
  /** The CI system. */
  readonly ci: PartnerCiSpec;
}

/** One federated credential a partner-side app needs. */
export interface PartnerCredential extends FederatedCredentialOptions {
  /** The credential's name in Entra ID. */
  readonly name: string;
}

/** The federated credentials of the two partner-side apps: a fixed number, whatever the fleet size. */
export function partnerFederatedCredentials(partner: PartnerSpec): { automation: PartnerCredential[]; plan: PartnerCredential[] } {
  const ci = partner.ci;
  if (ci.type === "github") {
    return {
      automation: [{ name: "github-pal-onboarding", ...FederatedCredential.githubActions({ repository: ci.repository, environment: ONBOARDING_ENVIRONMENT }) }],
      plan: [{ name: "github-pull-request", ...FederatedCredential.githubActions({ repository: ci.repository, pullRequest: true }) }],
    };
  }
  const entra = (serviceConnectionId: string) =>
    FederatedCredential.azureDevOps({ organizationId: ci.organizationId, tenantId: partner.tenantId, serviceConnectionId });
  return {
    automation: [{ name: "azure-devops-pal-automation", ...entra(ci.automationConnectionId) }],
    plan: [{ name: "azure-devops-pal-plan", ...entra(ci.planConnectionId) }],
  };
}

/** The keys the section accepts. */
export const PARTNER_KEYS = {
  partner: ["tenantId", "subscriptionId", "location", "ci"],
  ci: ["github", "azureDevOps"],
  github: ["repository"],
  azureDevOps: ["organizationId", "automationConnectionId", "planConnectionId"],
};

type Report = (path: (string | number)[], message: string) => void;
type Mapping = Record<string, unknown>;
const isMapping = (v: unknown): v is Mapping => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Validates the raw `partner:` section. Returns the resolved section, or undefined (with every
 * problem reported) when it is absent or invalid. The section is optional: without it there is no
 * pal-bootstrap stack and the partner side is set up by hand.
 */
export function validatePartnerSection(raw: unknown, report: Report): PartnerSpec | undefined {
  if (raw === undefined) return undefined;
  if (!isMapping(raw)) {
    report(["partner"], "partner must be a mapping with tenantId, subscriptionId, location and ci (see README.md, \"Onboarding from CI\")");
    return undefined;
  }
  let ok = true;
  const unknown = (obj: Mapping, keys: string[], path: (string | number)[]) => {
    for (const k of Object.keys(obj)) {
      if (!keys.includes(k)) {
        report([...path, k], `unknown key "${k}" in ${path.join(".")}; allowed: ${keys.join(", ")}`);
        ok = false;
      }
    }
  };
  const guid = (obj: Mapping, key: string, path: (string | number)[], what: string): string => {
    const value = obj[key];
    const problem = typeof value === "string" ? describeGuidProblem(value) : "is missing";
    if (problem) {
      report([...path, key], `${path.join(".")}.${key} ${typeof value === "string" ? `"${value}" ` : ""}${problem}: give ${what}`);
      ok = false;
      return "";
    }
    return (value as string).toLowerCase();
  };
  unknown(raw, PARTNER_KEYS.partner, ["partner"]);
  const tenantId = guid(raw, "tenantId", ["partner"], "the partner tenant's ID (a GUID)");
  const subscriptionId = guid(raw, "subscriptionId", ["partner"], "the subscription of the state storage account (a GUID)");
  const location = raw.location;
  if (typeof location !== "string" || !/^[a-z0-9]+$/.test(location)) {
    report(["partner", "location"], `partner.location must be an Azure region name such as westeurope, found ${JSON.stringify(location) ?? "nothing"}`);
    ok = false;
  }
  const ci = raw.ci;
  let ciSpec: PartnerCiSpec | undefined;
  if (!isMapping(ci) || (ci.github === undefined) === (ci.azureDevOps === undefined)) {
    report(["partner", "ci"], "partner.ci needs exactly one of github: { repository: <owner>/<repo> } or azureDevOps: { organizationId, automationConnectionId, planConnectionId }");
    ok = false;
  } else {
    unknown(ci, PARTNER_KEYS.ci, ["partner", "ci"]);
    if (ci.github !== undefined) {
      const gh = isMapping(ci.github) ? ci.github : {};
      unknown(gh, PARTNER_KEYS.github, ["partner", "ci", "github"]);
      const repository = gh.repository as string;
      const problem = githubActionsProblem({ repository, environment: ONBOARDING_ENVIRONMENT });
      if (problem) {
        report(["partner", "ci", "github"], `partner.ci.github: ${problem}`);
        ok = false;
      } else {
        ciSpec = { type: "github", repository };
      }
    } else {
      const ado = isMapping(ci.azureDevOps) ? ci.azureDevOps : {};
      const path = ["partner", "ci", "azureDevOps"];
      unknown(ado, PARTNER_KEYS.azureDevOps, path);
      ciSpec = {
        type: "azureDevOps",
        organizationId: guid(ado, "organizationId", path, "the Azure DevOps organization ID"),
        automationConnectionId: guid(ado, "automationConnectionId", path, "the ID of the service connection pal-automation (its resourceId)"),
        planConnectionId: guid(ado, "planConnectionId", path, "the ID of the service connection pal-plan (its resourceId)"),
      };
    }
  }
  if (!ok || !ciSpec) return undefined;
  return { tenantId, subscriptionId, location: location as string, ci: ciSpec };
}
