/**
 * Builds tfplugin6 `Diagnostic` messages: from config findings (with an attribute path that
 * Terraform maps back to the source range and resource address) and for plain errors.
 */
import { ConfigFinding, formatPath, PathStep } from "./config-checks";

/** What a config belongs to, for messages: e.g. `{ kind: "resource", typeName: "azuread_application" }`. */
export interface ConfigSubject {
  kind: "provider" | "resource" | "data source" | "ephemeral resource";
  typeName: string;
}

export interface ProtoDiagnostic {
  severity: "ERROR" | "WARNING";
  summary: string;
  detail: string;
  attribute?: { steps: Array<{ attribute_name?: string; element_key_int?: number; element_key_string?: string }> };
}

/** A plain error diagnostic without an attribute path. */
export function errorDiagnostic(summary: string, detail: string): ProtoDiagnostic {
  return { severity: "ERROR", summary, detail };
}

function toProtoPath(path: PathStep[]): ProtoDiagnostic["attribute"] {
  const steps: NonNullable<ProtoDiagnostic["attribute"]>["steps"] = [];
  for (const step of path) {
    // A set element has no key; Terraform then points at the enclosing attribute.
    if ("setElement" in step) break;
    if ("attribute" in step) steps.push({ attribute_name: step.attribute });
    else if ("index" in step) steps.push({ element_key_int: step.index });
    else steps.push({ element_key_string: step.key });
  }
  return { steps };
}

function subjectName(subject: ConfigSubject): string {
  return subject.kind === "provider" ? `provider "${subject.typeName}"` : `${subject.kind} ${subject.typeName}`;
}

/** Turns one finding into an error diagnostic naming the type, the attribute path and the problem. */
export function findingDiagnostic(subject: ConfigSubject, finding: ConfigFinding): ProtoDiagnostic {
  const where = subjectName(subject);
  const attr = formatPath(finding.path);
  if (finding.kind === "required-null") {
    return {
      severity: "ERROR",
      summary: `Required attribute "${attr}" of ${where} is null`,
      detail:
        `The schema of ${where} marks "${attr}" as required, but the configuration sets it to null ` +
        `(explicitly or through an expression that evaluates to null). Give "${attr}" a non-null value.`,
      attribute: toProtoPath(finding.path),
    };
  }
  return {
    severity: "ERROR",
    summary: `Computed attribute "${attr}" of ${where} cannot be set`,
    detail:
      `The schema of ${where} marks "${attr}" as computed only (set by the provider, not optional), ` +
      `but the configuration sets it. Remove "${attr}" from the configuration; read it from the ` +
      `${subject.kind === "provider" ? "provider" : "object's attributes"} instead.`,
    attribute: toProtoPath(finding.path),
  };
}
