#!/usr/bin/env node
// Runs the built CLI when present, otherwise the TypeScript sources through tsx (development checkout).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/cli.js', import.meta.url);
if (existsSync(fileURLToPath(built))) {
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --conditions=@tunekit/source`.trim();
  await import(new URL('../src/cli.ts', import.meta.url).href);
}
