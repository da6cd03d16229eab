import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isUtf8Text, sniffType } from './sniff.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('content sniffing', () => {
  it('recognises a PNG by its signature', async () => {
    const ihdr = Buffer.concat([Buffer.from('\0\0\0\rIHDR'), randomBytes(13 + 4)]);
    const idat = Buffer.concat([Buffer.from('\0\0\0\xc8IDAT', 'latin1'), randomBytes(200 + 4)]);
    expect(await sniffType(Buffer.concat([PNG_SIGNATURE, ihdr, idat]), true)).toBe('image/png');
  });

  it('recognises a Windows executable whatever it is called', async () => {
    expect(await sniffType(Buffer.concat([Buffer.from('MZ'), randomBytes(500)]), true)).toBe('application/x-msdownload');
  });

  it('calls UTF-8 text text/plain', async () => {
    expect(await sniffType(Buffer.from('hello, 世界\n'), true)).toBe('text/plain');
  });

  it('calls text with a NUL byte application/octet-stream', async () => {
    expect(await sniffType(Buffer.from('hello\0world'), true)).toBe('application/octet-stream');
  });

  it('calls invalid UTF-8 application/octet-stream', async () => {
    expect(await sniffType(Buffer.from([0x68, 0x69, 0xff, 0xfe, 0x41]), true)).toBe('application/octet-stream');
  });

  it('accepts a character cut at the end of a head, but not at the end of a whole file', () => {
    const cut = Buffer.from('ab世').subarray(0, 4);
    expect(isUtf8Text(cut, false)).toBe(true);
    expect(isUtf8Text(cut, true)).toBe(false);
  });
});
