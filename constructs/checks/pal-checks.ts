/**
 * The PAL policy checks as a CDKTF Aspect: every rule in `ALL_RULES` looks at every construct of
 * the app at synthesis. Findings become annotations (an unacknowledged error stops `cdktf synth`)
 * and are collected in `findings` for reports.
 *
 *   const checks = PalChecks.addTo(app);   // to every stack of the app: call it after creating them
 *
 * CDKTF applies aspects per stack, starting at the stack (an aspect added to the App is not
 * inherited by its stacks), so `addTo` adds the one instance to every stack.
 */
import { Annotations, Aspects, IAspect, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import { DEFAULT_PASSWORD_LIFETIME } from "../password-credential";
import { parseHours } from "../internal/duration";
import { Acknowledgements } from "./acknowledgements";
import { Finding } from "./finding";
import { FleetIndex } from "./fleet-index";
import { PalRule } from "./rule";
import { ALL_RULES } from "./rules";

/** Options of {@link PalChecks}. */
export interface PalChecksOptions {
  /**
   * The longest a client secret may live, in hours (rule PAL004).
   * @default 720 (30 days)
   */
  readonly maxPasswordLifetimeHours?: number;
  /**
   * The rules to run.
   * @default ALL_RULES
   */
  readonly rules?: readonly PalRule[];
}

/** The context key a stack sets to say which customer its constructs belong to. */
export const CUSTOMER_CONTEXT_KEY = "pal:customer";

/** Runs the PAL rules on every construct it visits. */
export class PalChecks implements IAspect {
  /**
   * Creates the checks and adds them to every stack in `scope` (an App, or a stack). Call it after
   * the stacks are created: CDKTF applies aspects per stack, so a stack created later would go
   * unchecked. That mistake is not silent: `addTo` throws when `scope` holds no stack yet, and
   * synthesis fails when a stack created after `addTo` was not checked.
   */
  public static addTo(scope: IConstruct, options: PalChecksOptions = {}): PalChecks {
    const checks = new PalChecks(options);
    const stacks = scope.node.findAll().filter(TerraformStack.isStack);
    if (stacks.length === 0) {
      throw new Error(
        `PalChecks.addTo(${scope.node.path || "app"}): there is no stack to check yet. Call it after the stacks are created ` +
          "(CDKTF applies aspects per stack, so stacks created later would not be checked).",
      );
    }
    for (const stack of stacks) Aspects.of(stack).add(checks);
    if (!TerraformStack.isStack(scope)) {
      scope.node.addValidation({
        validate: () =>
          scope.node
            .findAll()
            .filter(TerraformStack.isStack)
            .filter((stack) => !Aspects.of(stack).all.includes(checks))
            .map((stack) => `stack ${stack.node.path} was created after PalChecks.addTo() and was not checked by the PAL rules: call PalChecks.addTo() after creating every stack`),
      });
    }
    return checks;
  }

  /** Every finding so far, in visiting order, each once. */
  public readonly findings: Finding[] = [];
  private readonly seen = new Set<string>();
  private readonly rules: readonly PalRule[];
  private readonly maxPasswordLifetimeHours: number;

  constructor(options: PalChecksOptions = {}) {
    this.rules = options.rules ?? ALL_RULES;
    this.maxPasswordLifetimeHours = options.maxPasswordLifetimeHours ?? (parseHours(DEFAULT_PASSWORD_LIFETIME) as number);
  }

  public visit(node: IConstruct): void {
    const context = { index: FleetIndex.of(node), maxPasswordLifetimeHours: this.maxPasswordLifetimeHours };
    for (const rule of this.rules) {
      const messages = rule.check(node, context);
      if (!messages) continue;
      for (const message of messages) this.record(node, rule, message);
    }
  }

  private record(node: IConstruct, rule: PalRule, message: string): void {
    const key = `${rule.id}|${node.node.path}|${message}`;
    if (this.seen.has(key)) return; // aspects can run more than once (e.g. Testing.synth)
    this.seen.add(key);
    // Only rules that can be acknowledged honour an acknowledgement (Acknowledgements.add refuses the others).
    const acknowledged = rule.acknowledgeable ? Acknowledgements.reasonFor(node, rule.id) : undefined;
    const customer = node.node.tryGetContext(CUSTOMER_CONTEXT_KEY) as string | undefined;
    const severity = rule.severityOf ? rule.severityOf(node) : rule.severity;
    this.findings.push({
      rule: rule.id,
      severity,
      ...(customer ? { customer } : {}),
      path: node.node.path,
      message,
      ...(acknowledged ? { acknowledged } : {}),
    });
    const text = `[${rule.id}] ${message}`;
    const annotations = Annotations.of(node);
    if (acknowledged) annotations.addInfo(`${text} (acknowledged: ${acknowledged})`);
    else if (severity === "error") annotations.addError(text);
    else if (severity === "warning") annotations.addWarning(text);
    else annotations.addInfo(text);
  }
}
