/**
 * A small reader of JavaScript regex syntax (without the `u` flag, as metric regexes are compiled), enough to
 * find nested quantifiers, features only a backtracking engine runs, and the literal text a match must contain.
 * It never throws: syntax it does not know reads as a character set, which can only make the analyses that use it
 * more cautious (fewer literals, never a missed quantifier).
 *
 * @internal
 */

/** One piece of a regex. `at` is its 0-based offset in the source. */
export type RegexNode =
  | { readonly type: 'literal'; readonly at: number; readonly char: string }
  | { readonly type: 'set'; readonly at: number }
  | { readonly type: 'assertion'; readonly at: number }
  | { readonly type: 'backreference'; readonly at: number }
  | {
      readonly type: 'group';
      readonly at: number;
      readonly capturing: boolean;
      /** Lookahead or lookbehind: matches no text. */
      readonly lookaround: boolean;
      readonly alternatives: readonly (readonly RegexNode[])[];
    }
  | {
      readonly type: 'repeat';
      readonly at: number;
      readonly min: number;
      readonly max: number;
      readonly node: RegexNode;
    };

const ESCAPED_CHARS: Readonly<Record<string, string>> = {
  t: '\t',
  n: '\n',
  r: '\r',
  f: '\f',
  v: '\v',
  '0': '\0',
};
const QUANTIFIER_BRACES = /^\{(\d+)(,(\d*))?\}/;

/** Reads regex source into a tree of alternatives (the top level is one group without capture). */
export function parseRegexSyntax(source: string): readonly (readonly RegexNode[])[] {
  let index = 0;

  function readEscape(at: number): RegexNode {
    const next = source[index] ?? '\\';
    index += 1;
    if ('dDwWsS'.includes(next)) return { type: 'set', at };
    if ('bB'.includes(next)) return { type: 'assertion', at };
    if (/[1-9]/.test(next)) {
      while (/[0-9]/.test(source[index] ?? '')) index += 1;
      return { type: 'backreference', at };
    }
    if (next === 'k' && source[index] === '<') {
      const close = source.indexOf('>', index);
      if (close !== -1) {
        index = close + 1;
        return { type: 'backreference', at };
      }
    }
    const hex =
      next === 'x'
        ? /^[0-9a-fA-F]{2}/.exec(source.slice(index))
        : next === 'u'
          ? /^[0-9a-fA-F]{4}/.exec(source.slice(index))
          : null;
    if (hex !== null) {
      index += hex[0].length;
      return { type: 'literal', at, char: String.fromCharCode(Number.parseInt(hex[0], 16)) };
    }
    if (next === 'c' && /[a-zA-Z]/.test(source[index] ?? '')) {
      index += 1;
      return { type: 'set', at };
    }
    return { type: 'literal', at, char: ESCAPED_CHARS[next] ?? next };
  }

  function skipClass(): void {
    // At the character after '['. JavaScript allows ']' first only as the empty class '[]' (or '[^]').
    if (source[index] === '^') index += 1;
    while (index < source.length && source[index] !== ']') index += source[index] === '\\' ? 2 : 1;
    index += 1;
  }

  function readQuantifier(): { min: number; max: number } | undefined {
    const char = source[index];
    let quantifier: { min: number; max: number } | undefined;
    if (char === '*') quantifier = { min: 0, max: Number.POSITIVE_INFINITY };
    else if (char === '+') quantifier = { min: 1, max: Number.POSITIVE_INFINITY };
    else if (char === '?') quantifier = { min: 0, max: 1 };
    if (quantifier !== undefined) index += 1;
    else if (char === '{') {
      const braces = QUANTIFIER_BRACES.exec(source.slice(index, index + 24));
      if (braces === null) return undefined;
      const min = Number(braces[1]);
      const max =
        braces[2] === undefined ? min : braces[3] === '' ? Number.POSITIVE_INFINITY : Number(braces[3]);
      quantifier = { min, max };
      index += braces[0].length;
    }
    if (quantifier !== undefined && source[index] === '?') index += 1;
    return quantifier;
  }

  function readAlternatives(): RegexNode[][] {
    const alternatives: RegexNode[][] = [[]];
    while (index < source.length) {
      const at = index;
      const char = source[index]!;
      if (char === ')') return alternatives;
      index += 1;
      let node: RegexNode;
      if (char === '|') {
        alternatives.push([]);
        continue;
      } else if (char === '\\') node = readEscape(at);
      else if (char === '[') {
        skipClass();
        node = { type: 'set', at };
      } else if (char === '.') node = { type: 'set', at };
      else if (char === '^' || char === '$') node = { type: 'assertion', at };
      else if (char === '(') {
        let capturing = true;
        let lookaround = false;
        if (source[index] === '?') {
          const head = source.slice(index, index + 3);
          if (head.startsWith('?:')) {
            capturing = false;
            index += 2;
          } else if (/^\?(?:[=!]|<[=!])/.test(head)) {
            capturing = false;
            lookaround = true;
            index += head[1] === '<' ? 3 : 2;
          } else if (head.startsWith('?<')) {
            const close = source.indexOf('>', index);
            index = close === -1 ? index + 2 : close + 1;
          }
        }
        const alternatives = readAlternatives();
        index += 1; // ')'
        node = { type: 'group', at, capturing, lookaround, alternatives };
      } else node = { type: 'literal', at, char };
      const quantifier = readQuantifier();
      const sequence = alternatives[alternatives.length - 1]!;
      sequence.push(quantifier === undefined ? node : { type: 'repeat', at: node.at, ...quantifier, node });
    }
    return alternatives;
  }

  const top: RegexNode[][] = [];
  // A stray ')' ends readAlternatives early; go on after it so the whole source is read.
  while (index < source.length || top.length === 0) {
    top.push(...readAlternatives());
    index += 1;
  }
  return top;
}
