/**
 * Scenario customers for the status tests: one tenant per situation (a finding or a failure),
 * with the emulator state that produces it and the environment that signs in.
 */
import type { CustomerSpec } from "../../stacks/fleet-spec";
import { EmulatedPrincipal, EmulatedRoleAssignment, EmulatedTenant, EmulatorState, EmulatedFailure } from "../../tools/emulator/state";
import { oidcTokenFile, PLAN_APP_ID, PLAN_SECRET } from "./status-emulator";

export const PARTNER_ID = "1234567";
const FAR = "2099-01-01T00:00:00Z";
const hex = (i: number, width: number) => i.toString(16).padStart(width, "0");
const guid = (kind: number, i: number) => `${hex(i, 8)}-${hex(kind, 4)}-4000-8000-000000000000`;

/** What a scenario changes from a customer that earns. */
export interface Scenario {
  readonly name: string;
  readonly principal?: Partial<EmulatedPrincipal> | null;
  readonly roles?: (scope: string, principalId: string) => EmulatedRoleAssignment[];
  readonly tenant?: (scope: string, principalId: string) => Partial<EmulatedTenant>;
  readonly credential?: CustomerSpec["credential"];
  /** Sign in as the principal with this secret (default: its secret); `null`: no credential. */
  readonly secret?: string | null;
  readonly oidc?: { issuer: string; subject: string };
  readonly failures?: (tenantId: string) => EmulatedFailure[];
  /** Add a second principal with the same display name (created by hand, say). */
  readonly extraPrincipal?: boolean;
}

const earningRoles = (scope: string, principalId: string): EmulatedRoleAssignment[] => [
  { scope, role: "Reader", principalId },
  { scope, role: "Support Request Contributor", principalId },
];

const GITHUB = "https://token.actions.githubusercontent.com";
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

/** Every scenario, by name; the expected verdict and findings are in the tests. */
export const SCENARIOS: readonly Scenario[] = [
  { name: "earning" },
  { name: "no-link", principal: { link: undefined } },
  { name: "other-partner", principal: { link: { partnerId: "7654321" } } },
  { name: "link-deleted", principal: { link: { partnerId: PARTNER_ID, state: "Deleted" } } },
  { name: "no-credential", secret: null },
  {
    name: "wrong-subject",
    credential: { type: "federated", issuer: GITHUB, subject: "repo:contoso-msp/pal:environment:pal-wrong-subject" },
    principal: { passwordCredentials: [], federatedIdentityCredentials: [{ issuer: GITHUB, subject: "repo:contoso-msp/pal:ref:refs/heads/main" }] },
    oidc: { issuer: GITHUB, subject: "repo:contoso-msp/pal:environment:pal-wrong-subject" },
  },
  {
    name: "federated",
    credential: { type: "federated", issuer: GITHUB, subject: "repo:contoso-msp/pal:environment:pal-federated" },
    principal: { passwordCredentials: [], federatedIdentityCredentials: [{ issuer: GITHUB, subject: "repo:contoso-msp/pal:environment:pal-federated" }] },
    oidc: { issuer: GITHUB, subject: "repo:contoso-msp/pal:environment:pal-federated" },
  },
  { name: "principal-deleted", principal: null },
  { name: "disabled", principal: { accountEnabled: false } },
  { name: "managed-identity", principal: { servicePrincipalType: "ManagedIdentity" } },
  { name: "secret-expired", principal: { passwordCredentials: [{ secret: "s-secret-expired", endDateTime: hoursAgo(24) }] } },
  { name: "secret-expiring", principal: { passwordCredentials: [{ secret: "s-secret-expiring", endDateTime: hoursAgo(-72) }] } },
  { name: "reader-missing", roles: (scope, id) => [{ scope, role: "Support Request Contributor", principalId: id }] },
  {
    name: "pim-only",
    roles: (scope, id) => [
      { scope, role: "Reader", principalId: id },
      { scope, role: "Support Request Contributor", principalId: id, type: "eligible" },
    ],
    tenant: (scope, id) => ({
      scheduleInstances: [
        { scope, role: "Support Request Contributor", principalId: id, start: hoursAgo(100), end: hoursAgo(95) },
        { scope, role: "Support Request Contributor", principalId: id, start: hoursAgo(50), end: hoursAgo(48) },
        // Seen only in the activation history (requests), and overlapping the window before it.
        { scope, role: "Support Request Contributor", principalId: id, start: hoursAgo(49), end: hoursAgo(47), requestOnly: true },
        // Before the 30-day window: not counted.
        { scope, role: "Support Request Contributor", principalId: id, start: hoursAgo(800), end: hoursAgo(790) },
      ],
    }),
  },
  {
    name: "extra-roles",
    roles: (scope, id) => [...earningRoles(scope, id), { scope, role: "Owner", principalId: id }, { scope: `${scope}/resourceGroups/rg-x`, role: "0b5fe2e4-0000-4000-8000-00000000c057", principalId: id }],
    tenant: () => ({ roleDefinitions: [{ id: "0b5fe2e4-0000-4000-8000-00000000c057", roleName: "Contoso Operator (custom)" }] }),
  },
  { name: "namesake", extraPrincipal: true },
  { name: "throttled", failures: (t) => [{ service: "arm", tenantId: t, status: 429, retryAfter: 0.05, times: 3 }, { service: "graph", tenantId: t, status: 429, retryAfter: 0.05, times: 1 }] },
  { name: "throttled-always", failures: (t) => [{ service: "arm", tenantId: t, pathContains: "roleAssignments", status: 429, retryAfter: 0.01 }] },
  { name: "tenant-down", failures: (t) => [{ service: "entra", tenantId: t, pathContains: "/oauth2/v2.0/token", status: 503, code: "AADSTS90033", message: "A transient error has occurred" }] },
];

/** A customer with these parts, as the manifest loader would resolve it. */
export function customerSpec(name: string, tenantId: string, subscriptionId: string, credential: CustomerSpec["credential"]): CustomerSpec {
  return {
    name,
    tenantId,
    subscriptionId,
    partnerId: PARTNER_ID,
    partnerName: "Contoso MSP",
    scopes: [`/subscriptions/${subscriptionId}`],
    roles: ["Reader", "Support Request Contributor"],
    credential,
    owners: [],
    deleteLinkOnDestroy: false,
    acknowledgements: [],
  };
}

/** The tenants, customers and environment for `scenarios` (customer names: `s-<scenario>`; `copies` of each). */
export function scenarioFleet(scenarios: readonly Scenario[] = SCENARIOS, copies = 1) {
  const tenants: Record<string, EmulatedTenant> = {};
  const failures: EmulatedFailure[] = [];
  const customers: CustomerSpec[] = [];
  const secrets: Record<string, string> = {};
  const oidc: { name: string; issuer: string; subject: string }[] = [];
  let i = 0;
  for (let copy = 0; copy < copies; copy++) {
    for (const s of scenarios) {
      i++;
      const name = copies === 1 ? `s-${s.name}` : `s-${s.name}-${copy}`;
      const tenantId = guid(1, i);
      const subscriptionId = guid(2, i);
      const scope = `/subscriptions/${subscriptionId}`;
      const objectId = guid(3, i);
      const secret = `s-${s.name}`;
      const principal: EmulatedPrincipal = {
        objectId,
        appId: guid(4, i),
        displayName: `PAL (Partner Admin Link) for Contoso MSP - ${name}`,
        passwordCredentials: [{ secret, endDateTime: FAR }],
        link: { partnerId: PARTNER_ID, partnerName: "Contoso MSP", updatedTime: "2026-11-01T08:00:00Z" },
        ...(s.principal ?? {}),
      };
      const plan: EmulatedPrincipal = { objectId: guid(5, i), appId: PLAN_APP_ID, displayName: "PAL automation", passwordCredentials: [{ secret: PLAN_SECRET, endDateTime: FAR }] };
      tenants[tenantId] = {
        principals: s.principal === null ? [plan] : [plan, principal, ...(s.extraPrincipal ? [{ objectId: guid(6, i), appId: guid(7, i), displayName: principal.displayName }] : [])],
        roleAssignments: s.principal === null ? [] : (s.roles ?? earningRoles)(scope, objectId),
        ...(s.tenant ? s.tenant(scope, objectId) : {}),
      };
      failures.push(...(s.failures?.(tenantId) ?? []));
      customers.push(customerSpec(name, tenantId, subscriptionId, s.credential ?? { type: "password", lifetime: "720h" }));
      if (s.oidc) oidc.push({ name, ...s.oidc });
      else if (s.secret !== null) secrets[name] = s.secret ?? ((s.principal?.passwordCredentials?.[0]?.secret as string | undefined) ?? secret);
    }
  }
  const state: EmulatorState = { tenants, failures };
  const env = (dir: string): NodeJS.ProcessEnv => {
    const out: NodeJS.ProcessEnv = { AZURE_CLIENT_ID: PLAN_APP_ID, AZURE_CLIENT_SECRET: PLAN_SECRET };
    for (const [name, value] of Object.entries(secrets)) out[`PAL_CLIENT_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`] = value;
    for (const o of oidc) out[`PAL_OIDC_TOKEN_FILE_${o.name.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`] = oidcTokenFile(dir, o.name, o.issuer, o.subject);
    return out;
  };
  return { state, customers, env };
}
