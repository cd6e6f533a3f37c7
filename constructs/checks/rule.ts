/**
 * The shape of a PAL Kit policy rule: one pure function that looks at one construct and says
 * "not applicable" (`undefined`), "compliant" (`[]`) or what is wrong (one message per finding).
 */
import { IConstruct } from "constructs";
import { Severity } from "./finding";
import { FleetIndex } from "./fleet-index";

/** What a rule may consult besides the node itself. */
export interface RuleContext {
  /** Links and role assignments of the whole app, by principal. */
  readonly index: FleetIndex;
  /** The longest a client secret may live, in hours. */
  readonly maxPasswordLifetimeHours: number;
}

/** What every rule has. */
export interface PalRuleBase {
  /** The stable rule ID, e.g. "PAL001" (see RULES.md). */
  readonly id: string;
  /** The severity of its findings. */
  readonly severity: Severity;
  /**
   * The severity of a finding on `node`, when it depends on the node (PAL017: an error when the
   * approval is required by policy).
   * @default always `severity`
   */
  readonly severityOf?: (node: IConstruct) => Severity;
  /** One line saying what the rule looks for. */
  readonly title: string;
  /** Checks one construct: `undefined` when the rule does not apply to it, else one message per finding. */
  check(node: IConstruct, context: RuleContext): string[] | undefined;
}

/**
 * One policy rule. Its findings can be accepted with an acknowledgement (`acknowledgeable: true`)
 * unless the finding means the link earns nothing or could be made as the wrong identity: such a
 * rule says what to do instead (`fixInstead`), and is never acknowledged (see RULES.md).
 */
export type PalRule = PalRuleBase &
  (
    | { readonly acknowledgeable: true }
    | {
        readonly acknowledgeable: false;
        /** What to do instead of acknowledging, e.g. "add a PEC-eligible role". */
        readonly fixInstead: string;
      }
  );
