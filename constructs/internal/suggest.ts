/** "Did you mean …?" suggestions for names typed by people. */

/** Levenshtein edit distance between two strings. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/**
 * The closest candidates to `input` (case- and space-insensitive), best first; at most `max`.
 * A candidate qualifies when it is within a third of its length in edits, or contains the input.
 */
export function closestMatches(input: string, candidates: Iterable<string>, max = 3): string[] {
  const norm = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, "");
  const needle = norm(input);
  if (!needle) return [];
  const scored: Array<{ candidate: string; score: number }> = [];
  for (const candidate of candidates) {
    const hay = norm(candidate);
    const distance = editDistance(needle, hay);
    const limit = Math.max(2, Math.floor(Math.max(needle.length, hay.length) / 3));
    if (distance <= limit) scored.push({ candidate, score: distance });
    else if (needle.length >= 4 && hay.includes(needle)) scored.push({ candidate, score: limit + hay.length - needle.length });
  }
  scored.sort((x, y) => x.score - y.score || x.candidate.localeCompare(y.candidate));
  return scored.slice(0, max).map((s) => s.candidate);
}

/** ` Did you mean "x"?` (or `"x" or "y"`), or an empty string when nothing is close. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  const matches = closestMatches(input, candidates);
  if (matches.length === 0) return "";
  return ` Did you mean ${matches.map((m) => `"${m}"`).join(" or ")}?`;
}

/** `"input"`, with ` (did you mean "x"?)` (or `"x" or "y"`) when candidates are close: for lists of unknown names. */
export function quotedWithSuggestion(input: string, candidates: Iterable<string>): string {
  const matches = closestMatches(input, candidates);
  return `"${input}"${matches.length ? ` (did you mean ${matches.map((m) => `"${m}"`).join(" or ")}?)` : ""}`;
}
