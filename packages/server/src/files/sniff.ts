import { fileTypeFromBuffer } from 'file-type';

/**
 * How many leading bytes decide a file's type. file-type needs about 4 KiB for most
 * formats, but Office documents are zip files recognised by their entry names, which
 * may come after other entries; a larger window tells a .docx from a plain .zip more often.
 */
export const SNIFF_BYTES = 256 * 1024;

export const TEXT_PLAIN = 'text/plain';
export const OCTET_STREAM = 'application/octet-stream';

/**
 * True when `bytes` are UTF-8 text without NUL bytes. When `complete` is false the bytes
 * are only the head of a longer file, so a character cut at the end does not count
 * against them.
 */
export function isUtf8Text(bytes: Uint8Array, complete: boolean): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

/**
 * The MIME type of a file from its content alone: what file-type recognises, else
 * `text/plain` for UTF-8 text, else `application/octet-stream`. The name and the type the
 * client claims are never consulted: they are whatever the uploader wants them to be.
 *
 * @example
 * await sniffType(Buffer.from('MZ…'), true) // 'application/x-msdownload'
 * await sniffType(Buffer.from('hello'), true) // 'text/plain'
 */
export async function sniffType(head: Uint8Array, complete: boolean): Promise<string> {
  const detected = await fileTypeFromBuffer(head).catch(() => undefined);
  if (detected) return detected.mime;
  if (head.length > 0 && isUtf8Text(head, complete)) return TEXT_PLAIN;
  return OCTET_STREAM;
}
