#!/usr/bin/env node
// In a checkout of the repository (src/ is there) runs the TypeScript sources, so that a `dist` left by an earlier
// build never runs in their place; an installed package has no src/ and runs its build.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const checkout = existsSync(fileURLToPath(new URL('../src/cli.ts', import.meta.url)));
await import(checkout ? '../dev/sourceCli.js' : '../dist/cli.js');
