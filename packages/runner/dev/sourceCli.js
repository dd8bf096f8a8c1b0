// The `tunekit` of a checkout: runs the TypeScript sources through tsx (a devDependency). Not shipped: the package's
// `files` leave dev/ out, and an installed bin/tunekit.js runs dist/cli.js instead.
import { register as registerHooks } from 'node:module';
import { register } from 'tsx/esm/api';

register();
// Resolve workspace packages to their sources (the `@tunekit/source` export condition), in this process:
// NODE_OPTIONS set now would only reach child processes. Registered after tsx, so it runs before it.
const sourceCondition = `export async function resolve(specifier, context, nextResolve) {
  const conditions = context.conditions.includes('@tunekit/source') ? context.conditions : ['@tunekit/source', ...context.conditions];
  return nextResolve(specifier, { ...context, conditions });
}`;
registerHooks(`data:text/javascript,${encodeURIComponent(sourceCondition)}`);
await import(new URL('../src/cli.ts', import.meta.url).href);
