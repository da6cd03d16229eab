import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FileInfo } from '@plaza/protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { UsersTable } from '../org/tables.js';
import { signHs256, startTestServer, availableDialects, type TestServer } from '../test-support/index.js';
import { manualClock } from '../test-support/clock.js';
import { linkFile, registerFileAccess, unlinkFile } from './access.js';
import { encryptedSize } from './crypto.js';

const dialects = await availableDialects();

/** A PNG signature and IHDR chunk, then an IDAT chunk of random bytes: sniffed as image/png. */
function pngBytes(total: number): Buffer {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const ihdr = Buffer.concat([Buffer.from([0, 0, 0, 13]), Buffer.from('IHDR'), randomBytes(13), randomBytes(4)]);
  const dataLength = total - signature.length - ihdr.length - 8;
  const idat = Buffer.concat([Buffer.alloc(4), Buffer.from('IDAT'), randomBytes(dataLength)]);
  idat.writeUInt32BE(dataLength - 4, 0);
  return Buffer.concat([signature, ihdr, idat]);
}


// Grants for the 'test-grant' kind: `${objectId}:${internal user id}`.
const grants = new Set<string>();
const unregister = registerFileAccess('test-grant', async (_ctx, _tenantId, objectId, user) => grants.has(`${objectId}:${user.id}`));
afterAll(() => unregister());

describe.each(dialects)('files on %s', (dialect) => {
  let t: TestServer;
  const clock = manualClock();
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    t = await startTestServer({ dialect, clock });
    alice = await t.signUserToken({ sub: 'alice', name: 'Alice' });
    bob = await t.signUserToken({ sub: 'bob', name: 'Bob' });
  });
  afterAll(async () => {
    await t?.close();
  });

  async function upload(token: string, bytes: Buffer, name: string, clientType = 'application/octet-stream'): Promise<Response> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type: clientType }), name);
    return fetch(`${t.url}/v1/files`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  }

  async function uploaded(token: string, bytes: Buffer, name: string): Promise<FileInfo> {
    const response = await upload(token, bytes, name);
    expect(response.status).toBe(201);
    return (await response.json()) as FileInfo;
  }

  function tenantDir(tenantId = t.tenantId): string {
    return path.join(t.config.dataDir, 'files', tenantId);
  }

  function entriesOnDisk(): string[] {
    return existsSync(tenantDir()) ? readdirSync(tenantDir()).sort() : [];
  }

  async function rowsInDb(): Promise<number> {
    return (await t.server.ctx.storage.db.selectFrom('files').select('id').where('tenant_id', '=', t.tenantId).execute()).length;
  }

  async function userRow(hostId: string): Promise<UsersTable> {
    return (await t.server.ctx.users.ensure(t.tenantId, [hostId])).get(hostId)!;
  }

  async function getInfo(token: string, id: string): Promise<{ statusCode: number; json(): unknown }> {
    const response = await fetch(`${t.url}/v1/files/${id}`, { headers: { authorization: `Bearer ${token}` } });
    const body: unknown = await response.json();
    return { statusCode: response.status, json: () => body };
  }

  /** A FileInfo URL (a path under the server's URL) resolved as the SDK does. */
  function at(url: string): string {
    return new URL(url, t.url).toString();
  }

  function withQuery(url: string, change: Record<string, string>): string {
    const u = new URL(at(url));
    for (const [k, v] of Object.entries(change)) u.searchParams.set(k, v);
    return u.toString();
  }

  it('answers an upload with its FileInfo and gives the same bytes back on download', async () => {
    const bytes = pngBytes(1024 * 1024 + 123);
    const info = await uploaded(alice, bytes, 'holiday.png');
    expect(info).toMatchObject({ name: 'holiday.png', size: bytes.length, type: 'image/png', uploadedBy: 'alice' });
    expect(Date.parse(info.urlExpiresAt) - clock.now()).toBeLessThanOrEqual(5 * 60 * 1000);
    expect(Date.parse(info.urlExpiresAt) - clock.now()).toBeGreaterThan(4 * 60 * 1000);

    const download = await fetch(at(info.url));
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(download.headers.get('content-length')).toBe(String(bytes.length));
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-security-policy')).toBe('sandbox');
    expect(download.headers.get('content-disposition')).toBe(`inline; filename="holiday.png"; filename*=UTF-8''holiday.png`);
  });

  it('keeps only ciphertext on disk, under the file id and never the file name', async () => {
    const bytes = pngBytes(300_000);
    const info = await uploaded(alice, bytes, '../../escape.png');
    expect(info.name).toBe('escape.png');
    const stored = readFileSync(path.join(tenantDir(), info.id));
    expect(stored.length).toBe(encryptedSize({ size: bytes.length, chunkSize: 64 * 1024 }));
    for (const offset of [1000, 70_000, 299_000]) {
      expect(stored.includes(bytes.subarray(offset, offset + 64))).toBe(false);
    }
    expect(entriesOnDisk().some((name) => name.includes('escape'))).toBe(false);
  });

  it('answers a range request with 206 and exactly those bytes', async () => {
    const bytes = pngBytes(400_000);
    const info = await uploaded(alice, bytes, 'range.png');
    const response = await fetch(at(info.url), { headers: { range: 'bytes=65530-200009' } });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes 65530-200009/${bytes.length}`);
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes.subarray(65530, 200010))).toBe(true);

    const tail = await fetch(at(info.url), { headers: { range: 'bytes=-7' } });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(bytes.length - 7))).toBe(true);
  });

  it('answers a range past the end with 416 and the file size', async () => {
    const info = await uploaded(alice, pngBytes(5000), 'small.png');
    const response = await fetch(at(info.url), { headers: { range: 'bytes=5000-' } });
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe('bytes */5000');
  });

  describe('with an upload limit of 100 000 bytes', () => {
    beforeAll(async () => {
      await t.server.ctx.tenants.patch(t.tenantId, { settings: { upload: { maxBytes: 100_000 } } });
    });
    afterAll(async () => {
      await t.server.ctx.tenants.patch(t.tenantId, { settings: { upload: { maxBytes: 100 * 1024 * 1024 } } });
    });

    it('accepts a file of exactly the limit', async () => {
      await uploaded(alice, pngBytes(100_000), 'exact.png');
    });

    it.each([
      ['a little over it, found while streaming', 100_001],
      ['far over it, refused from the declared length', 5 * 1024 * 1024],
    ])('refuses a file %s with 413 and leaves nothing on disk or in the database', async (_name, size) => {
      const before = { disk: entriesOnDisk(), rows: await rowsInDb() };
      const response = await upload(alice, pngBytes(size), 'big.png');
      expect(response.status).toBe(413);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
      expect(entriesOnDisk()).toEqual(before.disk);
      expect(await rowsInDb()).toBe(before.rows);
    });
    it('stops reading an upload of unknown length once it passes the limit', async () => {
      const boundary = 'plaza-test-boundary';
      const head = Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="endless.txt"\r\n\r\n`);
      let sent = 0;
      const endless = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new Uint8Array(head));
        },
        pull(controller) {
          if (sent >= 1024 * 1024 * 1024) return controller.close();
          sent += 64 * 1024;
          controller.enqueue(new Uint8Array(64 * 1024).fill(0x61));
        },
      });
      const response = await fetch(`${t.url}/v1/files`, {
        method: 'POST',
        headers: { authorization: `Bearer ${alice}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
        body: endless,
        duplex: 'half',
      });
      expect(response.status).toBe(413);
      expect(response.headers.get('connection')).toBe('close');
      // what the sockets buffered before the answer came; nowhere near the whole gigabyte
      expect(sent).toBeLessThan(64 * 1024 * 1024);
    });
  });

  it('refuses an executable named photo.png and sent as image/png with 415', async () => {
    // the refused gigabyte before may still be removing its partial file
    await vi.waitFor(() => expect(entriesOnDisk().filter((name) => name.endsWith('.part'))).toEqual([]));
    const before = { disk: entriesOnDisk(), rows: await rowsInDb() };
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58), randomBytes(4000)]);
    const response = await upload(alice, exe, 'photo.png', 'image/png');
    expect(response.status).toBe(415);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('unsupported_media_type');
    expect(entriesOnDisk()).toEqual(before.disk);
    expect(await rowsInDb()).toBe(before.rows);
  });

  it('stores a text file named x.png as text/plain and serves it as UTF-8 text', async () => {
    const text = 'just words, 中文 too\n'.repeat(100);
    const info = await uploaded(alice, Buffer.from(text), 'x.png');
    expect(info.type).toBe('text/plain');
    const download = await fetch(at(info.url));
    expect(download.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await download.text()).toBe(text);
  });

  it('offers a type that is not shown in place as an attachment, with the UTF-8 name', async () => {
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(26), randomBytes(2000)]);
    const response = await upload(alice, zip, "résumé (final) l'été.zip");
    expect(response.status).toBe(201);
    const info = (await response.json()) as FileInfo;
    expect(info.type).toBe('application/zip');
    const download = await fetch(at(info.url));
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename="r_sum_ (final) l'_t_.zip"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%28final%29%20l%27%C3%A9t%C3%A9.zip`,
    );
  });

  it('refuses a multipart body without a file part with 400', async () => {
    const form = new FormData();
    form.append('note', 'no file here');
    const response = await fetch(`${t.url}/v1/files`, { method: 'POST', headers: { authorization: `Bearer ${alice}` }, body: form });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('bad_request');
  });

  it('refuses an empty file with 400', async () => {
    const response = await upload(alice, Buffer.alloc(0), 'empty.txt');
    expect(response.status).toBe(400);
  });

  it('refuses an upload without a token with 401', async () => {
    const form = new FormData();
    form.append('file', new Blob(['hello']), 'a.txt');
    const response = await fetch(`${t.url}/v1/files`, { method: 'POST', body: form });
    expect(response.status).toBe(401);
  });

  it('hands out download URLs as paths under the server, whatever Host or X-Forwarded-Host the request names', async () => {
    const info = await uploaded(alice, pngBytes(2000), 'where.png');
    expect(info.url.startsWith(`/v1/files/${info.id}/content?`)).toBe(true);
    const response = await t.server.app.inject({
      method: 'GET',
      url: `/v1/files/${info.id}`,
      headers: { authorization: `Bearer ${alice}`, host: 'attacker.example', 'x-forwarded-host': 'attacker.example', 'x-forwarded-proto': 'https' },
    });
    expect(response.statusCode).toBe(200);
    const { url } = response.json<FileInfo>();
    expect(url.startsWith(`/v1/files/${info.id}/content?`)).toBe(true);
    expect(url).not.toContain('attacker');
  });

  it('gives the uploader a fresh signed URL on GET /v1/files/:id', async () => {
    const bytes = pngBytes(2000);
    const info = await uploaded(alice, bytes, 'again.png');
    clock.advance(60_000);
    const response = await getInfo(alice, info.id);
    expect(response.statusCode).toBe(200);
    const again = response.json() as FileInfo;
    expect(again).toMatchObject({ id: info.id, name: 'again.png', size: 2000, type: 'image/png', uploadedBy: 'alice', createdAt: info.createdAt });
    expect(Date.parse(again.urlExpiresAt)).toBeGreaterThan(Date.parse(info.urlExpiresAt));
    expect(Buffer.from(await (await fetch(at(again.url))).arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('refuses a signed URL once it has expired with 403', async () => {
    const info = await uploaded(alice, pngBytes(2000), 'soon-gone.png');
    clock.advance(5 * 60 * 1000 + 1000);
    const response = await fetch(at(info.url));
    expect(response.status).toBe(403);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('forbidden');
    expect(body.error.message).toMatch(/expired/);
  });

  it.each([
    ['with a later expiry', { exp: String(Math.floor(Date.now() / 1000) + 86_400) }],
    ['with another signature', { sig: randomBytes(32).toString('base64url') }],
  ])('refuses a signed URL tampered to be %s with 403', async (_name, change) => {
    const info = await uploaded(alice, pngBytes(2000), 'tamper.png');
    expect((await fetch(at(info.url))).status).toBe(200);
    const response = await fetch(withQuery(info.url, change));
    expect(response.status).toBe(403);
  });

  it('refuses a URL issued to one user when its user is changed to another who may read the file (403)', async () => {
    const info = await uploaded(alice, pngBytes(2000), 'both-may-read.png');
    const bobRow = await userRow('bob');
    grants.add(`room-3:${bobRow.id}`);
    await linkFile(t.server.ctx.storage.db, { tenantId: t.tenantId, fileId: info.id, objectKind: 'test-grant', objectId: 'room-3' });
    expect((await getInfo(bob, info.id)).statusCode).toBe(200);
    const response = await fetch(withQuery(info.url, { user: 'bob' }));
    expect(response.status).toBe(403);
  });

  it('refuses the URL of a user who has been deactivated since it was issued (403)', async () => {
    const carol = await t.signUserToken({ sub: 'carol', name: 'Carol' });
    const info = await uploaded(carol, pngBytes(2000), 'carols.png');
    expect((await fetch(at(info.url))).status).toBe(200);
    await t.server.ctx.users.setActive(t.tenantId, 'carol', false, 'test');
    expect((await fetch(at(info.url))).status).toBe(403);
  });

  it('hides a file from a user of the same tenant who may not read it (404)', async () => {
    const info = await uploaded(alice, pngBytes(2000), 'private.png');
    const response = await getInfo(bob, info.id);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: { code: 'not_found', message: `no file ${info.id}` } });
  });

  it('lets a user in through a linked object, and refuses their URL once the object no longer admits them', async () => {
    const info = await uploaded(alice, pngBytes(3000), 'shared.png');
    const bobRow = await userRow('bob');
    await linkFile(t.server.ctx.storage.db, { tenantId: t.tenantId, fileId: info.id, objectKind: 'test-grant', objectId: 'room-1', at: clock.now() });
    expect((await getInfo(bob, info.id)).statusCode).toBe(404);

    grants.add(`room-1:${bobRow.id}`);
    const response = await getInfo(bob, info.id);
    expect(response.statusCode).toBe(200);
    const bobsUrl = (response.json() as FileInfo).url;
    expect((await fetch(at(bobsUrl))).status).toBe(200);

    grants.delete(`room-1:${bobRow.id}`);
    const revoked = await fetch(at(bobsUrl));
    expect(revoked.status).toBe(403);
    expect((await getInfo(bob, info.id)).statusCode).toBe(404);
  });

  it('stops admitting a user once the link is removed', async () => {
    const info = await uploaded(alice, pngBytes(3000), 'unlinked.png');
    const bobRow = await userRow('bob');
    const link = { tenantId: t.tenantId, fileId: info.id, objectKind: 'test-grant', objectId: 'room-2' };
    grants.add(`room-2:${bobRow.id}`);
    await linkFile(t.server.ctx.storage.db, link);
    expect((await getInfo(bob, info.id)).statusCode).toBe(200);
    await unlinkFile(t.server.ctx.storage.db, link);
    expect((await getInfo(bob, info.id)).statusCode).toBe(404);
  });

  it("answers 404 for another tenant's file id, on GET and on link", async () => {
    const other = await t.server.ctx.tenants.create({ id: `o-${randomBytes(4).toString('hex')}`, name: 'Other', allowedOrigins: [] });
    const now = Math.floor(clock.now() / 1000);
    const stranger = await signHs256({ tid: other.id, sub: 'alice', name: 'Other Alice', iat: now, exp: now + 3600 }, other.secret);
    const info = await uploaded(alice, pngBytes(2000), 'ours.png');
    expect((await getInfo(stranger, info.id)).statusCode).toBe(404);
    await expect(linkFile(t.server.ctx.storage.db, { tenantId: other.id, fileId: info.id, objectKind: 'test-grant', objectId: 'x' })).rejects.toMatchObject({
      code: 'not_found',
    });
    const theirs = await upload(stranger, pngBytes(2000), 'theirs.png');
    expect(theirs.status).toBe(201);
    expect(existsSync(path.join(tenantDir(other.id), ((await theirs.json()) as FileInfo).id))).toBe(true);
  });

  it('refuses a download URL whose query points at another tenant with 403', async () => {
    const info = await uploaded(alice, pngBytes(2000), 'cross.png');
    expect((await fetch(withQuery(info.url, { tenant: 'another-tenant' }))).status).toBe(403);
  });

  it('describes the file routes in the OpenAPI document', async () => {
    const doc = (await t.server.app.inject({ method: 'GET', url: '/v1/openapi.json' })).json<{ paths: Record<string, Record<string, unknown>> }>();
    expect(Object.keys(doc.paths['/v1/files'] ?? {})).toContain('post');
    expect(Object.keys(doc.paths['/v1/files/{id}'] ?? {})).toContain('get');
    expect(Object.keys(doc.paths['/v1/files/{id}/content'] ?? {})).toContain('get');
  });
});
