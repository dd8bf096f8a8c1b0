/**
 * Turns one segment of raw output into the text a person reads on a terminal: ANSI escape sequences (colours,
 * cursor moves, window titles) removed, and the octal escapes that CloudWatch (through rsyslog) writes for control
 * characters turned back: `#011` is a tab, `#033` an escape (whose sequence is then removed).
 */

/**
 * ANSI sequences: CSI (`ESC [` parameters, intermediates, final byte), OSC (`ESC ]` … BEL or `ESC \`), and the
 * two- and three-byte escapes (`ESC (B`, `ESC =`). Each alternative scans a run of one character class, so the
 * cost is linear in the text.
 */
const ANSI_SEQUENCE = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[ -/]*[0-~])/g;
/** A sequence cut off at the end of a bounded segment, or a lone escape. */
const TRUNCATED_SEQUENCE = /\x1b(?:\[[0-?]*[ -/]*|[ -/]*)?$/;
/** CloudWatch's spelling of an escape character. */
const ESCAPE_OCTAL = /#033/g;
/** CloudWatch's spelling of a tab. */
const TAB_OCTAL = /#011/g;

/**
 * Cleans one segment of output (a line, or one carriage-return-separated part of it).
 *
 * @param text - Raw output text without line terminators.
 * @returns The text without escape sequences and with `#011` as tabs.
 */
export function cleanOutputText(text: string): string {
  let out = text;
  if (out.includes('#0')) out = out.replace(ESCAPE_OCTAL, '\x1b');
  if (out.includes('\x1b')) out = out.replace(ANSI_SEQUENCE, '').replace(TRUNCATED_SEQUENCE, '');
  if (out.includes('#011')) out = out.replace(TAB_OCTAL, '\t');
  return out;
}
