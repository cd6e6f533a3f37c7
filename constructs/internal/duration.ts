/** Lifetimes written the way Terraform and Go write them ("720h", "30d", "90m"), as whole hours. */

const UNIT_HOURS: Record<string, number> = { m: 1 / 60, h: 1, d: 24 };

/**
 * Parses "<n>h", "<n>d" or "<n>m" (minutes) into hours. Returns the problem as a string when the
 * text is not such a duration or is not a whole number of hours.
 */
export function parseHours(text: unknown): number | string {
  if (typeof text === "number") return `${text} has no unit; write e.g. "${text}h" (hours) or "${text}d" (days)`;
  if (typeof text !== "string") return `expected a duration such as "720h" or "30d", found ${typeof text}`;
  const match = /^([0-9]+)(m|h|d)$/.exec(text.trim());
  if (!match) return `"${text}" is not a duration; write e.g. "720h" (hours) or "30d" (days)`;
  const hours = Number(match[1]) * UNIT_HOURS[match[2]];
  if (!Number.isInteger(hours) || hours <= 0) return `"${text}" must be a positive whole number of hours`;
  return hours;
}

/** Hours as the shortest exact text: 720 → "30d", 36 → "36h". */
export function formatHours(hours: number): string {
  return hours % 24 === 0 ? `${hours / 24}d` : `${hours}h`;
}
