import { describe, expect, it } from 'vitest';
import { newClientId } from './client-id.js';

describe('newClientId', () => {
  it('makes UUIDv7 ids the server accepts as client ids', () => {
    const id = newClientId();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(id).toMatch(/^[\w-]{1,64}$/);
  });

  it('sorts in creation order, within one millisecond too', () => {
    const now = Date.UTC(2026, 10, 22);
    const ids = Array.from({ length: 500 }, (_, i) => newClientId(now + Math.floor(i / 100)));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('carries the time in its first 48 bits', () => {
    const now = Date.UTC(2030, 0, 1);
    const id = newClientId(now);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBeGreaterThanOrEqual(now);
  });
});
