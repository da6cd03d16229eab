import { lookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { parseAllowEntry } from '../config/config.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Host name → every address it resolves to. */
export type Resolver = (host: string) => Promise<ResolvedAddress[]>;

/** getaddrinfo, as a connection would use it (so /etc/hosts counts too). */
export const systemResolver: Resolver = async (host) => {
  const found = await lookup(host, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/** A webhook URL whose host was resolved and checked; connect only to `addresses`. */
export interface CheckedTarget {
  url: URL;
  addresses: ResolvedAddress[];
}

/** The target is not allowed; the message is safe to show the tenant. */
export class TargetRefusedError extends Error {
  override name = 'TargetRefusedError';
}

/*
 * Addresses no webhook may reach: this host, private networks, link-local (cloud metadata
 * at 169.254.169.254), CGNAT, multicast, reserved and documentation ranges, and the IPv6
 * forms that tunnel to any of them. IPv4-mapped and NAT64 addresses are judged by the IPv4
 * address they carry.
 */
const FORBIDDEN: ReadonlyArray<[string, number, 'ipv4' | 'ipv6']> = [
  ['0.0.0.0', 8, 'ipv4'],
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.0.2.0', 24, 'ipv4'],
  ['192.88.99.0', 24, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['198.51.100.0', 24, 'ipv4'],
  ['203.0.113.0', 24, 'ipv4'],
  ['224.0.0.0', 4, 'ipv4'],
  ['240.0.0.0', 4, 'ipv4'],
  ['::', 96, 'ipv6'], // unspecified, loopback, IPv4-compatible
  ['::ffff:0:0:0', 96, 'ipv6'], // IPv4-translated
  ['64:ff9b:1::', 48, 'ipv6'], // local-use NAT64
  ['100::', 64, 'ipv6'], // discard
  ['2001::', 23, 'ipv6'], // IETF protocol assignments, Teredo
  ['2001:db8::', 32, 'ipv6'],
  ['2002::', 16, 'ipv6'], // 6to4
  ['3fff::', 20, 'ipv6'],
  ['5f00::', 16, 'ipv6'],
  ['fc00::', 7, 'ipv6'], // unique local
  ['fe80::', 10, 'ipv6'], // link-local
  ['fec0::', 10, 'ipv6'], // site-local
  ['ff00::', 8, 'ipv6'], // multicast
];

const forbidden = new BlockList();
for (const [network, prefix, type] of FORBIDDEN) forbidden.addSubnet(network, prefix, type);

/** The eight 16-bit words of an IPv6 address (which `isIP` already accepted). */
function ipv6Words(ip: string): number[] {
  let text = ip.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const front = head ? head.split(':') : [];
  const back = tail ? tail.split(':') : [];
  const words = tail === undefined ? front : [...front, ...Array<string>(8 - front.length - back.length).fill('0'), ...back];
  return words.map((w) => parseInt(w, 16));
}

/** The IPv4 address an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::a.b.c.d) address carries. */
export function embeddedIPv4(ip: string): string | undefined {
  if (isIP(ip) !== 6) return undefined;
  const w = ipv6Words(ip);
  const mapped = w[0] === 0 && w[1] === 0 && w[2] === 0 && w[3] === 0 && w[4] === 0 && w[5] === 0xffff;
  const nat64 = w[0] === 0x64 && w[1] === 0xff9b && w[2] === 0 && w[3] === 0 && w[4] === 0 && w[5] === 0;
  if (!mapped && !nat64) return undefined;
  return `${w[6] >> 8}.${w[6] & 255}.${w[7] >> 8}.${w[7] & 255}`;
}

/** True for loopback, private, link-local, CGNAT, multicast, reserved and similar addresses. */
export function isPrivateAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 0) throw new Error(`not an IP address: ${ip}`);
  const v4 = embeddedIPv4(ip);
  if (v4 !== undefined) return forbidden.check(v4, 'ipv4');
  return forbidden.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

function bareHost(url: URL): string {
  const host = url.hostname.toLowerCase();
  return (host.startsWith('[') ? host.slice(1, -1) : host).replace(/\.$/, '');
}

/**
 * Decides which webhook targets may be called: none on private or reserved addresses,
 * except those `PLAZA_WEBHOOK_PRIVATE_ALLOW` names (CIDRs, addresses or host names).
 * Throws at construction when an entry of the allow list is none of those.
 *
 * @example
 * const policy = new WebhookTargetPolicy(ctx.config.webhookPrivateAllow);
 * const target = await policy.check('https://oa.example.com/hooks/plaza'); // throws TargetRefusedError
 */
export class WebhookTargetPolicy {
  private readonly allowedNets = new BlockList();
  private readonly allowedHosts = new Set<string>();

  constructor(
    allow: readonly string[],
    private readonly resolve: Resolver = systemResolver,
  ) {
    for (const entry of allow) this.addAllowed(entry);
  }

  private addAllowed(entry: string): void {
    const parsed = parseAllowEntry(entry);
    if (!parsed) throw new Error(`PLAZA_WEBHOOK_PRIVATE_ALLOW: "${entry}" is not a CIDR, an IP address or a host name`);
    if (parsed.kind === 'host') this.allowedHosts.add(parsed.host);
    else this.allowedNets.addSubnet(parsed.network, parsed.prefix, parsed.family);
  }

  private allowedAddress(ip: string): boolean {
    const v4 = embeddedIPv4(ip);
    if (v4 !== undefined && this.allowedNets.check(v4, 'ipv4')) return true;
    return this.allowedNets.check(ip, isIP(ip) === 4 ? 'ipv4' : 'ipv6');
  }

  /** True when a connection to `ip` would be refused. */
  refuses(ip: string): boolean {
    return isPrivateAddress(ip) && !this.allowedAddress(ip);
  }

  /**
   * Resolves the URL's host and checks every address it resolves to; refuses the whole
   * target when any address is forbidden (a host that answers with a private address
   * some of the time is not a host to trust).
   */
  async check(raw: string): Promise<CheckedTarget> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new TargetRefusedError('url is not a valid URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TargetRefusedError('url must be http or https');
    const host = bareHost(url);
    const family = isIP(host);
    const namedAllowed = family === 0 && this.allowedHosts.has(host);
    if (family !== 0) {
      if (this.refuses(host)) throw new TargetRefusedError(`url targets a private or reserved address (${host}); see PLAZA_WEBHOOK_PRIVATE_ALLOW`);
      return { url, addresses: [{ address: host, family: family === 6 ? 6 : 4 }] };
    }
    let addresses: ResolvedAddress[];
    try {
      addresses = await this.resolve(host);
    } catch (error) {
      throw new TargetRefusedError(`url host ${host} does not resolve (${(error as { code?: string }).code ?? 'lookup failed'})`);
    }
    if (addresses.length === 0) throw new TargetRefusedError(`url host ${host} does not resolve`);
    // The resolved addresses are deliberately not named: the answer would map internal DNS.
    if (!namedAllowed && addresses.some((a) => this.refuses(a.address))) {
      throw new TargetRefusedError(`url host ${host} resolves to a private or reserved address; see PLAZA_WEBHOOK_PRIVATE_ALLOW`);
    }
    return { url, addresses };
  }
}

/**
 * A `lookup` for `http.request` that answers with addresses already checked, so the
 * connection goes where the check looked and a second DNS answer (rebinding) can't
 * redirect it.
 */
export function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const family = options.family === 4 || options.family === 'IPv4' ? 4 : options.family === 6 || options.family === 'IPv6' ? 6 : 0;
    const wanted = family === 0 ? addresses : addresses.filter((a) => a.family === family);
    if (wanted.length === 0) {
      callback(Object.assign(new Error('no checked address of the requested family'), { code: 'ENOTFOUND' }), '', 0);
      return;
    }
    if (options.all) callback(null, wanted.map((a) => ({ address: a.address, family: a.family })));
    else callback(null, wanted[0].address, wanted[0].family);
  };
}
