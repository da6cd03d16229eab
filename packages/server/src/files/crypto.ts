import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Plaintext bytes per chunk for new files; the row's `chunk_size` says what a stored file used. */
export const DEFAULT_CHUNK_SIZE = 64 * 1024;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** What AES-256-GCM adds to each chunk: a fresh IV in front, the tag behind. */
export const CHUNK_OVERHEAD = IV_BYTES + TAG_BYTES;
const AAD_PREFIX = Buffer.from('plaza-file-chunk:v1:');

/** How a stored file is cut: its plaintext size and the plaintext bytes per chunk. */
export interface ChunkLayout {
  size: number;
  chunkSize: number;
}

/** An inclusive byte range of the plaintext, as HTTP ranges are. */
export interface ByteRange {
  start: number;
  end: number;
}

/** The chunks that hold a plaintext range and where their ciphertext lies on disk. */
export interface ChunkSpan {
  firstChunk: number;
  lastChunk: number;
  /** First byte of `firstChunk` in the encrypted file. */
  cipherStart: number;
  /** Last byte (inclusive) of `lastChunk` in the encrypted file. */
  cipherEnd: number;
}

/** Number of chunks a file has; an empty file still has one (empty, final) chunk. */
export function chunkCount({ size, chunkSize }: ChunkLayout): number {
  return Math.max(1, Math.ceil(size / chunkSize));
}

/** Plaintext bytes in chunk `index`: full chunks, then whatever remains in the last one. */
export function plainChunkLength(layout: ChunkLayout, index: number): number {
  return Math.min(layout.chunkSize, layout.size - index * layout.chunkSize);
}

/** Bytes the encrypted file takes on disk. */
export function encryptedSize(layout: ChunkLayout): number {
  return layout.size + chunkCount(layout) * CHUNK_OVERHEAD;
}

/**
 * The chunks to read and decrypt for `range`, and their place in the encrypted file.
 *
 * @example
 * chunkSpan({ size: 200_000, chunkSize: 65_536 }, { start: 70_000, end: 70_009 })
 * // → { firstChunk: 1, lastChunk: 1, cipherStart: 65_564, cipherEnd: 131_127 }
 */
export function chunkSpan(layout: ChunkLayout, range: ByteRange): ChunkSpan {
  if (range.start < 0 || range.end < range.start || range.end >= layout.size) {
    throw new RangeError(`range ${range.start}-${range.end} is outside a file of ${layout.size} bytes`);
  }
  const sealed = layout.chunkSize + CHUNK_OVERHEAD;
  const firstChunk = Math.floor(range.start / layout.chunkSize);
  const lastChunk = Math.floor(range.end / layout.chunkSize);
  return {
    firstChunk,
    lastChunk,
    cipherStart: firstChunk * sealed,
    cipherEnd: lastChunk * sealed + plainChunkLength(layout, lastChunk) + CHUNK_OVERHEAD - 1,
  };
}

/**
 * The associated data of chunk `index`: its position, and whether it is the last one, so
 * chunks cannot be reordered, and a file cut short at a chunk boundary does not pass
 * for a shorter complete file.
 */
function chunkAad(index: number, final: boolean): Buffer {
  const position = Buffer.alloc(9);
  position.writeBigUInt64BE(BigInt(index), 0);
  position.writeUInt8(final ? 1 : 0, 8);
  return Buffer.concat([AAD_PREFIX, position]);
}

/** One sealed chunk: IV ‖ ciphertext ‖ tag. */
export function sealChunk(key: Buffer, index: number, final: boolean, plain: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(chunkAad(index, final));
  return Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

/** Opens a sealed chunk; throws when it was altered, moved or is not the chunk expected there. */
export function openChunk(key: Buffer, index: number, final: boolean, sealed: Buffer): Buffer {
  if (sealed.length < CHUNK_OVERHEAD) throw new Error(`encrypted chunk ${index} is truncated`);
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
  decipher.setAAD(chunkAad(index, final));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
}

/** A stream stage for `stream.pipeline`: bytes in, bytes out. */
export type ByteStage = (source: AsyncIterable<Buffer>) => AsyncGenerator<Buffer>;

/**
 * Encrypts a byte stream chunk by chunk. A full chunk is held back until more bytes
 * arrive, because only then is it known not to be the final one.
 *
 * @example
 * await pipeline(plainStream, encryptChunks(key), createWriteStream(file));
 */
export function encryptChunks(key: Buffer, chunkSize: number = DEFAULT_CHUNK_SIZE): ByteStage {
  return async function* encrypt(source) {
    const pending = new ByteQueue();
    let index = 0;
    for await (const piece of source) {
      pending.push(piece);
      while (pending.length > chunkSize) yield sealChunk(key, index++, false, pending.take(chunkSize));
    }
    yield sealChunk(key, index, true, pending.take(pending.length));
  };
}

/**
 * Decrypts the chunks of `span` from the encrypted bytes `cipherStart…cipherEnd` and
 * yields exactly the plaintext `range`. Throws when a chunk fails authentication or the
 * source ends early.
 *
 * @example
 * const span = chunkSpan(layout, range);
 * await pipeline(createReadStream(file, { start: span.cipherStart, end: span.cipherEnd }), decryptChunks(key, layout, range), reply);
 */
export function decryptChunks(key: Buffer, layout: ChunkLayout, range: ByteRange): ByteStage {
  const span = chunkSpan(layout, range);
  const lastOfFile = chunkCount(layout) - 1;
  return async function* decrypt(source) {
    const pending = new ByteQueue();
    let index = span.firstChunk;
    const sealedLength = () => plainChunkLength(layout, index) + CHUNK_OVERHEAD;
    for await (const piece of source) {
      pending.push(piece);
      while (index <= span.lastChunk && pending.length >= sealedLength()) {
        const plain = openChunk(key, index, index === lastOfFile, pending.take(sealedLength()));
        const from = index === span.firstChunk ? range.start - index * layout.chunkSize : 0;
        const to = index === span.lastChunk ? range.end - index * layout.chunkSize + 1 : plain.length;
        yield plain.subarray(from, to);
        index++;
      }
    }
    if (index <= span.lastChunk) throw new Error(`encrypted file ends before chunk ${index}`);
  };
}

/**
 * Bytes received in pieces of any size, taken out in pieces of a chosen size. Pieces are
 * joined only when taken, so many small network reads do not copy a chunk over and over.
 */
class ByteQueue {
  private pieces: Buffer[] = [];
  length = 0;

  push(piece: Buffer): void {
    if (piece.length === 0) return;
    this.pieces.push(piece);
    this.length += piece.length;
  }

  take(count: number): Buffer {
    const out = Buffer.allocUnsafe(count);
    let filled = 0;
    while (filled < count) {
      const head = this.pieces[0];
      const used = Math.min(head.length, count - filled);
      head.copy(out, filled, 0, used);
      filled += used;
      if (used === head.length) this.pieces.shift();
      else this.pieces[0] = head.subarray(used);
    }
    this.length -= count;
    return out;
  }
}
