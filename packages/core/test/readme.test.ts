/**
 * The README's code is the examples' code, which the tests run and tsc typechecks: it cannot drift from what
 * works, nor omit a field the types require (a typed consumer copying it must build).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const examples = readdirSync(new URL('../src/examples/', import.meta.url)).filter(
  (file) => file.endsWith('.ts') && !file.endsWith('.test.ts'),
);

describe('README', () => {
  it.each(examples)('shows src/examples/%s verbatim', (file) => {
    const code = read(`../src/examples/${file}`).trimEnd();
    expect(read('../README.md')).toContain(`\`\`\`ts\n${code}\n\`\`\``);
  });

  it('has no TypeScript block that is not one of the examples', () => {
    const blocks = [...read('../README.md').matchAll(/```ts\n([\s\S]*?)\n```/g)].map((match) => match[1]);
    const codes = examples.map((file) => read(`../src/examples/${file}`).trimEnd());
    expect(blocks.filter((block) => !codes.includes(block!))).toEqual([]);
    expect(blocks).toHaveLength(examples.length);
  });
});
