import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { PlazaError } from '@plaza/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

interface Asset {
  body: Buffer;
  gzip: Buffer | undefined;
  etag: string;
  type: string;
  mtimeMs: number;
}

export interface StaticOptions {
  prefix: string;
  root: string;
  /** Cache-Control for a file: hashed chunks live long, entry points revalidate. */
  cacheControl(file: string): string;
  /** Adds `Access-Control-Allow-Origin: *` (public code). */
  publicCors?: boolean;
  /** Extra headers, e.g. a Content-Security-Policy for example pages. */
  headers?: Record<string, string>;
}

/**
 * Resolves a route's wildcard inside `root`, refusing anything that would leave it. The
 * wildcard arrives already percent-decoded by the router: decoding it again would turn
 * `%252e%252e%252f` into `../` and put a literal `%` out of reach.
 */
function resolveInside(root: string, decoded: string): string {
  if (decoded.includes('\0')) throw new PlazaError('bad_request', 'malformed path');
  const file = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  if (file !== root && !file.startsWith(root + path.sep)) throw new PlazaError('not_found', 'no such file');
  return file;
}

/**
 * Serves a folder of built files with ETags and gzip, holding each file in memory once
 * read (the bundles are small and read on every page view).
 */
export function serveStatic(app: FastifyInstance, options: StaticOptions): void {
  const root = path.resolve(options.root);
  const cache = new Map<string, Asset>();

  async function load(file: string): Promise<Asset> {
    let info;
    try {
      info = await stat(file);
    } catch {
      throw new PlazaError('not_found', 'no such file');
    }
    if (info.isDirectory()) return load(path.join(file, 'index.html'));
    const cached = cache.get(file);
    if (cached && cached.mtimeMs === info.mtimeMs) return cached;
    const body = await readFile(file);
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    const compressible = /javascript|css|html|json|svg/.test(type) && body.length > 1024;
    const asset: Asset = {
      body,
      gzip: compressible ? gzipSync(body) : undefined,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
      type,
      mtimeMs: info.mtimeMs,
    };
    cache.set(file, asset);
    return asset;
  }

  async function handler(request: FastifyRequest<{ Params: { '*': string } }>, reply: FastifyReply) {
    const file = resolveInside(root, request.params['*'] ?? '');
    const asset = await load(file);
    if (options.publicCors) void reply.header('access-control-allow-origin', '*');
    for (const [name, value] of Object.entries(options.headers ?? {})) void reply.header(name, value);
    void reply.header('cache-control', options.cacheControl(path.basename(file))).header('etag', asset.etag).header('vary', 'accept-encoding');
    if (request.headers['if-none-match'] === asset.etag) return reply.status(304).send();
    void reply.type(asset.type);
    if (asset.gzip && /\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) {
      return reply.header('content-encoding', 'gzip').send(asset.gzip);
    }
    return reply.send(asset.body);
  }

  app.get(`${options.prefix}*`, { schema: { hide: true } }, handler);
}
