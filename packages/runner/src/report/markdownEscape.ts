/**
 * Escaping of text that comes from a tuning job (job, parameter, metric and value names, failure reasons, trial
 * output) on its way into GitHub-flavoured Markdown: pull-request comments, job summaries and `report.md`. Such
 * text is written by whoever controls the tuning file or the training code, so it must render literally:
 * - no HTML (`<`, `>`, `&` become entities) and no Markdown markup (its punctuation is backslash-escaped);
 * - no line breaks in inline text, so it cannot start a block (a code fence, a heading, raw HTML);
 * - no `@user` or `@org/team` mention, `#12` or `owner/repo#12` reference and no auto-link (`http://`, `www.`,
 *   an e-mail address): GitHub turns those into notifications and cross-references, so a zero-width joiner is
 *   put after `@` and `#` and inside the scheme or `www.` (the text reads the same, GitHub no longer links it);
 * - no control characters, bidirectional overrides included (they make a text read other than it is).
 * Code (inline and blocks) cannot be closed by its content: its fence is longer than any backtick run inside.
 */

/** Invisible, and breaks GitHub's mention, reference and auto-link patterns where it is put. */
const ZERO_WIDTH_JOINER = '\u200d';

/** C0 and C1 control characters but tab, line feed and carriage return; bidirectional embeddings and isolates. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** The longest text a Mermaid label keeps. */
const MERMAID_LABEL_LENGTH = 80;

/**
 * Escapes text for a Markdown paragraph, heading or table cell: it renders literally, on one line, with no HTML,
 * no markup, no mention, reference or auto-link. Characters that are markup only at the start of a line (`#`,
 * `>`, `+`, `-`, `1.`) are escaped there only, so names such as `pr-tune` stay readable in the raw text.
 *
 * @param text - Any text.
 * @returns Text that renders as itself.
 * @example escapeMarkdown('@octocat <b>') // '@\u200doctocat &lt;b&gt;'
 */
export function escapeMarkdown(text: string): string {
  return neutraliseLinks(
    withoutControls(text)
      .replace(/\r\n|\r|\n|\t/g, ' ')
      .replace(/[\\`*_[\]|~$]/g, (character) => `\\${character}`)
      .replace(/^[#+-]/, (character) => `\\${character}`)
      .replace(/^(\d+)([.)])(?=\s|$)/, '$1\\$2')
      .replaceAll('&', '&amp;')
      .replaceAll('<', '&lt;')
      .replaceAll('>', '&gt;'),
  );
}

/**
 * Inline code of any text (for a paragraph, not a table cell): on one line, delimited by a backtick run longer
 * than any inside it, so the text can neither end it early nor break out. GitHub renders no HTML, mention or
 * link inside code.
 *
 * @param text - Any text.
 * @returns The code span, backticks included.
 */
export function inlineCode(text: string): string {
  const flat = withoutControls(text).replace(/\r\n|\r|\n|\t/g, ' ');
  const ticks = '`'.repeat(longestBacktickRun(flat) + 1);
  const padded = flat.startsWith('`') || flat.endsWith('`') ? ` ${flat} ` : flat;
  return `${ticks}${padded}${ticks}`;
}

/**
 * A fenced code block of any text (log lines): the fence is longer than any backtick run inside, so no line of
 * the text closes it; every line is indented by `indent` (to sit inside a list item).
 *
 * @param text - The lines.
 * @param indent - Put before every line, fences included.
 * @returns The block, without a final newline.
 */
export function codeBlock(text: string, indent = ''): string {
  const clean = withoutControls(text);
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(clean) + 1));
  return [fence, ...clean.split(/\r\n|\r|\n/), fence].map((line) => `${indent}${line}`).join('\n');
}

/**
 * A label for a Mermaid chart (in double quotes): letters, digits, spaces and `_ . : , / ( ) + = % -` are kept,
 * anything else becomes `_`, and it is cut to 80 characters, so no label ends its quotes, its line or the block.
 *
 * @param text - Any text.
 * @returns The label, without its quotes.
 */
export function mermaidLabel(text: string): string {
  const safe = text.replace(/[^\p{L}\p{N} _.:,/()+=%-]/gu, '_');
  return safe.length <= MERMAID_LABEL_LENGTH ? safe : `${safe.slice(0, MERMAID_LABEL_LENGTH - 1)}…`;
}

/**
 * Puts a zero-width joiner where GitHub would link: after `@` (mentions, e-mail addresses), after `#` before a
 * digit (issue references), inside `scheme://` and `www.` (auto-links).
 *
 * @param text - Text already escaped for Markdown.
 * @returns The same text, unlinkable.
 */
export function neutraliseLinks(text: string): string {
  return text
    .replace(/@(?=[\p{L}\p{N}_-])/gu, `@${ZERO_WIDTH_JOINER}`)
    .replace(/#(?=\d)/g, `#${ZERO_WIDTH_JOINER}`)
    .replace(/([a-z][a-z0-9+.-]*)(?=:\/\/)/gi, (scheme) => `${scheme}${ZERO_WIDTH_JOINER}`)
    .replace(/\bwww\./gi, (www) => `${www.slice(0, 3)}${ZERO_WIDTH_JOINER}.`)
    .replace(/\b(mailto|xmpp):/gi, (scheme) => `${scheme.slice(0, -1)}${ZERO_WIDTH_JOINER}:`);
}

function withoutControls(text: string): string {
  return text.replace(CONTROL, '\ufffd');
}

function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const match of text.matchAll(/`+/g)) longest = Math.max(longest, match[0].length);
  return longest;
}
