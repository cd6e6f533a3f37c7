/**
 * Copies the PEC role table from `shared/reference/pec-roles.json` into
 * `constructs/data/pec-roles.json`, keeping what the kit needs (name, GUID, PEC eligibility,
 * Lighthouse note) and the provenance (upstream sources and the SHA-256 of the file copied).
 *
 *   npm run import:pec-roles
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT, requireSharedReference } from "../tools/shared-reference";

/** Where the kit's copy lives. */
export const PEC_ROLES_COPY = path.join(PROJECT_ROOT, "constructs", "data", "pec-roles.json");

interface SourceRole {
  roleName: string;
  pecTableName?: string;
  roleDefinitionId: string;
  pecEligible: boolean | null;
  lighthouseAssignable?: string;
}

/** Builds the copy's content from the shared file's text. Pure: the test reuses it. */
export function buildPecRolesCopy(sharedText: string): object {
  const shared = JSON.parse(sharedText);
  const pick = (r: SourceRole, table: "pec" | "additional") => ({
    name: r.roleName,
    ...(r.pecTableName ? { pecTableName: r.pecTableName } : {}),
    id: r.roleDefinitionId.toLowerCase(),
    pecEligible: r.pecEligible,
    table,
    ...(r.lighthouseAssignable ? { lighthouseAssignable: r.lighthouseAssignable } : {}),
  });
  const pecIds = new Set(shared.roles.map((r: SourceRole) => r.roleDefinitionId.toLowerCase()));
  return {
    _provenance: {
      copiedFrom: "shared/reference/pec-roles.json",
      sha256: createHash("sha256").update(sharedText).digest("hex"),
      eligibilitySource: shared._source.eligibility.document,
      guidSource: shared._source.guids.authoritative,
      verifiedOn: shared._source.verifiedOn,
      regenerate: "npm run import:pec-roles",
      fields: {
        pecEligible: "true/false as in the Partner Center PEC table; null = not in the table (eligibility unknown)",
        table: "'pec' = a row of the PEC table; 'additional' = a built-in role the kit knows that the table does not list",
      },
    },
    recommendedDefaults: shared.recommendedDefaults.roles.map((r: SourceRole) => r.roleName),
    roles: [
      ...shared.roles.map((r: SourceRole) => pick(r, "pec")),
      // additionalRoles repeats some PEC-table roles for convenience; the table row wins.
      ...shared.additionalRoles
        .filter((r: SourceRole) => !pecIds.has(r.roleDefinitionId.toLowerCase()))
        .map((r: SourceRole) => pick(r, "additional")),
    ],
  };
}

if (require.main === module) {
  const source = path.join(requireSharedReference(), "pec-roles.json");
  const copy = buildPecRolesCopy(fs.readFileSync(source, "utf8"));
  fs.mkdirSync(path.dirname(PEC_ROLES_COPY), { recursive: true });
  fs.writeFileSync(PEC_ROLES_COPY, JSON.stringify(copy, null, 2) + "\n");
  console.log(`wrote ${path.relative(process.cwd(), PEC_ROLES_COPY)} from ${source}`);
}
