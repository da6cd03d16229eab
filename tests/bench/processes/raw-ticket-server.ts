/**
 * Baseline for public-tickets-throughput: a bare node:http server that does the least a
 * public ticket endpoint must — refuse a request without an Origin, parse the same JSON
 * body, check its fields are strings, write one row into SQLite (better-sqlite3, WAL,
 * synchronous=NORMAL as Plaza's SQLite runs) and answer 201 with an id and a token. No
 * tenant lookup, no rate limits, no schema library, no framework.
 * Prints `listening <url>`; its database lives in the directory RAW_TICKETS_DIR names.
 */
import Database from 'better-sqlite3';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const database = new Database(path.join(process.env.RAW_TICKETS_DIR ?? '.', 'raw-tickets.db'));
database.pragma('journal_mode = WAL');
database.pragma('synchronous = NORMAL');
database.exec('CREATE TABLE IF NOT EXISTS tickets (id TEXT PRIMARY KEY, tenant TEXT, name TEXT, email TEXT, subject TEXT, description TEXT, created_at INTEGER)');
const insert = database.prepare('INSERT INTO tickets VALUES (?, ?, ?, ?, ?, ?, ?)');
const FIELDS = ['tenant', 'name', 'email', 'subject', 'description'] as const;

function answer(response: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

function handle(request: IncomingMessage, response: ServerResponse, raw: string): void {
  if (request.method !== 'POST' || request.url !== '/v1/public/tickets') return answer(response, 404, { code: 'not_found' });
  if (!request.headers.origin) return answer(response, 403, { code: 'forbidden' });
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return answer(response, 400, { code: 'bad_request' });
  }
  if (FIELDS.some((field) => typeof body[field] !== 'string')) return answer(response, 400, { code: 'bad_request' });
  const id = randomUUID();
  insert.run(id, body.tenant, body.name, body.email, body.subject, body.description, Date.now());
  answer(response, 201, { id, accessToken: randomBytes(32).toString('base64url') });
}

const server = createServer((request, response) => {
  let raw = '';
  request.setEncoding('utf8');
  request.on('data', (chunk: string) => (raw += chunk));
  request.on('end', () => handle(request, response, raw));
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
