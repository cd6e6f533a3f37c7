/**
 * One sign-in, a token per tenant. `@azure/identity`'s interactive credentials (DeviceCodeCredential,
 * InteractiveBrowserCredential) ignore `getToken(…, { tenantId })` once signed in: their silent
 * request carries the account of the first sign-in and no authority, so MSAL answers from the
 * home tenant's cache (observed with @azure/identity 4.14.1 against the emulator; see
 * __tests__/link-staff.test.ts, "why a credential per tenant"). A token for another tenant must
 * come from a credential configured for that tenant, holding the same account (its
 * AuthenticationRecord with that tenant's ID) and a token cache seeded with the one sign-in's
 * refresh token, so that MSAL redeems it at that tenant's authority.
 *
 * The cache is provided through @azure/identity's own extension point for token cache persistence
 * (`useIdentityPlugin` with a persistence provider, as @azure/identity-cache-persistence does),
 * but kept in this process's memory only: nothing is written to disk, and it ends with the run.
 * The plugin context's shape (`cachePluginControl.setPersistence`) is @azure/identity's, not a
 * documented type: if an upgrade changes it, the per-tenant test fails.
 */
import { useIdentityPlugin } from "@azure/identity";

/** MSAL's cache plugin contract (ICachePlugin): the serialised cache before and after each access. */
interface CacheContext {
  readonly cacheHasChanged: boolean;
  readonly tokenCache: { serialize(): string; deserialize(cache: string): void };
}

const caches = new Map<string, string>();

/** The cache name of one tenant's credential, seeded from the sign-in's cache `base`. */
export function tenantCacheName(base: string, tenantId: string): string {
  return `${base}${TENANT_MARK}${tenantId}`;
}
const TENANT_MARK = ".tenant-";

/**
 * A cache plugin over one named in-memory cache. A tenant's cache starts as a copy of the
 * sign-in's (its refresh token) and then holds only that tenant's tokens: MSAL serialises the
 * whole cache on every access, so one cache for 100 tenants would cost O(n²).
 */
function memoryCachePlugin(name: string) {
  const seed = name.replace(new RegExp(`\\${TENANT_MARK}[^.]+`), "");
  return {
    async beforeCacheAccess(context: CacheContext): Promise<void> {
      const saved = caches.get(name) ?? caches.get(seed);
      if (saved !== undefined) context.tokenCache.deserialize(saved);
    },
    async afterCacheAccess(context: CacheContext): Promise<void> {
      if (context.cacheHasChanged) caches.set(name, context.tokenCache.serialize());
    },
  };
}

let registered = false;

/**
 * Registers the in-memory persistence provider once per process. Credentials that pass
 * `tokenCachePersistenceOptions: { enabled: true, name }` with the same name share one cache.
 */
export function useSharedMemoryTokenCache(): void {
  if (registered) return;
  registered = true;
  useIdentityPlugin((context: unknown) => {
    const control = (context as { cachePluginControl: { setPersistence(p: (o: { name?: string }) => Promise<unknown>): void } }).cachePluginControl;
    control.setPersistence(async (options) => memoryCachePlugin(options.name ?? "default"));
  });
}

/** Forgets a named cache (the end of a run). */
export function clearSharedMemoryTokenCache(name: string): void {
  for (const key of [...caches.keys()]) if (key.startsWith(name)) caches.delete(key);
}
