/**
 * The partner ID a Partner Admin Link points at: the Microsoft AI Cloud Partner Program
 * **Associated Partner ID** of the partner location (PLA) that does the work.
 *
 * Facts encoded (shared/reference/PAL-RULES.md §4; Azure Citadel, "Partner Admin Link"): real IDs
 * are digits, commonly 7; use the location (PLA) ID, not the global (PGA) ID. The PGA ID is what
 * Partner Center shows under Account settings > Identifiers; PLA IDs are under Account settings >
 * Organization profile > Legal info > Partner > Business locations, and the first PLA ID is the PGA
 * ID + 1. A PGA or mistyped ID fails the link with PartnerIdInvalid. Neither the Azure CLI nor PowerShell validates
 * the format and the CLI's own example wrongly shows a GUID. A GUID is almost always a
 * Customer Usage Attribution (CUA) ID, which is the azapi/azurerm provider argument
 * `partner_id` and has nothing to do with PAL (§1).
 */
import { Token } from "cdktf";
import { isGuid } from "./internal/guid";
import { PalValidationError } from "./values/validation-error";

/** Where Partner Center shows the partner location (PLA) IDs, for messages. */
export const PARTNER_ID_LOCATION =
  "Partner Center > Account settings > Organization profile > Legal info > Partner > Business locations (a location's ID; not the PGA ID under Identifiers, which fails with PartnerIdInvalid)";

/** Fewest and most digits accepted: outside this range a value is a typo, not a partner ID. */
const MIN_DIGITS = 5;
const MAX_DIGITS = 10;

/** A validated partner ID. Create one with {@link PartnerId.of}. */
export class PartnerId {
  /**
   * Validates `value` and wraps it. Throws a {@link PalValidationError} (code InvalidPartnerId)
   * that says what is wrong and how to fix it; `where` names the construct path for it.
   * A Terraform token (an unresolved reference) is accepted as is and checked by Terraform/Azure.
   */
  public static of(value: string | PartnerId, where = "partnerId"): PartnerId {
    if (value instanceof PartnerId) return value;
    const problem = PartnerId.problem(value);
    if (problem) throw new PalValidationError("InvalidPartnerId", `Invalid partner ID "${value}": ${problem}`, where);
    return new PartnerId(value);
  }

  /**
   * Says what is wrong with `value` as a partner ID, or returns `undefined` when it is valid.
   * The manifest loader uses this to report every problem at once instead of throwing.
   */
  public static problem(value: unknown): string | undefined {
    if (typeof value === "number") {
      return 'it is a number; write it in quotes exactly as Partner Center shows it, e.g. partnerId: "1234567" (YAML reads unquoted digits as a number and drops leading zeros)';
    }
    if (typeof value !== "string") return `expected a string of digits, found ${describe(value)}`;
    if (Token.isUnresolved(value)) return undefined;
    if (value.trim() !== value) return "it has leading or trailing white space; remove it";
    if (value === "") return `it is empty; use your Associated Partner ID (digits, commonly 7), from ${PARTNER_ID_LOCATION}`;
    if (isGuid(value)) {
      return (
        "this is a GUID, which looks like a Customer Usage Attribution (CUA) ID, not a partner ID. " +
        `PAL needs the Associated Partner ID of your partner location (digits, commonly 7), from ${PARTNER_ID_LOCATION}`
      );
    }
    if (!/^[0-9]+$/.test(value)) {
      return "a partner ID has digits only (commonly 7); remove any letters, dashes or prefixes";
    }
    if (value.length < MIN_DIGITS || value.length > MAX_DIGITS) {
      return `it has ${value.length} digits; partner IDs have ${MIN_DIGITS} to ${MAX_DIGITS} (commonly 7). Check for a missing or extra digit`;
    }
    return undefined;
  }

  private constructor(
    /** The partner ID as Partner Center shows it, e.g. "1234567". */
    public readonly value: string,
  ) {}

  /** The partner ID as a string. */
  public toString(): string {
    return this.value;
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "a mapping" : `${typeof value} ${JSON.stringify(value)}`;
}
