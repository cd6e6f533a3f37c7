/**
 * Explicit, reasoned acceptance of a policy finding: per rule, on a construct and everything in it
 * (in the fleet: on one customer's stacks). An acknowledged finding is still reported, with its
 * reason, but never stops synthesis.
 */
import { IConstruct } from "constructs";
import { ALL_RULE_IDS } from "./rule-ids";
import { ALL_RULES } from "./rules";
import { didYouMean } from "../internal/suggest";

const METADATA_TYPE = "pal:acknowledgement";
/** The shortest reason accepted: "ok" or "n/a" say nothing. */
export const MIN_REASON_LENGTH = 10;

/** Acknowledgements of PAL Kit rules on constructs. */
export class Acknowledgements {
  /**
   * Accepts findings of `rule` on `scope` and everything below it, for `reason`. Throws when the
   * rule ID is unknown, the rule cannot be acknowledged (PAL001, PAL004, PAL006: see RULES.md) or
   * the reason is shorter than 10 characters.
   */
  public static add(scope: IConstruct, rule: string, reason: string): void {
    if (!ALL_RULE_IDS.includes(rule)) {
      throw new Error(`${scope.node.path}: cannot acknowledge "${rule}": not a PAL Kit rule.${didYouMean(rule, ALL_RULE_IDS)} Rules: ${ALL_RULE_IDS.join(", ")}`);
    }
    const problem = acknowledgementProblem(rule);
    if (problem) throw new Error(`${scope.node.path}: ${problem}`);
    if (typeof reason !== "string" || reason.trim().length < MIN_REASON_LENGTH) {
      throw new Error(`${scope.node.path}: acknowledging ${rule} needs a reason of at least ${MIN_REASON_LENGTH} characters saying why the finding is accepted`);
    }
    scope.node.addMetadata(METADATA_TYPE, { rule, reason: reason.trim() });
  }

  /** The reason `rule` is acknowledged at `node` or one of its scopes, or `undefined`. */
  public static reasonFor(node: IConstruct, rule: string): string | undefined {
    for (const scope of [...node.node.scopes].reverse()) {
      const entry = scope.node.metadata.find((m) => m.type === METADATA_TYPE && (m.data as { rule: string }).rule === rule);
      if (entry) return (entry.data as { reason: string }).reason;
    }
    return undefined;
  }
}

/** The IDs of the rules whose findings cannot be acknowledged, only fixed. */
export const UNACKNOWLEDGEABLE_RULE_IDS: readonly string[] = ALL_RULES.filter((r) => !r.acknowledgeable).map((r) => r.id);

/** Why `rule` (a known rule ID) cannot be acknowledged, with what to do instead; `undefined` when it can. */
export function acknowledgementProblem(rule: string): string | undefined {
  const found = ALL_RULES.find((r) => r.id === rule);
  if (!found || found.acknowledgeable) return undefined;
  return `${rule} cannot be acknowledged ("${found.title}"): ${found.fixInstead}`;
}
