/**
 * What the read/link commands (`npm run status`, `npm run link-staff`) share: finding and loading
 * the manifest, `--customers` and `--concurrency`. Each returns `undefined` after printing the
 * error (prefixed with the command's name), so a command only has to `return 2`.
 */
import { FleetSpec } from "../stacks/fleet-spec";
import { ManifestError } from "../stacks/manifest/manifest-error";
import { ManifestLocation, loadManifest, locateManifest } from "../stacks/manifest/load-manifest";
import { lighthouseNames, parseCustomerSelection } from "../stacks/fleet-synthesis/select-customers";
import { quotedWithSuggestion } from "../constructs/internal/suggest";

/** Where a command prints its errors and notes. */
export type Print = (text: string) => void;

/** The manifest a command runs on (PAL_CONFIG, else ./pal.config.yaml, else the bundled example), or undefined after printing why it can't be read. */
export function loadCommandManifest(command: string, cwd: string, env: NodeJS.ProcessEnv, err: Print): { fleet: FleetSpec; location: ManifestLocation } | undefined {
  let location: ManifestLocation;
  let fleet: FleetSpec;
  try {
    location = locateManifest(cwd, env);
    fleet = loadManifest(location.file);
  } catch (e) {
    err(`${command}: ${e instanceof ManifestError ? e.message : (e as Error).message}\n`);
    return undefined;
  }
  if (location.origin === "bundled example") err(`${command}: no pal.config.yaml here and PAL_CONFIG unset: using the bundled example fleet (${location.file})\n`);
  return { fleet, location };
}

/**
 * The customer names of a `--customers a,b` list (read as PAL_CUSTOMERS is: commas or spaces, each
 * name once), or undefined after printing the names the manifest's customer-side customers lack,
 * with the closest names (the Lighthouse ones are not read by these commands).
 */
export function namedCustomers(command: string, fleet: FleetSpec, list: string, err: Print): string[] | undefined {
  const wanted = parseCustomerSelection(list) ?? [];
  const known = new Set(fleet.customers.map((c) => c.name));
  const lighthouse = new Set(lighthouseNames(fleet));
  const unknown = wanted.filter((n) => !known.has(n));
  if (unknown.length === 0) return wanted;
  const hint = (n: string) => (lighthouse.has(n) ? `"${n}" (a Lighthouse name: ${command} reads customer-side customers only)` : quotedWithSuggestion(n, known));
  err(`${command}: not in the manifest: ${unknown.map(hint).join(", ")}. Use the customers' \`name\` values, separated by commas.\n`);
  return undefined;
}

/** `--concurrency` as a whole number from 1 to 64, or undefined after printing why not. */
export function concurrencyOption(command: string, value: string, err: Print): number | undefined {
  const concurrency = Number(value);
  if (Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 64) return concurrency;
  err(`${command}: --concurrency must be a whole number from 1 to 64, not "${value}"\n`);
  return undefined;
}
