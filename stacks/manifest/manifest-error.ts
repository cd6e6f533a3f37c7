/**
 * Problems found in a manifest, reported all at once, each saying where (file, line, customer,
 * field), what was found and how to fix it.
 */

import { boundEcho } from "./echo";

/** A path into the manifest, e.g. `["customers", 2, "tenantId"]`. */
export type ManifestPath = readonly (string | number)[];

/** One problem in a manifest. */
export interface ManifestProblem {
  /** Where in the manifest. */
  readonly path: ManifestPath;
  /** What is wrong and how to fix it. */
  readonly message: string;
  /** 1-based line, when the source position is known. */
  readonly line?: number;
  /** 1-based column, when the source position is known. */
  readonly column?: number;
  /** The customer the problem belongs to, when it is inside `customers[i]`. */
  readonly customer?: { readonly index: number; readonly name?: string };
}

/** Renders a manifest path the way a reader finds it: `customers[2].credential.subject`. */
export function formatPath(path: ManifestPath): string {
  return path.reduce<string>((text, part) => (typeof part === "number" ? `${text}[${part}]` : text ? `${text}.${part}` : part), "");
}

/** One line per problem: `file:line:col  customer "x" (customers[2]): field: message`. */
export function formatProblem(file: string, problem: ManifestProblem): string {
  const position = problem.line ? `${file}:${problem.line}:${problem.column ?? 1}` : file;
  const customer = problem.customer
    ? `customer ${problem.customer.name ? `"${problem.customer.name}" ` : ""}(customers[${problem.customer.index}])`
    : undefined;
  const field = problem.customer ? formatPath(problem.path.slice(2)) : formatPath(problem.path);
  const where = [customer, field].filter(Boolean).join(", field ");
  return `${position}  ${where ? `${where}: ` : ""}${problem.message}`;
}

/** Thrown when a manifest cannot be used. Carries every problem found, not only the first. */
export class ManifestError extends Error {
  /** Every problem, in source order; messages repeat at most a bounded part of a value, and no secret (see echo.ts). */
  public readonly problems: readonly ManifestProblem[];

  constructor(
    /** The manifest file, as given (relative paths stay relative). */
    public readonly file: string,
    problems: readonly ManifestProblem[],
  ) {
    const bounded = problems.map((p) => ({ ...p, message: boundEcho(p.message), ...(p.customer?.name ? { customer: { ...p.customer, name: boundEcho(p.customer.name) } } : {}) }));
    super(formatManifestError(file, bounded, "nothing was synthesised"));
    this.problems = bounded;
    this.name = "ManifestError";
  }

  /** The message with another consequence than "nothing was synthesised", for commands that do not synthesise. */
  public format(consequence: string): string {
    return formatManifestError(this.file, this.problems, consequence);
  }
}

function formatManifestError(file: string, problems: readonly ManifestProblem[], consequence: string): string {
  return `${file}: ${problems.length} problem${problems.length === 1 ? "" : "s"}; ${consequence}:\n` + problems.map((p) => `  ${formatProblem(file, p)}`).join("\n");
}
