/**
 * Top-level Terraform blocks CDKTF 0.21 has no class for: `check` (Terraform >= 1.5) and
 * `removed` (Terraform >= 1.7). Each is a TerraformElement whose JSON merges into the stack's
 * `cdk.tf.json` (CDKTF deep-merges every element's `toTerraform()`); tokens in them resolve like
 * any other attribute.
 */
import { TerraformElement } from "cdktf";
import { Construct } from "constructs";

/** One `assert` of a {@link TerraformCheck}. */
export interface CheckAssertion {
  /** A boolean expression (a token); false reports `errorMessage` as a warning. */
  readonly condition: unknown;
  /** What the warning says. */
  readonly errorMessage: string;
}

/**
 * `check "<name>" { assert { ... } }`: evaluated at every plan and apply; a failed assertion is a
 * **warning**, never an error (Terraform docs, "Checks"), so it reports without blocking.
 */
export class TerraformCheck extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    private readonly assertions: readonly CheckAssertion[],
  ) {
    super(scope, id, "check");
  }

  public toTerraform(): any {
    return { check: { [this.friendlyUniqueId]: { assert: this.assertions.map((a) => ({ condition: a.condition, error_message: a.errorMessage })) } } };
  }
}

/**
 * `removed { from = <address>; lifecycle { destroy = false } }`: when a resource leaves the
 * configuration, Terraform forgets it instead of destroying it (Terraform docs, "Remove a
 * resource from state"). A block naming a resource that is not in state does nothing.
 */
export class TerraformRemoved extends TerraformElement {
  /**
   * Forgets the resource of type `resourceType` that had this element's construct path (so the same
   * logical ID: CDKTF derives it from the path).
   */
  constructor(
    scope: Construct,
    id: string,
    private readonly resourceType: string,
  ) {
    super(scope, id);
  }

  /** The address forgotten, e.g. `azapi_resource_action.partner-link_unlink-on-destroy_1A2B3C4D`. */
  public get from(): string {
    return `${this.resourceType}.${this.friendlyUniqueId}`;
  }

  public toTerraform(): any {
    return { removed: [{ from: this.from, lifecycle: { destroy: false } }] };
  }
}
