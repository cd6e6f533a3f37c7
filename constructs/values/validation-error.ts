/**
 * The error a construct throws for a value it can check at once (tier 1 in STYLE.md): a stable
 * code to search and filter for, the construct path, and the value kind's own problem text, as
 * aws-cdk-lib's `ValidationError` carries (`core/lib/errors.ts`: a name, a message and the
 * construct). Library users see where, not only what; the manifest validator reports the same
 * problem text located in the file (one check per value kind, constructs/values/).
 */
import { Token } from "cdktf";
import { IConstruct } from "constructs";

/** A value a construct refused. */
export class PalValidationError extends Error {
  constructor(
    /** A stable code for the kind of problem, e.g. "InvalidDisplayName". */
    public readonly code: string,
    /** What is wrong and how to fix it (the value kind's problem text). */
    public readonly problem: string,
    /** The path of the construct that refused it, e.g. "contoso-identity/principal". */
    public readonly constructPath: string,
  ) {
    super(`${constructPath}: ${problem} [${code}]`);
    this.name = "PalValidationError";
  }
}

/**
 * Throws a {@link PalValidationError} when the literal `value` of `field` has a problem by
 * `problemOf`. Tokens (`Token.isUnresolved`) are skipped: they resolve later, and Terraform or
 * Azure checks them.
 */
export function checkValue(scope: IConstruct | string, code: string, field: string, value: string | undefined, problemOf: (value: string) => string | undefined): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  const problem = problemOf(value);
  if (problem) throw new PalValidationError(code, `${field} ${JSON.stringify(value.length > 256 ? `${value.slice(0, 256)}…` : value)} ${problem}`, typeof scope === "string" ? scope : scope.node.path);
}
