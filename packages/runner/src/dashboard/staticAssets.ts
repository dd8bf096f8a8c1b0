/**
 * The built page, served from `@tunekit/dashboard`'s `dist/app` (its `appDir`): files by path with their content type, Vite's
 * hashed `assets/` cached for a year and everything else revalidated, and every other path that is not a file
 * answered with `index.html` (the page routes itself: `/jobs/<name>` is the page, not a file). A path segment
 * that is `.` or `..` or decodes to a slash, a backslash or a NUL is refused before it reaches the file system.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** An answer for a page path. */
export type AssetAnswer =
  | {
      readonly status: 200;
      readonly body: Buffer;
      readonly contentType: string;
      readonly cacheControl: string;
    }
  | { readonly status: 404 | 503; readonly text: string };

/**
 * Answers a page path.
 *
 * @param distDir - The built page's folder.
 * @param rawPath - The request's path as sent (percent-encoded, without the query).
 * @returns The file, `index.html` for a path that is no file, 404 for a refused path, 503 when not built.
 */
export function assetAnswer(distDir: string, rawPath: string): AssetAnswer {
  const segments = safeSegments(rawPath);
  if (segments === undefined) return { status: 404, text: 'not found' };
  const index = join(distDir, 'index.html');
  if (!existsSync(index)) {
    return {
      status: 503,
      text:
        `the dashboard's page is not built (no ${index}): run \`pnpm build\` in the repository ` +
        '(the JSON API under /api/ works without it)',
    };
  }
  const path = join(distDir, ...segments);
  if (segments.length > 0 && path.startsWith(distDir + sep) && isFile(path)) {
    const immutable = segments[0] === 'assets';
    return {
      status: 200,
      body: readFileSync(path),
      contentType: CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
      cacheControl: immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    };
  }
  // A missing asset is an error; any other path is a page of the app.
  if (segments[0] === 'assets' || extname(segments.at(-1) ?? '') !== '')
    return { status: 404, text: 'not found' };
  return {
    status: 200,
    body: readFileSync(index),
    contentType: CONTENT_TYPES['.html']!,
    cacheControl: 'no-cache',
  };
}

/**
 * Splits a raw path into decoded segments, refusing what could leave the folder.
 *
 * @param rawPath - `/a/b%20c`.
 * @returns The segments, or undefined when one is `.`, `..`, badly encoded, or holds `/`, `\` or NUL.
 */
export function safeSegments(rawPath: string): string[] | undefined {
  const segments: string[] = [];
  for (const raw of rawPath.split('/').slice(1)) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (segment === '.' || segment === '..' || /[/\\\0]/.test(segment)) return undefined;
    if (segment !== '') segments.push(segment);
  }
  return segments;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
