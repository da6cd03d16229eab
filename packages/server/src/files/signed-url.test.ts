import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signFileUrl, urlSigningKey, verifyFileUrl } from './signed-url.js';

describe('signed download URLs', () => {
  const key = urlSigningKey(randomBytes(32));
  const grant = { tenantId: 'acme', fileId: '0190c3a2-0000-7000-8000-000000000001', userId: 'u1', expires: 2_000_000_000 };
  const now = 1_999_999_000_000;

  it('verifies a URL it signed', () => {
    expect(verifyFileUrl(key, grant.fileId, signFileUrl(key, grant), now)).toEqual({ ok: true, grant });
  });

  it.each([
    ['another user', { user: 'u2' }],
    ['another tenant', { tenant: 'other' }],
    ['a later expiry', { exp: '2000000999' }],
    ['a non-numeric expiry', { exp: 'soon' }],
    ['a changed signature', { sig: 'A'.repeat(43) }],
  ])('refuses the query with %s as invalid', (_name, change) => {
    expect(verifyFileUrl(key, grant.fileId, { ...signFileUrl(key, grant), ...change }, now)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses the query for another file as invalid', () => {
    expect(verifyFileUrl(key, '0190c3a2-0000-7000-8000-000000000002', signFileUrl(key, grant), now)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses a genuine URL once it has expired', () => {
    expect(verifyFileUrl(key, grant.fileId, signFileUrl(key, grant), grant.expires * 1000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('derives a key that differs from the master key', () => {
    const master = randomBytes(32);
    expect(urlSigningKey(master).equals(master)).toBe(false);
  });
});
