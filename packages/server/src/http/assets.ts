import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { serveStatic } from './static-files.js';

/** The server package's root, from src/http or dist/http alike. */
export const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
/** Where rollup writes the script-tag bundle (`npm run build:bundle`). */
export const sdkDir = fileURLToPath(new URL('../../public/sdk/', import.meta.url));
/** The example host apps, served in demo mode. */
export const examplesDir = fileURLToPath(new URL('../../../../examples/', import.meta.url));

const ENTRY_POINTS = new Set(['plaza.js', 'ticket-form.js']);

/** The strict policy the examples run under, to prove embedding needs no unsafe-inline. */
export const EXAMPLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; frame-ancestors 'self'";

/**
 * `/sdk/…`: public code for script-tag embedding. Entry points keep stable names and
 * revalidate; every other file has a content hash in its name and is cached for a year.
 */
export function publicAssetRoutes(app: FastifyInstance): void {
  serveStatic(app, {
    prefix: '/sdk/',
    root: sdkDir,
    publicCors: true,
    cacheControl: (file) => (ENTRY_POINTS.has(file) ? 'public, max-age=300, must-revalidate' : 'public, max-age=31536000, immutable'),
  });
}

export function exampleRoutes(app: FastifyInstance): void {
  if (!existsSync(examplesDir)) return;
  serveStatic(app, {
    prefix: '/examples/',
    root: examplesDir,
    cacheControl: () => 'no-cache',
    headers: { 'content-security-policy': EXAMPLE_CSP, 'x-content-type-options': 'nosniff' },
  });
}
