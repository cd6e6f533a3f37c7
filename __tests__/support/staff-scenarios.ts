/**
 * The staff-linking scenarios: one engineer (alice@contoso-msp.example) with an account in many
 * tenants — a member at home, a guest elsewhere (a different object ID in each), a foreign (GDAP)
 * principal in one — and the tenants that make every outcome happen.
 */
import { SUPPORT_REQUEST_CONTRIBUTOR_ROLE_ID } from "../../constructs/role-catalog";
import type { StaffTarget } from "../../staff/link-staff";
import type { EmulatedTenant, EmulatorState } from "../../tools/emulator/state";

export const PERSON = "alice@contoso-msp.example";
export const PARTNER_ID = "1234567";
export const OTHER_PARTNER_ID = "7654321";

const tenant = (n: number) => `5a1f0000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const object = (n: number) => `a11ce000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const sub = (n: number) => `5b000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

export const HOME = tenant(1);
/** Tenant name → ID; each tenant's guest account has object ID object(n). */
export const T = {
  fresh: tenant(10), // guest with Support Request Contributor, not linked → PUT
  linked: tenant(11), // already linked to PARTNER_ID
  elsewhere: tenant(12), // linked to OTHER_PARTNER_ID
  mfa: tenant(13), // demands MFA done in it (AADSTS50076)
  foreign: tenant(14), // reached as a CSP/GDAP foreign principal
  reader: tenant(15), // guest with Reader only
  group: tenant(16), // Support Request Contributor through a group
  pim: tenant(17), // Support Request Contributor only PIM-eligible
  consent: tenant(18), // the sign-in app is not consented (AADSTS65001)
  absent: tenant(19), // no account for alice at all
} as const;
export const GROUP_ID = "9a000000-0000-4000-8000-000000000016";

const n = (id: string) => Number(id.slice(-12));
const scope = (id: string) => `/subscriptions/${sub(n(id))}`;
export const guestObjectId = (tenantId: string) => object(n(tenantId));

function guestTenant(id: string, extra: Partial<EmulatedTenant> = {}, role: string | null = "Support Request Contributor"): EmulatedTenant {
  return {
    displayName: `Customer ${n(id)}`,
    users: [{ kind: "guest", objectId: guestObjectId(id), signInName: PERSON, displayName: "Alice" }],
    roleAssignments: role ? [{ scope: scope(id), role, principalId: guestObjectId(id), principalType: "User" }] : [],
    ...extra,
  };
}

export function staffState(): EmulatorState {
  return {
    interactiveSignIn: { signInName: PERSON },
    tenants: {
      [HOME]: { displayName: "Contoso MSP", users: [{ kind: "member", objectId: object(1), signInName: PERSON, displayName: "Alice" }] },
      [T.fresh]: guestTenant(T.fresh),
      [T.linked]: guestTenant(T.linked, { users: [{ kind: "guest", objectId: guestObjectId(T.linked), signInName: PERSON, link: { partnerId: PARTNER_ID, version: 3, updatedTime: "2026-03-01T00:00:00Z" } }] }),
      [T.elsewhere]: guestTenant(T.elsewhere, { users: [{ kind: "guest", objectId: guestObjectId(T.elsewhere), signInName: PERSON, link: { partnerId: OTHER_PARTNER_ID } }] }),
      [T.mfa]: guestTenant(T.mfa, { requireMfa: true }),
      [T.foreign]: {
        users: [{ kind: "foreign", objectId: object(1), signInName: PERSON, homeTenantId: HOME }],
        // GDAP: the role is held by the partner's security group, a foreign group in the customer tenant.
        roleAssignments: [{ scope: scope(T.foreign), role: "Contributor", principalId: "f0000000-0000-4000-8000-000000000014", principalType: "ForeignGroup" }],
      },
      [T.reader]: guestTenant(T.reader, {}, "Reader"),
      [T.group]: {
        ...guestTenant(T.group, {}, null),
        users: [{ kind: "guest", objectId: guestObjectId(T.group), signInName: PERSON, memberOf: [GROUP_ID] }],
        roleAssignments: [
          { scope: scope(T.group), role: "Reader", principalId: guestObjectId(T.group), principalType: "User" },
          { scope: scope(T.group), role: "Support Request Contributor", principalId: GROUP_ID, principalType: "Group" },
        ],
      },
      [T.pim]: guestTenant(T.pim, { roleAssignments: [{ scope: scope(T.pim), role: SUPPORT_REQUEST_CONTRIBUTOR_ROLE_ID, principalId: guestObjectId(T.pim), principalType: "User", type: "eligible" }] }, null),
      [T.consent]: guestTenant(T.consent),
      [T.absent]: { displayName: "Nobody's", users: [] },
    },
    failures: [{ service: "entra", tenantId: T.consent, pathContains: "/oauth2/v2.0/token", status: 400, code: "AADSTS65001", message: "The user or administrator has not consented to use the application with ID '04b07795-8ddb-461a-bbee-02f9e1bf7b46'." }],
  };
}

/** The targets as the manifest gives them: each tenant's subscription is its scope. */
export function staffTargets(names: readonly (keyof typeof T)[] = Object.keys(T) as (keyof typeof T)[]): StaffTarget[] {
  return names.map((name) => ({ tenantId: T[name], customer: name, partnerId: PARTNER_ID, scopes: [scope(T[name])], subscriptionId: sub(n(T[name])) }));
}
