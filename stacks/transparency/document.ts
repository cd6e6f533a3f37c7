/**
 * A small document model (headings, paragraphs, lists, tables, commands) rendered as Markdown and
 * as a self-contained HTML page that prints well. Hand-written because it is ~100 lines and every
 * value in it comes from the manifest: escaping is the point, and both renderers escape here.
 */

/** A run of text: plain, or `code` (IDs, names, commands). */
export type Inline = string | { readonly code: string } | { readonly link: string; readonly text: string };

/** One block of a section. */
export type Block =
  | { readonly p: readonly Inline[] }
  | { readonly list: readonly (readonly Inline[])[] }
  | { readonly table: { readonly head: readonly string[]; readonly rows: readonly (readonly Inline[])[][] } }
  | { readonly commands: readonly string[] };

/** A section with a heading. */
export interface Section {
  readonly title: string;
  readonly blocks: readonly Block[];
}

/** A whole document. */
export interface Document {
  readonly title: string;
  readonly subtitle: readonly Inline[];
  readonly sections: readonly Section[];
}

/** Escapes Markdown's inline syntax in plain text (tables: `|` too). */
function mdText(s: string): string {
  return s.replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`);
}

/** A code span that holds any backticks in the value (CommonMark: a longer fence). */
function mdCode(s: string): string {
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((m) => m.length));
  const fence = "`".repeat(longest + 1);
  const pad = s.startsWith("`") || s.endsWith("`") ? " " : "";
  return `${fence}${pad}${s.replace(/\|/g, "\\|")}${pad}${fence}`;
}

function mdInline(parts: readonly Inline[]): string {
  return parts.map((x) => (typeof x === "string" ? mdText(x) : "code" in x ? mdCode(x.code) : `[${mdText(x.text)}](${x.link})`)).join("");
}

/** The document as Markdown (CommonMark with GitHub tables). */
export function toMarkdown(doc: Document): string {
  const out: string[] = [`# ${mdText(doc.title)}`, "", mdInline(doc.subtitle), ""];
  for (const section of doc.sections) {
    out.push(`## ${mdText(section.title)}`, "");
    for (const b of section.blocks) {
      if ("p" in b) out.push(mdInline(b.p), "");
      else if ("list" in b) out.push(...b.list.map((item) => `- ${mdInline(item)}`), "");
      else if ("commands" in b) out.push("```sh", ...b.commands, "```", "");
      else {
        out.push(`| ${b.table.head.map(mdText).join(" | ")} |`, `|${b.table.head.map(() => "---").join("|")}|`);
        for (const row of b.table.rows) out.push(`| ${row.map(mdInline).join(" | ")} |`);
        out.push("");
      }
    }
  }
  return out.join("\n");
}

function html(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}

function htmlInline(parts: readonly Inline[]): string {
  return parts.map((x) => (typeof x === "string" ? html(x) : "code" in x ? `<code>${html(x.code)}</code>` : `<a href="${html(x.link)}">${html(x.text)}</a>`)).join("");
}

/** Print-friendly and screen-friendly, no external resources (no fonts, scripts or images). */
const STYLE = `
  :root { color-scheme: light; }
  body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1b1b1b; max-width: 52em; margin: 2em auto; padding: 0 1.5em; }
  h1 { font-size: 1.6em; margin-bottom: .2em; }
  .subtitle { color: #444; margin-top: 0; }
  h2 { font-size: 1.2em; border-bottom: 1px solid #ccc; padding-bottom: .2em; margin-top: 1.6em; }
  table { border-collapse: collapse; width: 100%; margin: .6em 0; font-size: .95em; }
  th, td { border: 1px solid #bbb; padding: .3em .5em; text-align: left; vertical-align: top; }
  th { background: #f0f0f0; }
  code { font-family: ui-monospace, "Cascadia Mono", Consolas, "Liberation Mono", monospace; font-size: .9em; overflow-wrap: anywhere; }
  pre { background: #f6f6f6; border: 1px solid #ddd; padding: .6em; white-space: pre-wrap; overflow-wrap: anywhere; }
  @media print {
    body { margin: 0; max-width: none; font-size: 10pt; }
    h2 { break-after: avoid; }
    table, pre, li { break-inside: avoid; }
    p:has(+ table), p:has(+ pre), p:has(+ ul) { break-after: avoid; }
    a { color: inherit; }
    a[href^="http"]::after { content: " (" attr(href) ")"; font-size: .85em; overflow-wrap: anywhere; }
  }
`;

/** The document as one self-contained HTML page. */
export function toHtml(doc: Document): string {
  const out: string[] = [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Nothing is loaded from anywhere: the page is handed to a customer as one file.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${html(doc.title)}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    `<h1>${html(doc.title)}</h1>`,
    `<p class="subtitle">${htmlInline(doc.subtitle)}</p>`,
  ];
  for (const section of doc.sections) {
    out.push(`<section>`, `<h2>${html(section.title)}</h2>`);
    for (const b of section.blocks) {
      if ("p" in b) out.push(`<p>${htmlInline(b.p)}</p>`);
      else if ("list" in b) out.push("<ul>", ...b.list.map((item) => `<li>${htmlInline(item)}</li>`), "</ul>");
      else if ("commands" in b) out.push(`<pre><code>${b.commands.map(html).join("\n")}</code></pre>`);
      else {
        // A key-value table (no heading text) has no header row on the page.
        const head = b.table.head.some((h) => h !== "") ? `<thead><tr>${b.table.head.map((h) => `<th>${html(h)}</th>`).join("")}</tr></thead>` : "";
        out.push("<table>", ...(head ? [head] : []), "<tbody>");
        for (const row of b.table.rows) out.push(`<tr>${row.map((c) => `<td>${htmlInline(c)}</td>`).join("")}</tr>`);
        out.push("</tbody>", "</table>");
      }
    }
    out.push("</section>");
  }
  out.push("</body>", "</html>", "");
  return out.join("\n");
}
