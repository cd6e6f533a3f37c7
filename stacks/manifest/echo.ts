/**
 * What a manifest message may repeat of the input: values are cut to a readable length, and
 * values shaped like secrets are never repeated at all (messages end up in CI logs and PR comments).
 */

/** Secret shapes, each with what to call it (sources: the formats their issuers document). */
const SECRET_SHAPES: readonly [RegExp, string][] = [
  // Entra ID client secrets: 3 characters, a digit, "Q~", then 34 more (matched from 31 on) (Microsoft's credential scanning docs).
  [/[A-Za-z0-9_.~-]{3}\dQ~[A-Za-z0-9_.~-]{31,}/g, "an Entra ID client secret"],
  [/eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, "a JSON Web Token"],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, "a private key"],
  [/\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})/g, "a GitHub token"],
  [/\b[A-Za-z0-9+/]{86}==/g, "a storage account key"],
  [/\b(?:AccountKey|SharedAccessKey|sig)=[A-Za-z0-9%+/=]{16,}/gi, "a storage key or SAS signature"],
];

/** The longest stretch of one quoted value a message repeats (Azure resource IDs are rarely longer). */
export const ECHO_MAX = 256;
/** The longest message. */
const MESSAGE_MAX = 2000;

/** `message` with secret-shaped values replaced and quoted values longer than {@link ECHO_MAX} cut. */
export function boundEcho(message: string): string {
  // Secrets first (so a cut never leaves part of one), then long runs, by a linear scan: a
  // regular expression over megabytes of one quoted value overflows the stack when it backtracks.
  let out = message;
  for (const [shape, what] of SECRET_SHAPES) out = out.replace(shape, `<${what}, not shown>`);
  out = cutLongRuns(out);
  if (out.length > MESSAGE_MAX) out = `${out.slice(0, MESSAGE_MAX)}… (message cut at ${MESSAGE_MAX} characters)`;
  return out;
}

/** Every stretch between double quotes longer than {@link ECHO_MAX} cut to it, saying how long it was. */
function cutLongRuns(message: string): string {
  let out = "";
  let i = 0;
  while (i < message.length) {
    const open = message.indexOf('"', i);
    if (open < 0) break;
    let close = open + 1;
    while (close < message.length && message[close] !== '"') close += message[close] === "\\" ? 2 : 1;
    if (close >= message.length) break;
    const inner = message.slice(open + 1, close);
    out += message.slice(i, open + 1) + (inner.length > ECHO_MAX ? `${inner.slice(0, ECHO_MAX)}…" (${inner.length} characters)` : `${inner}"`);
    i = close + 1;
  }
  return out + message.slice(i);
}
