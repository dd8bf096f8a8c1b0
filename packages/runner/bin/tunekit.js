#!/usr/bin/env node
// Runs the TypeScript sources through tsx in a checkout of the repository (where src/ is), so that a `dist` left
// by an earlier build is never run in its place; an installed package has no src/ and runs the build.
import { existsSync } from 'node:fs';
import { register as registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';

const source = new URL('../src/cli.ts', import.meta.url);
if (!existsSync(fileURLToPath(source))) {
  await import(new URL('../dist/cli.js', import.meta.url).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  // Resolve workspace packages to their sources (the `@tunekit/source` export condition), in this process:
  // NODE_OPTIONS set now would only reach child processes. Registered after tsx, so it runs before it.
  const sourceCondition = `export async function resolve(specifier, context, nextResolve) {
    const conditions = context.conditions.includes('@tunekit/source') ? context.conditions : ['@tunekit/source', ...context.conditions];
    return nextResolve(specifier, { ...context, conditions });
  }`;
  registerHooks(`data:text/javascript,${encodeURIComponent(sourceCondition)}`);
  await import(source.href);
}
