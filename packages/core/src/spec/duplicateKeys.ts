/**
 * @internal Keys written twice in the same mapping of a tuning file, found in one pass over the document.
 *
 * JSON.parse keeps the last of two equal keys without a word (`maxTrials: 5` then `maxTrials: 10000` gives
 * 10000), and the `yaml` package's own check (`uniqueKeys`) compares every key of a mapping with every other
 * (40,000 keys took 14.6 s). Both are replaced by a walk that keeps a `Set` a mapping: linear in the document.
 */
import { isMap, isScalar, isSeq, type LineCounter, type Document as YamlDocument } from 'yaml';
import type { Issue } from '../errors.ts';
import type { Path } from './reader.ts';

/** A 1-based line and column. */
interface Position {
  readonly line: number;
  readonly column: number;
}

function duplicateIssue(path: Path, first: Position, again: Position): Issue {
  return {
    code: 'file.duplicateKey',
    path: [...path],
    message: `is written twice in the same mapping, at line ${first.line}, column ${first.column} and at line ${again.line}, column ${again.column}: keep one`,
  };
}

/**
 * The keys written twice in the mappings of a parsed YAML document (aliases are not followed: their target is
 * checked where it is written).
 *
 * @param document - A document parsed with `uniqueKeys: false`.
 * @param lineCounter - The line counter given to the parser.
 * @returns One issue a repeated key, at its path, naming both places.
 */
export function yamlDuplicateKeys(document: YamlDocument, lineCounter: LineCounter): Issue[] {
  const found: { readonly offset: number; readonly issue: Issue }[] = [];
  const position = (offset: number | undefined): Position => {
    const { line, col } = lineCounter.linePos(offset ?? 0);
    return { line, column: col };
  };
  // Depth-first with an explicit stack: a deeply nested document cannot overflow the call stack here.
  const stack: { node: unknown; path: Path }[] = [{ node: document.contents, path: [] }];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const { node, path } = top;
    if (isMap(node)) {
      const seen = new Map<string, number | undefined>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const offset = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
        if (seen.has(key)) {
          const issue = duplicateIssue([...path, key], position(seen.get(key)), position(offset));
          found.push({ offset: offset ?? 0, issue });
        } else seen.set(key, offset);
        if (isMap(pair.value) || isSeq(pair.value)) stack.push({ node: pair.value, path: [...path, key] });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        if (isMap(item) || isSeq(item)) stack.push({ node: item, path: [...path, index] });
      });
    }
  }
  // In the order of the file, as the walk visits mappings last-in first-out.
  return found.sort((a, b) => a.offset - b.offset).map(({ issue }) => issue);
}

type Frame =
  | {
      readonly kind: 'object';
      readonly keys: Map<string, number>;
      key: string | undefined;
      expectingKey: boolean;
    }
  | { readonly kind: 'array'; index: number };

/**
 * The keys written twice in the objects of a JSON text that `JSON.parse` accepted.
 *
 * @param text - Valid JSON.
 * @returns One issue a repeated key, at its path, naming both places, in the order of the text.
 */
export function jsonDuplicateKeys(text: string): Issue[] {
  const issues: Issue[] = [];
  const lineStarts = [0];
  for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1))
    lineStarts.push(index + 1);
  const position = (offset: number): Position => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (lineStarts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - lineStarts[low]! + 1 };
  };
  const stack: Frame[] = [];
  const pathOf = (): Path => stack.map((frame) => (frame.kind === 'array' ? frame.index : (frame.key ?? '')));
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    const top = stack[stack.length - 1];
    if (char === '{' || char === '[') {
      stack.push(
        char === '{'
          ? { kind: 'object', keys: new Map(), key: undefined, expectingKey: true }
          : { kind: 'array', index: 0 },
      );
      index += 1;
    } else if (char === '}' || char === ']') {
      stack.pop();
      index += 1;
    } else if (char === ',') {
      if (top?.kind === 'array') top.index += 1;
      else if (top?.kind === 'object') top.expectingKey = true;
      index += 1;
    } else if (char === '"') {
      let end = index + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (top?.kind === 'object' && top.expectingKey) {
        const literal = text.slice(index, end + 1);
        const key = literal.includes('\\') ? (JSON.parse(literal) as string) : literal.slice(1, -1);
        const first = top.keys.get(key);
        if (first === undefined) top.keys.set(key, index);
        else issues.push(duplicateIssue([...pathOf().slice(0, -1), key], position(first), position(index)));
        top.key = key;
        top.expectingKey = false;
      }
      index = end + 1;
    } else {
      index += 1;
    }
  }
  return issues;
}
