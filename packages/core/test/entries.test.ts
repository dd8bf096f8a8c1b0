/**
 * The package's entries, as a user sees them: the main entry stays small (a library user's API), no entry
 * exports what its own file marks `@internal`, every subpath resolves from source and from dist the same way, and
 * the README's code imports only the main entry.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import tsupConfig from '../tsup.config.ts';

const MAIN_ENTRY_LIMIT = 60;
const root = new URL('../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const manifest = JSON.parse(read('package.json')) as {
  exports: Record<string, Record<string, string>>;
};
const entries = Object.entries(manifest.exports);

/** The names each entry exports (types included), and those whose declaration is tagged `@internal`. */
function exportedNames(): Map<string, { names: string[]; internal: string[] }> {
  const files = entries.map(([, conditions]) => fileURLToPath(new URL(conditions['@tunekit/source']!, root)));
  const program = ts.createProgram(files, {
    allowImportingTsExtensions: true,
    noEmit: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    types: [],
    resolveJsonModule: true,
  });
  const checker = program.getTypeChecker();
  const result = new Map<string, { names: string[]; internal: string[] }>();
  entries.forEach(([subpath], index) => {
    const source = program.getSourceFile(files[index]!)!;
    const moduleSymbol = checker.getSymbolAtLocation(source)!;
    const symbols = checker.getExportsOfModule(moduleSymbol);
    const internal = symbols.filter((symbol) => {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      return target.getJsDocTags(checker).some((tag) => tag.name === 'internal');
    });
    result.set(subpath, {
      names: symbols.map((symbol) => symbol.name).sort(),
      internal: internal.map((symbol) => symbol.name),
    });
  });
  return result;
}

describe('the entries of @tunekit/core', () => {
  const exported = exportedNames();

  it(`keeps the main entry to at most ${MAIN_ENTRY_LIMIT} names, types included`, () => {
    const main = exported.get('.')!.names;
    expect(main.length).toBeGreaterThan(0);
    expect(main.length).toBeLessThanOrEqual(MAIN_ENTRY_LIMIT);
    // The contract of the worker and the internals live on their subpaths only.
    for (const name of [
      'scoreCandidates',
      'createLocalEvaluator',
      'fitGaussianProcess',
      'createSobolSequence',
    ]) {
      expect(main).not.toContain(name);
    }
  });

  it('exports nothing marked @internal from any entry', () => {
    for (const [subpath, { internal }] of exported)
      expect({ subpath, internal }).toEqual({ subpath, internal: [] });
  });

  it('gives every subpath its source first, then types and code from the tsup entry of the same name', () => {
    const tsupEntries = (tsupConfig as { entry: Record<string, string> }).entry;
    expect(Object.keys(tsupEntries).sort()).toEqual(
      entries.map(([subpath]) => (subpath === '.' ? 'index' : subpath.slice(2))).sort(),
    );
    for (const [subpath, conditions] of entries) {
      const name = subpath === '.' ? 'index' : subpath.slice(2);
      expect(Object.keys(conditions)).toEqual(['@tunekit/source', 'types', 'default']);
      expect(`./${tsupEntries[name]}`).toBe(conditions['@tunekit/source']);
      expect(existsSync(new URL(conditions['@tunekit/source']!, root))).toBe(true);
      expect(conditions.types).toBe(`./dist/${name}.d.ts`);
      expect(conditions.default).toBe(`./dist/${name}.js`);
    }
  });

  it("shows the main entry only in the README's code", () => {
    const imports = [...read('README.md').matchAll(/from '(@tunekit\/[^']+)'/g)].map((match) => match[1]);
    expect(imports.length).toBeGreaterThan(0);
    expect(new Set(imports)).toEqual(new Set(['@tunekit/core']));
  });
});
