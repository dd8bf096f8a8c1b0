/**
 * Splits one output stream's text chunks into lines, so that stdout and stderr, read side by side, interleave
 * line by line (never in the middle of a line) in the log and the metric parser. A line longer than
 * {@link MAX_PENDING_CHARS} without a newline (a progress bar redrawn with `\r`) is passed on in pieces, so memory
 * stays bounded.
 */

/** Characters held back while waiting for the end of a line. */
export const MAX_PENDING_CHARS = 64 * 1024;

/**
 * Receives text: a whole line with its `\n` (the stream's last line gets one), or a piece of
 * an over-long line (`complete` false).
 */
export type LineSink = (text: string, complete: boolean) => void;

/** Splits decoded text into lines. */
export class LineSplitter {
  private pending = '';

  constructor(private readonly sink: LineSink) {}

  /**
   * Takes a chunk of text.
   *
   * @param chunk - Decoded text, split anywhere.
   */
  push(chunk: string): void {
    const joined = this.pending + chunk;
    let start = 0;
    let newline = joined.indexOf('\n');
    while (newline !== -1) {
      this.sink(joined.slice(start, newline + 1), true);
      start = newline + 1;
      newline = joined.indexOf('\n', start);
    }
    let text = joined.slice(start);
    while (text.length > MAX_PENDING_CHARS) {
      this.sink(text.slice(0, MAX_PENDING_CHARS), false);
      text = text.slice(MAX_PENDING_CHARS);
    }
    this.pending = text;
  }

  /**
   * Passes on what is left: a last line without a newline, given one. The other stream may still have lines
   * to deliver (two pipes are read in no fixed order), and without the newline the first of them would join
   * this line in the log and in the shared metric parser: `loss=1.5` then `to stderr` read as `1.5to stderr`,
   * which a loaded CI run once turned into a failed trial.
   */
  end(): void {
    if (this.pending !== '') this.sink(`${this.pending}\n`, true);
    this.pending = '';
  }
}
