/**
 * Customer names: they name stacks (`<name>-identity`), state files and GitHub environments, so
 * they are lower-case letters, digits and single dashes, at most 40 characters.
 */

/** The longest customer name (stack names add "-identity"). */
export const CUSTOMER_NAME_MAX = 40;
const CUSTOMER_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Says why `name` cannot be a customer name, or `undefined` when it can. */
export function customerNameProblem(name: string): string | undefined {
  if (!CUSTOMER_NAME.test(name)) {
    const suggestion = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    return `cannot name stacks and state files: use lower-case letters, digits and single dashes, starting and ending with a letter or digit${suggestion && suggestion !== name ? ` (e.g. "${suggestion}")` : ""}`;
  }
  if (name.length > CUSTOMER_NAME_MAX) return `is ${name.length} characters; keep it to ${CUSTOMER_NAME_MAX} or fewer (stack names add "-identity")`;
  return undefined;
}
