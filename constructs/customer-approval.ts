/**
 * The record of a customer's approval of the Partner Admin Link, as a construct in the customer's
 * stack, so the policy rules (PAL017) see it like everything else. It writes nothing to Terraform.
 *
 * Microsoft asks partners to "clearly explain the purpose and benefits of PAL to customers, and
 * document their approval for compliance" (Microsoft Learn, "Link a partner ID to your account
 * that's used to manage customers").
 */
import { Construct } from "constructs";

/** Who approved, when, and where the approval is kept. */
export interface ApprovalRecordProps {
  /** Who approved for the customer, e.g. "Jane Doe (CIO, Contoso)". */
  readonly by: string;
  /** The day of the approval, YYYY-MM-DD. */
  readonly date: string;
  /**
   * Where the approval is kept: a ticket, a contract clause, an e-mail.
   * @default none
   */
  readonly reference?: string;
}

/** Props of {@link CustomerApproval}. */
export interface CustomerApprovalProps {
  /**
   * The approval; leave it out when none is recorded (PAL017 then reports it).
   * @default no approval recorded
   */
  readonly approval?: ApprovalRecordProps;
  /**
   * Whether a missing approval is an error (stops synthesis) rather than a warning.
   * @default false
   */
  readonly required?: boolean;
}

/** A customer's approval record (or its absence), checked by PAL017. */
export class CustomerApproval extends Construct {
  /** The approval, when recorded. */
  public readonly approval?: ApprovalRecordProps;
  /** Whether a missing approval is an error. */
  public readonly required: boolean;

  constructor(scope: Construct, id: string, props: CustomerApprovalProps = {}) {
    super(scope, id);
    if (props.approval) this.approval = props.approval;
    this.required = props.required ?? false;
  }
}
