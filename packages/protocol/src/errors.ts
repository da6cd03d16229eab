/**
 * The one error-code registry of Plaza: every REST error, socket ack failure and refused
 * handshake carries one of these codes. Server and SDK both read it, so a code's HTTP
 * status and whether a retry can help are decided here and nowhere else.
 *
 * This module has no runtime dependencies, so browsers can import it without zod.
 */
export const ERROR_CODES = {
  bad_request: { status: 400, retryable: false },
  unauthorized: { status: 401, retryable: false },
  forbidden: { status: 403, retryable: false },
  not_found: { status: 404, retryable: false },
  conflict: { status: 409, retryable: false },
  payload_too_large: { status: 413, retryable: false },
  unsupported_media_type: { status: 415, retryable: false },
  rate_limited: { status: 429, retryable: true },
  internal: { status: 500, retryable: false },
  unavailable: { status: 503, retryable: true },
} as const satisfies Record<string, { status: number; retryable: boolean }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The body of every error Plaza sends: `{ error: { code, message } }`. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}

/** The HTTP status that carries `code`. */
export function statusOf(code: ErrorCode): number {
  return ERROR_CODES[code].status;
}

/** The code for an HTTP status, for answers that did not come with a Plaza body. */
export function codeForStatus(status: number): ErrorCode {
  for (const [code, meta] of Object.entries(ERROR_CODES)) {
    if (meta.status === status) return code as ErrorCode;
  }
  if (status >= 500) return 'internal';
  return 'bad_request';
}

/**
 * An error with a Plaza code, thrown by the server's services and by the SDK.
 *
 * @example
 * try { await client.connect(); }
 * catch (e) { if (e instanceof PlazaError && e.code === 'unauthorized') signIn(); }
 */
export class PlazaError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PlazaError';
    this.code = code;
  }

  get status(): number {
    return statusOf(this.code);
  }

  get retryable(): boolean {
    return ERROR_CODES[this.code].retryable;
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message };
  }

  toJSON(): { error: ErrorBody } {
    return { error: this.toBody() };
  }

  /** Rebuilds an error from a wire body; unknown codes become `internal`. */
  static fromBody(body: unknown): PlazaError {
    const candidate = (body as { error?: unknown } | null)?.error ?? body;
    if (candidate && typeof candidate === 'object') {
      const { code, message } = candidate as { code?: unknown; message?: unknown };
      if (isErrorCode(code)) return new PlazaError(code, typeof message === 'string' ? message : code);
    }
    return new PlazaError('internal', 'unexpected error');
  }
}
