/**
 * The synthesis hooks of the customer transparency pack (customer-pack.ts) and of the approval
 * record (constructs/customer-approval.ts, rule PAL017).
 */
import * as fs from "fs";
import * as path from "path";
import { Construct } from "constructs";
import { CustomerApproval } from "../../constructs/customer-approval";
import { FleetSpec } from "../fleet-spec";
import { customerPacks } from "./customer-pack";

export { customerPacks, customerSideDocument, lighthouseDocument } from "./customer-pack";

/** The folder of the output directory that holds the packs: `cdktf.out/customers/`. */
export const CUSTOMER_PACKS_DIR = "customers";

/**
 * Writes `customers/<customer>.md` and `customers/<customer>.html` for every customer into
 * `stagingDir` (published with the stacks, all or nothing). Each file depends on its own customer only.
 */
export function writeCustomerPacks(stagingDir: string, spec: FleetSpec): void {
  const dir = path.join(stagingDir, CUSTOMER_PACKS_DIR);
  fs.mkdirSync(dir, { recursive: true });
  for (const pack of customerPacks(spec)) {
    fs.writeFileSync(path.join(dir, `${pack.customer}.md`), pack.markdown);
    fs.writeFileSync(path.join(dir, `${pack.customer}.html`), pack.html);
  }
}

/**
 * Adds each customer's approval record (or its absence) to the customer's link stack (a
 * Lighthouse customer: its delegation stack), for rule PAL017. Call it before the checks run.
 * A customer whose stack is not in `app` is skipped (an app built for part of a fleet).
 */
export function addApprovalRecords(app: Construct, spec: FleetSpec): void {
  const required = spec.policy.requireApproval ?? false;
  const add = (stackId: string, approval: FleetSpec["customers"][number]["approval"]): void => {
    const stack = app.node.tryFindChild(stackId);
    if (stack) new CustomerApproval(stack as Construct, "approval", { ...(approval ? { approval } : {}), required });
  };
  for (const c of spec.customers) add(`${c.name}-link`, c.approval);
  for (const c of spec.lighthouse?.customers ?? []) add(`${c.name}-delegation`, c.approval);
}
