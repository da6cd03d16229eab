import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CHUNK_OVERHEAD, chunkSpan, decryptChunks, encryptChunks, encryptedSize, type ByteRange, type ChunkLayout } from './crypto.js';
import { parseRange } from './range.js';

const CHUNK = 1024;

async function collect(stage: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stage) parts.push(part);
  return Buffer.concat(parts);
}

/** Feeds `bytes` in uneven pieces, as a network would. */
function pieces(bytes: Buffer, size = 333): Readable {
  const list: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) list.push(bytes.subarray(i, i + size));
  return Readable.from(list);
}

async function encrypt(key: Buffer, plain: Buffer): Promise<Buffer> {
  return collect(encryptChunks(key, CHUNK)(pieces(plain)));
}

async function decrypt(key: Buffer, sealed: Buffer, layout: ChunkLayout, range: ByteRange): Promise<Buffer> {
  const span = chunkSpan(layout, range);
  return collect(decryptChunks(key, layout, range)(pieces(sealed.subarray(span.cipherStart, span.cipherEnd + 1), 500)));
}

describe('chunked file encryption', () => {
  const key = randomBytes(32);
  const plain = randomBytes(CHUNK * 5 + 17);
  const layout = { size: plain.length, chunkSize: CHUNK };

  it('decrypts what it encrypted, and takes exactly the predicted room on disk', async () => {
    const sealed = await encrypt(key, plain);
    expect(sealed.length).toBe(encryptedSize(layout));
    expect(sealed.length).toBe(plain.length + 6 * CHUNK_OVERHEAD);
    expect((await decrypt(key, sealed, layout, { start: 0, end: plain.length - 1 })).equals(plain)).toBe(true);
  });

  it('writes a file of exactly whole chunks without an extra empty chunk', async () => {
    const whole = randomBytes(CHUNK * 3);
    const sealed = await encrypt(key, whole);
    expect(sealed.length).toBe(whole.length + 3 * CHUNK_OVERHEAD);
    const wholeLayout = { size: whole.length, chunkSize: CHUNK };
    expect((await decrypt(key, sealed, wholeLayout, { start: 0, end: whole.length - 1 })).equals(whole)).toBe(true);
  });

  it('does not contain the plaintext', async () => {
    const sealed = await encrypt(key, plain);
    expect(sealed.includes(plain.subarray(2000, 2064))).toBe(false);
  });

  it.each([
    ['inside one chunk', 10, 20],
    ['across a chunk boundary', CHUNK - 5, CHUNK + 5],
    ['across several chunks', 100, CHUNK * 4 + 3],
    ['the last byte', CHUNK * 5 + 16, CHUNK * 5 + 16],
    ['the whole last chunk', CHUNK * 5, CHUNK * 5 + 16],
  ])('decrypts a range %s to exactly those bytes', async (_name, start, end) => {
    const sealed = await encrypt(key, plain);
    const got = await decrypt(key, sealed, layout, { start, end });
    expect(got.equals(plain.subarray(start, end + 1))).toBe(true);
  });

  it('refuses a chunk with one flipped bit', async () => {
    const sealed = await encrypt(key, plain);
    sealed[CHUNK + CHUNK_OVERHEAD + 40] ^= 1;
    await expect(decrypt(key, sealed, layout, { start: 0, end: plain.length - 1 })).rejects.toThrow();
  });

  it('refuses two chunks swapped on disk', async () => {
    const sealed = await encrypt(key, plain);
    const size = CHUNK + CHUNK_OVERHEAD;
    const swapped = Buffer.concat([sealed.subarray(size, 2 * size), sealed.subarray(0, size), sealed.subarray(2 * size)]);
    await expect(decrypt(key, swapped, layout, { start: 0, end: 10 })).rejects.toThrow();
  });

  it('refuses a file cut short at a chunk boundary', async () => {
    const sealed = await encrypt(key, plain);
    const cut = sealed.subarray(0, 2 * (CHUNK + CHUNK_OVERHEAD));
    // read as if the file had always been two chunks long: the second chunk is not marked final
    const shorter = { size: 2 * CHUNK, chunkSize: CHUNK };
    await expect(decrypt(key, cut, shorter, { start: 0, end: 2 * CHUNK - 1 })).rejects.toThrow();
  });

  it('refuses a different key', async () => {
    const sealed = await encrypt(key, plain);
    await expect(decrypt(randomBytes(32), sealed, layout, { start: 0, end: 10 })).rejects.toThrow();
  });

  it('fails when the encrypted source ends before the range does', async () => {
    const sealed = await encrypt(key, plain);
    const stage = decryptChunks(key, layout, { start: 0, end: plain.length - 1 });
    await expect(collect(stage(pieces(sealed.subarray(0, 3 * (CHUNK + CHUNK_OVERHEAD)))))).rejects.toThrow(/ends before chunk 3/);
  });
});

describe('chunk range math', () => {
  const layout = { size: 200_000, chunkSize: 65_536 };
  const sealed = 65_536 + CHUNK_OVERHEAD;

  it('maps a range inside one chunk to that chunk only', () => {
    expect(chunkSpan(layout, { start: 70_000, end: 70_009 })).toEqual({ firstChunk: 1, lastChunk: 1, cipherStart: sealed, cipherEnd: 2 * sealed - 1 });
  });

  it('ends the span of the last chunk at the end of the shorter last chunk', () => {
    const span = chunkSpan(layout, { start: 0, end: 199_999 });
    expect(span).toMatchObject({ firstChunk: 0, lastChunk: 3 });
    expect(span.cipherEnd).toBe(encryptedSize(layout) - 1);
  });

  it('refuses a range past the end of the file', () => {
    expect(() => chunkSpan(layout, { start: 0, end: 200_000 })).toThrow(RangeError);
  });
});

describe('Range header parsing', () => {
  it.each([
    ['bytes=0-99', { kind: 'partial', range: { start: 0, end: 99 } }],
    ['bytes=990-', { kind: 'partial', range: { start: 990, end: 999 } }],
    ['bytes=-10', { kind: 'partial', range: { start: 990, end: 999 } }],
    ['bytes=-5000', { kind: 'partial', range: { start: 0, end: 999 } }],
    ['bytes=900-5000', { kind: 'partial', range: { start: 900, end: 999 } }],
    ['bytes=1000-', { kind: 'unsatisfiable' }],
    ['bytes=-0', { kind: 'unsatisfiable' }],
    ['bytes=0-1,5-6', { kind: 'full' }],
    ['items=0-1', { kind: 'full' }],
    ['bytes=9-2', { kind: 'full' }],
    [undefined, { kind: 'full' }],
  ])('reads %s for a 1000-byte file', (header, expected) => {
    expect(parseRange(header, 1000)).toEqual(expected);
  });
});
