/**
 * Generates fleets of any size for benchmarks and guarantee tests: deterministic for a seed,
 * and covering every credential type and scope kind the kit supports.
 */
import { stringify } from "yaml";

/** A small deterministic PRNG (mulberry32), so generated fleets are the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A GUID derived from a number: readable in output, unique per (kind, n). */
export function fakeGuid(kind: number, n: number): string {
  const hex = (v: number, width: number) => v.toString(16).padStart(width, "0").slice(-width);
  return `${hex(kind, 8)}-${hex(n >>> 16, 4)}-4${hex(n & 0xfff, 3)}-8${hex(kind & 0xfff, 3)}-${hex(n, 12)}`;
}

/** The manifest entry of generated customer number `i`. Its content depends on `i` only. */
export function generatedCustomer(i: number): Record<string, unknown> {
  const name = `customer-${String(i).padStart(4, "0")}`;
  const sub = fakeGuid(0x5b, i);
  const otherSub = fakeGuid(0x5c, i);
  const scopes: string[] = [];
  const customer: Record<string, unknown> = { name, tenantId: fakeGuid(0x7e, i) };
  switch (i % 4) {
    case 0:
      scopes.push(`/subscriptions/${sub}`, `/subscriptions/${otherSub}/resourceGroups/rg-${i}`);
      break;
    case 1:
      scopes.push(`/subscriptions/${sub}/resourceGroups/rg-app`, `/subscriptions/${sub}/resourceGroups/rg-app/providers/Microsoft.Storage/storageAccounts/st${i}`);
      break;
    case 2:
      scopes.push(`/providers/Microsoft.Management/managementGroups/mg-${i}`);
      customer.subscriptionId = sub;
      break;
    default:
      scopes.push(`/subscriptions/${sub}`, `/providers/Microsoft.Management/managementGroups/mg-${i}`, `/subscriptions/${otherSub}/resourceGroups/rg-data`);
  }
  customer.scopes = scopes;
  switch (i % 5) {
    case 1:
      customer.credential = { type: "password", lifetime: "720h" };
      break;
    case 2:
      customer.credential = {
        type: "federated",
        azureDevOps: { organizationId: fakeGuid(0xad0, 1), organization: "contoso-msp", project: "pal", serviceConnection: `pal-${name}` },
      };
      break;
    case 3:
      customer.credential = { type: "none", clientId: fakeGuid(0xc1, i), objectId: fakeGuid(0x0b, i), signIn: i % 2 ? "oidc" : "environment" };
      break;
    case 4:
      customer.roles = ["Reader", "Support Request Contributor", "Monitoring Contributor"];
      customer.deleteLinkOnDestroy = true;
      break;
    default:
    // federated credential from the defaults
  }
  return customer;
}

/** A manifest object with customers `indices` (default 0..n-1). */
export function generateFleetManifest(count: number, indices: number[] = Array.from({ length: count }, (_, i) => i)): Record<string, unknown> {
  return {
    partnerId: "1234567",
    partnerName: "Contoso MSP",
    defaults: {
      roles: ["Reader", "Support Request Contributor"],
      credential: { type: "federated", github: { repository: "contoso-msp/pal", environment: "pal-{customer}" } },
    },
    customers: indices.map(generatedCustomer),
  };
}

/** The same as YAML text. */
export function generateFleetYaml(count: number, indices?: number[]): string {
  return stringify(generateFleetManifest(count, indices), { lineWidth: 0 });
}

/**
 * A fleet that uses every option the manifest has at least once: every credential form, every
 * scope kind, custom roles, owners and link deletion (in the defaults and per customer), display
 * names, partner overrides, acknowledgements, and the azurerm backend with every key. Used by
 * `npm run validate`.
 */
export function coverageFleetManifest(): Record<string, unknown> {
  const base = generateFleetManifest(10);
  const sub = fakeGuid(0xc0, 1);
  const extra: Record<string, unknown>[] = [
    {
      name: "cov-raw-federation",
      tenantId: fakeGuid(0xc1, 1),
      scopes: [`/subscriptions/${sub}/resourceGroups/rg-a/providers/Microsoft.Storage/storageAccounts/sta/blobServices/default`],
      credential: { issuer: "https://token.actions.githubusercontent.com", subject: "repo:contoso-msp/pal:ref:refs/heads/main", audience: "api://AzureADTokenExchange" },
      owners: [fakeGuid(0xc2, 1), fakeGuid(0xc2, 2)],
      displayName: "PAL for Coverage Ltd",
      partnerId: "7654321",
      partnerName: "Contoso MSP Europe",
    },
    {
      name: "cov-pull-request",
      tenantId: fakeGuid(0xc1, 2),
      subscriptionId: fakeGuid(0xc0, 3), // a subscription belongs to one tenant: each customer has its own
      scopes: [`/providers/Microsoft.Management/managementGroups/mg-cov`, `/subscriptions/${fakeGuid(0xc0, 3)}/resourceGroups/rg-b`],
      credential: { github: { repository: "contoso-msp/pal", pullRequest: true } },
      roles: ["Reader", "Support Request Contributor", "Owner", "Role Based Access Control Administrator"],
      acknowledge: { PAL002: "Coverage fleet: privileged roles on purpose, to validate them", PAL003: "Coverage fleet: role of unknown eligibility on purpose" },
      deleteLinkOnDestroy: true,
    },
    {
      name: "cov-branch",
      tenantId: fakeGuid(0xc1, 4),
      scopes: [`/subscriptions/${fakeGuid(0xc0, 2)}/resourceGroups/rg-branch`],
      credential: { github: { repository: "contoso-msp/pal", ref: "refs/heads/main" } },
      deleteLinkOnDestroy: false, // overrides defaults.deleteLinkOnDestroy
      owners: [], // overrides defaults.owners
    },
    {
      name: "cov-short-secret",
      tenantId: fakeGuid(0xc1, 3),
      scopes: [`/subscriptions/${fakeGuid(0xc0, 4)}`],
      credential: { type: "password", lifetime: "7d" },
      roles: [READER_ID, "cfd33db0-3dd1-45e3-aa9d-cdbdf3b6f24e"],
    },
  ];
  return {
    ...base,
    defaults: { ...(base.defaults as Record<string, unknown>), owners: [fakeGuid(0xd0, 1)], deleteLinkOnDestroy: true },
    backend: { type: "azurerm", resourceGroupName: "rg-pal-state", storageAccountName: "stpalstate", containerName: "pal-state", keyPrefix: "fleet/", subscriptionId: fakeGuid(0x5a, 1), tenantId: fakeGuid(0x5a, 2) },
    policy: { maxPasswordLifetime: "30d" },
    customers: [...(base.customers as unknown[]), ...extra],
  };
}

const READER_ID = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
