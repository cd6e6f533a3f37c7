/**
 * CDKTF keeps every token it ever created in one process-wide registry (`TokenMap`, on
 * `globalThis.__cdktfTokenMap`), so a construct tree is never garbage-collected while its tokens
 * are registered: memory grows with the fleet. Fleet synthesis builds customers in batches and,
 * once a batch is written, forgets the tokens that batch registered (and nothing older), so the
 * batch's tree can be freed.
 *
 * The registry's two maps are insertion-ordered (`Map`), so "registered since the mark" is every
 * entry after the first `size`-at-mark ones. When a CDKTF version lays the registry out
 * differently, nothing is released and synthesis only uses more memory.
 */

interface TokenRegistry {
  readonly stringTokenMap?: Map<unknown, unknown>;
  readonly numberTokenMap?: Map<unknown, unknown>;
}

/** How many tokens were registered at one moment. */
export interface TokenRegistryMark {
  readonly strings: number;
  readonly numbers: number;
}

function registry(): TokenRegistry | undefined {
  const value = (globalThis as { __cdktfTokenMap?: unknown }).__cdktfTokenMap;
  return value && typeof value === "object" ? (value as TokenRegistry) : undefined;
}

/** The registry's size now, to pass to {@link releaseTokensSince} later. */
export function markTokenRegistry(): TokenRegistryMark {
  const r = registry();
  return { strings: r?.stringTokenMap instanceof Map ? r.stringTokenMap.size : 0, numbers: r?.numberTokenMap instanceof Map ? r.numberTokenMap.size : 0 };
}

/** Forgets every token registered after `mark`. Only call it once nothing will resolve those tokens again. */
export function releaseTokensSince(mark: TokenRegistryMark): void {
  const r = registry();
  if (r?.stringTokenMap instanceof Map) dropAfter(r.stringTokenMap, mark.strings);
  if (r?.numberTokenMap instanceof Map) dropAfter(r.numberTokenMap, mark.numbers);
}

function dropAfter(map: Map<unknown, unknown>, keep: number): void {
  if (map.size <= keep) return;
  const drop: unknown[] = [];
  let i = 0;
  for (const key of map.keys()) if (i++ >= keep) drop.push(key);
  for (const key of drop) map.delete(key);
}
