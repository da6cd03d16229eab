import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// The real server on port 0 with SQLite in a temp dir; only tests import it.
import { startTestServer } from '../../../server/src/test-support/index.js';
import type { TestServer } from '../../../server/src/test-support/index.js';
import type { PlazaClient } from '../client.js';
import { createClient } from '../index.js';
import { apiUrl, withDownloadUrl } from './files-client.js';

let server: TestServer;
let client: PlazaClient;

beforeEach(async () => {
  server = await startTestServer();
  client = createClient({ url: server.url, token: () => server.signUserToken(), reconnection: { delayMs: 100, maxDelayMs: 500 } });
  await client.connect();
});

afterEach(async () => {
  await client.close();
  await server.close();
});

describe('files', () => {
  it('uploads a file with the current token and reports progress; get() answers its metadata', async () => {
    const progress: [number, number][] = [];
    const blob = new Blob(['hello, plaza\n'], { type: 'text/plain' });
    const info = await client.files.upload(blob, { name: 'notes.txt', onProgress: (loaded, total) => progress.push([loaded, total]) });
    expect(info).toMatchObject({ name: 'notes.txt', size: blob.size, type: 'text/plain', uploadedBy: 'u1' });
    expect(progress.at(-1)).toEqual([blob.size, blob.size]);
    expect(info.url.startsWith(`${server.url}/v1/files/${info.id}/content?`)).toBe(true);
    const again = await client.files.get(info.id);
    expect(again.id).toBe(info.id);
    expect(again.url.startsWith(`${server.url}/v1/files/${info.id}/content?`)).toBe(true);
    const download = await fetch(again.url);
    expect(await download.text()).toBe('hello, plaza\n');
  });

  it("rejects with the server's code when the upload is refused", async () => {
    const error = await client.files.upload(new Blob([])).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'bad_request' });
    await expect(client.files.get('0192f3c4-5d6e-7abc-8def-0123456789ab')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('an aborted upload rejects with the abort reason', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await client.files.upload(new Blob(['x']), { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AbortError' });
  });
});

describe('withDownloadUrl', () => {
  const info = { id: 'f1', name: 'a.png', size: 1, type: 'image/png', uploadedBy: 'u1', createdAt: '', urlExpiresAt: '' };

  it("resolves the server's path against the client's server URL, keeping its path prefix", () => {
    expect(withDownloadUrl({ ...info, url: '/v1/files/f1/content?sig=x' }, 'https://intranet.example/plaza/').url).toBe(
      'https://intranet.example/plaza/v1/files/f1/content?sig=x',
    );
  });

  it('leaves an absolute URL as it is', () => {
    expect(withDownloadUrl({ ...info, url: 'https://cdn.example/f1?sig=x' }, 'https://plaza.example').url).toBe('https://cdn.example/f1?sig=x');
  });
});

describe('apiUrl', () => {
  it('keeps the path prefix of the server URL', () => {
    expect(apiUrl('https://intranet.example/plaza/', '/v1/files')).toBe('https://intranet.example/plaza/v1/files');
    expect(apiUrl('https://plaza.example', '/v1/files')).toBe('https://plaza.example/v1/files');
  });
});
