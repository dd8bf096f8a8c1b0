/** The README's code is the examples' code, which the tests run: it cannot drift from what works. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

describe('README', () => {
  it.each(['askTellLoop.ts', 'specInCode.ts'])('shows src/examples/%s verbatim', (file) => {
    const code = read(`../src/examples/${file}`).trimEnd();
    expect(read('../README.md')).toContain(`\`\`\`ts\n${code}\n\`\`\``);
  });
});
