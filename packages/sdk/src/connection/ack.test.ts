import { PlazaError } from '@plaza/protocol';
import { describe, expect, it } from 'vitest';
import { unwrapAck } from './ack.js';

describe('unwrapAck', () => {
  it('returns the data of a successful answer', () => {
    expect(unwrapAck({ ok: true, data: { a: 1 } }, 'x')).toEqual({ a: 1 });
  });

  it("throws the server's error as a PlazaError with its code", () => {
    const error = (() => {
      try {
        unwrapAck({ ok: false, error: { code: 'forbidden', message: 'not yours' } }, 'x');
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(PlazaError);
    expect(error).toMatchObject({ code: 'forbidden', message: 'not yours', retryable: false, status: 403 });
  });

  it('throws internal for an answer of another shape', () => {
    for (const answer of [undefined, null, 'ok', { ok: true }, { ok: 'yes', data: 1 }, { ok: false }]) {
      expect(() => unwrapAck(answer, 'session:get')).toThrow(
        expect.objectContaining({ code: 'internal' }) as unknown,
      );
    }
  });
});
