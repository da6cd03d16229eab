/** A ticket the customer follows without signing in: its id and access token. */
export interface FollowUpTicket {
  id: string;
  accessToken: string;
  /** The tenant, the part of the token before its first dot (`<tenant>.<random>`). */
  tenant: string;
}

const HASH = /^#plaza-ticket=([^:]+):(.+)$/;

/**
 * The ticket a follow-up link names: `#plaza-ticket=<id>:<token>`, what
 * `<plaza-ticket-form>` links to by default (both parts URL-encoded). Null for any other
 * fragment, including a malformed one (a half-copied link).
 *
 * @example
 * followUpTicket(location.hash); // { id: '0190…', accessToken: 'acme.Zm9v…', tenant: 'acme' }
 */
export function followUpTicket(hash: string): FollowUpTicket | null {
  const match = HASH.exec(hash);
  if (!match) return null;
  try {
    const id = decodeURIComponent(match[1]);
    const accessToken = decodeURIComponent(match[2]);
    const dot = accessToken.indexOf('.');
    return id && dot > 0 ? { id, accessToken, tenant: accessToken.slice(0, dot) } : null;
  } catch {
    // a stray % in a mangled link
    return null;
  }
}
