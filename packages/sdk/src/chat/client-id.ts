/**
 * A client id for a send: a UUIDv7 (48-bit millisecond time, then random bits), so ids
 * sort by creation time and cannot be guessed. Within one millisecond a counter in the
 * `rand_a` bits keeps them increasing, so an outbox sorted by client id is in send order.
 *
 * @example
 * const clientId = newClientId(); // '0192f3c4-5d6e-7abc-8def-0123456789ab'
 */
export function newClientId(now: number = Date.now()): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  const { ms, counter } = nextTick(now);
  // 48-bit big-endian timestamp; Math.floor keeps the high 16 bits exact beyond 2^32.
  const high = Math.floor(ms / 2 ** 32);
  const low = ms >>> 0;
  bytes[0] = (high >>> 8) & 0xff;
  bytes[1] = high & 0xff;
  bytes[2] = (low >>> 24) & 0xff;
  bytes[3] = (low >>> 16) & 0xff;
  bytes[4] = (low >>> 8) & 0xff;
  bytes[5] = low & 0xff;
  bytes[6] = 0x70 | ((counter >>> 8) & 0x0f);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

let lastMs = 0;
let lastCounter = 0;

/** The time and 12-bit counter for the next id: never going backwards, even if the clock does. */
function nextTick(now: number): { ms: number; counter: number } {
  if (now > lastMs) {
    lastMs = now;
    // Start low with some randomness, leaving room to count up within the millisecond.
    lastCounter = Math.floor(Math.random() * 0x400);
  } else {
    lastCounter += 1;
    if (lastCounter > 0xfff) {
      lastMs += 1;
      lastCounter = 0;
    }
  }
  return { ms: lastMs, counter: lastCounter };
}
