import { describe, expect, it } from 'vitest';
import { TargetRefusedError, WebhookTargetPolicy, embeddedIPv4, isPrivateAddress, type ResolvedAddress } from './targets.js';

/** A resolver from a table, so no test depends on real DNS. */
function resolver(table: Record<string, string[]>) {
  return async (host: string): Promise<ResolvedAddress[]> => {
    const found = table[host];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '198.18.0.1',
    '::',
    '::1',
    'fe80::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:a00:1',
    '::ffff:169.254.169.254',
    '64:ff9b::10.0.0.1',
    '::127.0.0.1',
    '2002:7f00:1::1',
    '2001:db8::1',
  ])('refuses %s', (ip) => {
    expect(isPrivateAddress(ip)).toBe(true);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::8.8.8.8'])('accepts %s', (ip) => {
    expect(isPrivateAddress(ip)).toBe(false);
  });

  it('reads the IPv4 address inside mapped and NAT64 addresses', () => {
    expect(embeddedIPv4('::ffff:7f00:1')).toBe('127.0.0.1');
    expect(embeddedIPv4('64:ff9b::a9fe:a9fe')).toBe('169.254.169.254');
    expect(embeddedIPv4('2606:4700::1')).toBeUndefined();
  });
});

describe('WebhookTargetPolicy', () => {
  const dns = resolver({
    'hooks.example.com': ['93.184.216.34', '2606:2800:220:1::1'],
    'evil.example.com': ['93.184.216.34', '10.0.0.7'],
    'metadata.example.com': ['::ffff:169.254.169.254'],
    'oa.corp': ['10.20.0.5'],
  });

  it('passes a public host with every address it resolves to', async () => {
    const target = await new WebhookTargetPolicy([], dns).check('https://hooks.example.com/plaza');
    expect(target.addresses.map((a) => a.address)).toEqual(['93.184.216.34', '2606:2800:220:1::1']);
  });

  it.each([
    ['a private literal', 'http://10.0.0.1/hook'],
    ['a loopback literal', 'http://127.0.0.1:1/'],
    ['an IPv6 loopback literal', 'http://[::1]/'],
    ['a mapped loopback literal', 'http://[::ffff:127.0.0.1]/'],
    ['a decimal loopback literal', 'http://2130706433/'],
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data/'],
    ['a host with one private address among public ones', 'https://evil.example.com/'],
    ['a host resolving to a mapped link-local address', 'https://metadata.example.com/'],
    ['a host that does not resolve', 'https://nowhere.example.com/'],
    ['a non-HTTP scheme', 'ftp://hooks.example.com/'],
  ])('refuses %s', async (_name, url) => {
    await expect(new WebhookTargetPolicy([], dns).check(url)).rejects.toBeInstanceOf(TargetRefusedError);
  });

  it('allows private targets named by CIDR, address or host name, and nothing else', async () => {
    const policy = new WebhookTargetPolicy(['10.20.0.0/16', '127.0.0.1', 'OA.corp.'], dns);
    await expect(policy.check('http://10.20.9.9/')).resolves.toBeDefined();
    await expect(policy.check('http://127.0.0.1:8080/')).resolves.toBeDefined();
    await expect(policy.check('http://[::ffff:127.0.0.1]/')).resolves.toBeDefined();
    await expect(policy.check('http://oa.corp/hook')).resolves.toMatchObject({ addresses: [{ address: '10.20.0.5' }] });
    await expect(policy.check('http://127.0.0.2/')).rejects.toBeInstanceOf(TargetRefusedError);
    await expect(policy.check('http://10.21.0.1/')).rejects.toBeInstanceOf(TargetRefusedError);
    await expect(policy.check('http://[::1]/')).rejects.toBeInstanceOf(TargetRefusedError);
  });

  it('names the variable when an allow-list entry is malformed', () => {
    expect(() => new WebhookTargetPolicy(['10.0.0.0/33'])).toThrow(/PLAZA_WEBHOOK_PRIVATE_ALLOW: "10.0.0.0\/33"/);
    expect(() => new WebhookTargetPolicy(['http://oa.corp'])).toThrow(/PLAZA_WEBHOOK_PRIVATE_ALLOW/);
  });

  it('does not say which private address a host resolved to', async () => {
    const error = await new WebhookTargetPolicy([], dns).check('https://evil.example.com/').catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(TargetRefusedError);
    expect((error as Error).message).toContain('private');
    expect((error as Error).message).not.toContain('10.0.0.7');
  });
});
