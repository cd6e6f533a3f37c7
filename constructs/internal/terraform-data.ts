/**
 * Terraform's built-in `terraform_data` resource (Terraform >= 1.4), holding a value whose change
 * other resources can react to (`replace_triggered_by`).
 *
 * Not cdktf's `DataResource`: that class registers a validation that runs `terraform version` in a
 * child process once per instance at every synthesis (about 45 ms each, 5x the synthesis time of
 * a 1000-customer fleet) and fails synthesis on machines without a terraform binary.
 */
import { TerraformResource, hashMapper, hashMapperHcl, anyToHclTerraform, anyToTerraform } from "cdktf";
import { Construct } from "constructs";

/** Props of {@link TerraformData}. */
export interface TerraformDataProps {
  /** The value stored in state; a change is an in-place update, which `replace_triggered_by` reacts to. */
  readonly input: Record<string, string>;
}

/** A `terraform_data` resource with an `input`. */
export class TerraformData extends TerraformResource {
  /** The Terraform resource type. */
  public static readonly tfResourceType = "terraform_data";
  private readonly input: Record<string, string>;

  constructor(scope: Construct, id: string, props: TerraformDataProps) {
    super(scope, id, { terraformResourceType: TerraformData.tfResourceType, terraformGeneratorMetadata: { providerName: "terraform" } });
    this.input = props.input;
  }

  /** The bare reference `terraform_data.<id>`, the form `replace_triggered_by` takes in Terraform's JSON syntax. */
  public get reference(): string {
    return `${TerraformData.tfResourceType}.${this.friendlyUniqueId}`;
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { input: hashMapper(anyToTerraform)(this.input) };
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return { input: hashMapperHcl(anyToHclTerraform)(this.input) };
  }
}
