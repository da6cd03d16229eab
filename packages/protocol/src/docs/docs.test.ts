import { describe, expect, it } from 'vitest';
import { requestSchemas } from '../schemas.js';
import { createDocPayload, docSyncPayload, listDocsPayload, sharePayload, updateDocPayload } from './docs.js';
import { DOC_LIMITS } from './wire.js';

const id = '0192f3a4-5b6c-7d8e-9f01-23456789abcd';

describe('docs schemas', () => {
  it('registers a schema for every docs request', () => {
    const names = Object.keys(requestSchemas).filter((n) => n.startsWith('docs:'));
    expect(names).toContain('docs:sync');
    expect(names.length).toBeGreaterThanOrEqual(18);
  });

  it('takes sync messages as bytes within the limit (subclasses such as a Node Buffer too) and nothing else', () => {
    expect(docSyncPayload.safeParse({ docId: id, message: new Uint8Array([0, 0, 1, 0]) }).success).toBe(true);
    expect(docSyncPayload.safeParse({ docId: id, message: new (class extends Uint8Array {})([1, 2]) }).success).toBe(true);
    expect(docSyncPayload.safeParse({ docId: id, message: [0, 0] }).success).toBe(false);
    expect(docSyncPayload.safeParse({ docId: id, message: 'AAA=' }).success).toBe(false);
    expect(docSyncPayload.safeParse({ docId: id, message: new Uint8Array(0) }).success).toBe(false);
    expect(docSyncPayload.safeParse({ docId: id, message: new Uint8Array(DOC_LIMITS.syncMessageMax + 1) }).success).toBe(false);
  });

  it('refuses document ids that are not Plaza ids', () => {
    for (const docId of [` ${id}`, `${id}x`, '../etc/passwd', '', 42]) {
      expect(docSyncPayload.safeParse({ docId, message: new Uint8Array([1]) }).success).toBe(false);
    }
  });

  it('fills defaults of a new document and dedupes tags', () => {
    const parsed = createDocPayload.parse({ spaceId: id, title: '  Minutes ', tags: ['q3', 'q3', 'ops'] });
    expect(parsed).toMatchObject({ title: 'Minutes', folderId: null, domain: null, tags: ['q3', 'ops'], confidentiality: 'internal', tenantView: false });
  });

  it('wants exactly one share target, something to update and a space with a folder filter', () => {
    expect(sharePayload.safeParse({ docId: id }).success).toBe(true);
    expect(sharePayload.safeParse({ docId: id, spaceId: id }).success).toBe(false);
    expect(sharePayload.safeParse({}).success).toBe(false);
    expect(updateDocPayload.safeParse({ docId: id }).success).toBe(false);
    expect(updateDocPayload.safeParse({ docId: id, tags: [] }).success).toBe(true);
    expect(listDocsPayload.safeParse({ folderId: id }).success).toBe(false);
    expect(listDocsPayload.safeParse({ spaceId: id, folderId: null }).success).toBe(true);
  });
});
