import {
  PlazaError,
  TOKEN_ALGORITHMS,
  TOKEN_LIMITS,
  serverClaims,
  userClaims,
  type ServerClaims,
  type TenantPublicKey,
  type UserClaims,
} from '@plaza/protocol';
import {
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors as joseErrors,
  importSPKI,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import type { Clock } from '../clock.js';
import type { Tenant, TenantService } from '../org/tenant-service.js';

type Algorithm = (typeof TOKEN_ALGORITHMS)[number];
type VerifyKey = Uint8Array | Awaited<ReturnType<typeof importSPKI>> | JWTVerifyGetKey;

function refuse(reason: string): PlazaError {
  return new PlazaError('unauthorized', reason);
}

function readHeader(token: string): { alg: Algorithm } {
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch {
    throw refuse('token is not a JWT');
  }
  if (!TOKEN_ALGORITHMS.includes(alg as Algorithm)) throw refuse(`token algorithm ${String(alg)} is not accepted`);
  return { alg: alg as Algorithm };
}

function readTenantId(token: string): string {
  let payload: JWTPayload;
  try {
    payload = decodeJwt(token);
  } catch {
    throw refuse('token payload is not readable');
  }
  if (typeof payload.tid !== 'string') throw refuse('token has no tid claim');
  return payload.tid;
}

/**
 * Verifies user and server tokens. The key is chosen by the token's algorithm and
 * nothing else: HS256 only against the tenant's secrets, the asymmetric algorithms only
 * against the public keys the tenant registered — so an RS256 public key can never be
 * used as an HMAC secret (key confusion).
 */
export class TokenVerifier {
  private jwks = new Map<string, JWTVerifyGetKey>();

  constructor(
    private readonly tenants: TenantService,
    private readonly clock: Clock,
  ) {}

  async verifyUser(token: string): Promise<{ claims: UserClaims; tenant: Tenant }> {
    const { payload, tenant } = await this.verify(token);
    if (payload.srv !== undefined) throw refuse('a server token cannot be used here');
    const parsed = userClaims.safeParse(payload);
    if (!parsed.success) throw refuse(`token claims invalid: ${parsed.error.issues[0]?.path.join('.') || 'claims'}`);
    this.checkLifetime(parsed.data, TOKEN_LIMITS.userMaxLifetime);
    return { claims: parsed.data, tenant };
  }

  async verifyServer(token: string): Promise<{ claims: ServerClaims; tenant: Tenant }> {
    const { payload, tenant } = await this.verify(token);
    if (payload.srv !== true) throw refuse('a server token is required');
    const parsed = serverClaims.safeParse(payload);
    if (!parsed.success) throw refuse(`token claims invalid: ${parsed.error.issues[0]?.path.join('.') || 'claims'}`);
    this.checkLifetime(parsed.data, TOKEN_LIMITS.serverMaxLifetime);
    return { claims: parsed.data, tenant };
  }

  private async verify(token: string): Promise<{ payload: JWTPayload; tenant: Tenant }> {
    if (token.length > 16_384) throw refuse('token is too long');
    const { alg } = readHeader(token);
    const tenantId = readTenantId(token);
    const tenant = await this.tenants.find(tenantId);
    if (!tenant) throw refuse('unknown tenant');
    const keys = await this.keysFor(tenant, alg);
    if (keys.length === 0) throw refuse(`tenant has no key for ${alg}`);
    for (const key of keys) {
      try {
        const { payload } = await jwtVerify(token, key as Uint8Array, {
          algorithms: [alg],
          clockTolerance: TOKEN_LIMITS.clockSkew,
          requiredClaims: ['exp', 'iat', 'tid'],
          currentDate: new Date(this.clock.now()),
        });
        return { payload, tenant };
      } catch (error) {
        if (error instanceof joseErrors.JWTExpired) throw refuse('token expired');
        if (error instanceof joseErrors.JWTClaimValidationFailed) throw refuse(`token claim ${error.claim} invalid`);
        // a signature mismatch: try the next key (the previous secret during a rotation)
      }
    }
    throw refuse('token signature invalid');
  }

  private checkLifetime(claims: { iat: number; exp: number }, max: number): void {
    if (claims.exp - claims.iat > max) throw refuse(`token lifetime exceeds ${max} s`);
    if (claims.iat > this.clock.now() / 1000 + TOKEN_LIMITS.clockSkew) throw refuse('token issued in the future');
  }

  private async keysFor(tenant: Tenant, alg: Algorithm): Promise<VerifyKey[]> {
    if (alg === 'HS256') return this.tenants.signingSecrets(tenant.id);
    const keys: VerifyKey[] = [];
    for (const publicKey of tenant.publicKeys) keys.push(await this.publicKey(publicKey, alg));
    return keys;
  }

  private async publicKey(key: TenantPublicKey, alg: Algorithm): Promise<VerifyKey> {
    if ('pem' in key) {
      try {
        return await importSPKI(key.pem, alg);
      } catch {
        // a registered key of another type than the token's algorithm verifies nothing
        return () => Promise.reject(refuse('key does not match algorithm'));
      }
    }
    let set = this.jwks.get(key.jwksUrl);
    if (!set) {
      set = createRemoteJWKSet(new URL(key.jwksUrl), { timeoutDuration: 3000, cooldownDuration: 30_000 });
      this.jwks.set(key.jwksUrl, set);
    }
    return set;
  }
}
