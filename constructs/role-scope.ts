/**
 * Where a role assignment applies, and so which Azure consumption a link is recognised for
 * (PAL-RULES.md §3): a management group (every subscription below it), a subscription, a
 * resource group, or a single resource.
 */
import { Token } from "cdktf";
import { describeGuidProblem, normalizeGuid } from "./internal/guid";
import { resourceGroupNameProblem, resourceNameProblem } from "./values/azure-names";
import { PalValidationError } from "./values/validation-error";

/** The four kinds of scope a PEC role assignment can have. */
export type RoleScopeKind = "managementGroup" | "subscription" | "resourceGroup" | "resource";

/** Azure's limits on names, from the Azure naming rules for Microsoft.Resources and Microsoft.Management. */
const MANAGEMENT_GROUP_ID = /^[A-Za-z0-9\-_().]{1,90}$/;
const PROVIDER_NAMESPACE = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)+$/;
const RESOURCE_TYPE = /^[A-Za-z][A-Za-z0-9]*$/;

const EXAMPLES =
  "Use one of: /providers/Microsoft.Management/managementGroups/<id>, /subscriptions/<guid>, " +
  "/subscriptions/<guid>/resourceGroups/<name>, /subscriptions/<guid>/resourceGroups/<name>/providers/<Namespace>/<type>/<name>";

/** A parsed, normalised role assignment scope. Create one with {@link RoleScope.parse} or a factory. */
export class RoleScope {
  /**
   * Parses an Azure scope ID. Keywords are normalised to Azure's casing (`resourceGroups`,
   * `Microsoft.Management/managementGroups`) and subscription GUIDs to lower case, so two
   * spellings of one scope give the same assignments. Throws when the ID is not one of the
   * four kinds or is malformed (a {@link PalValidationError}, code InvalidScope, at `where`),
   * saying what is wrong and what a valid ID looks like.
   */
  public static parse(id: string, where = "scope"): RoleScope {
    const result = RoleScope.tryParse(id);
    if ("error" in result) throw new PalValidationError("InvalidScope", `Invalid scope "${id}": ${result.error}`, where);
    return result.scope;
  }

  /** A scope given as an ID ({@link parse}, errors located at `where`), or already parsed. */
  public static of(scope: string | RoleScope, where = "scope"): RoleScope {
    return scope instanceof RoleScope ? scope : RoleScope.parse(scope, where);
  }

  /** Like {@link parse} but returns the problem instead of throwing. */
  public static tryParse(id: unknown): { scope: RoleScope } | { error: string } {
    if (typeof id !== "string") return { error: `expected a scope ID string, found ${id === null ? "null" : typeof id}` };
    if (Token.isUnresolved(id)) return { error: "a scope must be a literal ID so that assignment names can derive from it, not a Terraform reference" };
    if (id.trim() !== id) return { error: "it has leading or trailing white space; remove it" };
    if (!id.startsWith("/")) return { error: `a scope ID starts with "/". ${EXAMPLES}` };
    if (id.length > 1 && id.endsWith("/")) return { error: "it ends with \"/\"; remove the trailing slash" };
    if (id.includes("//")) return { error: "it has an empty segment (\"//\")" };
    const parts = id.split("/").slice(1);
    const key = (i: number) => (parts[i] ?? "").toLowerCase();

    if (key(0) === "providers") {
      if (parts.length !== 4 || key(1) !== "microsoft.management" || key(2) !== "managementgroups") {
        return { error: `a scope under /providers must be a management group: /providers/Microsoft.Management/managementGroups/<id>. ${EXAMPLES}` };
      }
      const mg = parts[3];
      if (!MANAGEMENT_GROUP_ID.test(mg) || mg.endsWith(".")) {
        return { error: `management group ID "${mg}" is invalid: 1-90 letters, digits, "-", "_", "(", ")" or ".", not ending in "."` };
      }
      return { scope: new RoleScope("managementGroup", `/providers/Microsoft.Management/managementGroups/${mg}`, { managementGroupId: mg }) };
    }

    if (key(0) !== "subscriptions") return { error: `"/${parts[0]}" is not a scope root. ${EXAMPLES}` };
    const sub = parts[1] ?? "";
    const subProblem = describeGuidProblem(sub);
    if (subProblem) return { error: `subscription ID "${sub}" ${subProblem}` };
    const subscriptionId = normalizeGuid(sub);
    if (parts.length === 2) return { scope: new RoleScope("subscription", `/subscriptions/${subscriptionId}`, { subscriptionId }) };

    if (key(2) !== "resourcegroups") {
      return { error: `expected "resourceGroups" after the subscription, found "${parts[2]}". Subscription-level resources are not supported scopes. ${EXAMPLES}` };
    }
    if (parts.length < 4) return { error: "the resource group name is missing after resourceGroups/" };
    const rg = parts[3];
    const rgProblem = resourceGroupNameProblem(rg);
    if (rgProblem) return { error: `resource group name "${rg}" ${rgProblem}` };
    const rgId = `/subscriptions/${subscriptionId}/resourceGroups/${rg}`;
    if (parts.length === 4) return { scope: new RoleScope("resourceGroup", rgId, { subscriptionId, resourceGroupName: rg }) };

    if (key(4) !== "providers") return { error: `expected "providers" after the resource group, found "${parts[4]}". ${EXAMPLES}` };
    const namespace = parts[5] ?? "";
    if (!PROVIDER_NAMESPACE.test(namespace)) {
      return { error: `resource provider namespace "${namespace}" is invalid: expected e.g. "Microsoft.Storage"` };
    }
    const rest = parts.slice(6);
    if (rest.length === 0 || rest.length % 2 !== 0) {
      return { error: `a resource scope needs <type>/<name> pairs after the namespace; found ${rest.length} segment(s) after "${namespace}"` };
    }
    for (let i = 0; i < rest.length; i += 2) {
      if (!RESOURCE_TYPE.test(rest[i])) return { error: `resource type "${rest[i]}" is invalid: letters and digits only, e.g. "storageAccounts"` };
      const nameProblem = resourceNameProblem(rest[i + 1]);
      if (nameProblem) return { error: `resource name "${rest[i + 1]}" ${nameProblem}` };
    }
    return {
      scope: new RoleScope("resource", `${rgId}/providers/${namespace}/${rest.join("/")}`, {
        subscriptionId,
        resourceGroupName: rg,
      }),
    };
  }

  /** The scope of a management group, e.g. `RoleScope.managementGroup("mg-prod")`. */
  public static managementGroup(managementGroupId: string): RoleScope {
    return RoleScope.parse(`/providers/Microsoft.Management/managementGroups/${managementGroupId}`);
  }

  /** The scope of a subscription. */
  public static subscription(subscriptionId: string): RoleScope {
    return RoleScope.parse(`/subscriptions/${subscriptionId}`);
  }

  /** The scope of a resource group. */
  public static resourceGroup(subscriptionId: string, resourceGroupName: string): RoleScope {
    return RoleScope.parse(`/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}`);
  }

  /** The subscription the scope lies in; `undefined` for a management group. */
  public readonly subscriptionId?: string;
  /** The management group ID, for a management-group scope. */
  public readonly managementGroupId?: string;
  /** The resource group name, for a resource-group or resource scope. */
  public readonly resourceGroupName?: string;

  private constructor(
    /** Which of the four kinds this scope is. */
    public readonly kind: RoleScopeKind,
    /** The normalised scope ID, as used in the role assignment. */
    public readonly id: string,
    parts: { subscriptionId?: string; managementGroupId?: string; resourceGroupName?: string },
  ) {
    this.subscriptionId = parts.subscriptionId;
    this.managementGroupId = parts.managementGroupId;
    this.resourceGroupName = parts.resourceGroupName;
  }

  /** A case-insensitive key: two scopes Azure treats as one have the same key. */
  public get key(): string {
    return this.id.toLowerCase();
  }

  /**
   * True when this scope strictly contains `other` as far as the IDs show: a subscription
   * contains its resource groups and resources, a resource group its resources, a resource its
   * child resources. Management
   * group membership is not visible in IDs, so a management group contains nothing here.
   */
  public contains(other: RoleScope): boolean {
    if (this.kind === "managementGroup") return false;
    return other.key.startsWith(this.key + "/");
  }

  /** The scope ID. */
  public toString(): string {
    return this.id;
  }
}
