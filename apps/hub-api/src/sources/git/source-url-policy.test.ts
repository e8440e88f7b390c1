import { describe, expect, it } from 'vitest';
import { hubIsLoopbackOnly, parseHostRules, SourcePolicyError, SourceUrlPolicy, sourceUrlPolicyFor, type Resolver } from './source-url-policy.js';

const rules = (v: string) => {
  const r = parseHostRules(v);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.rules;
};

/** A resolver from a fixed table, so names resolve without a DNS server. */
const table =
  (entries: Record<string, string[]>): Resolver =>
  async (hostname) => (entries[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe(SourceUrlPolicy.name, () => {
  const strict = new SourceUrlPolicy();

  it.each([
    ['loopback', '127.0.0.1'],
    ['loopback (other)', '127.8.9.10'],
    ['private 10/8', '10.1.2.3'],
    ['private 172.16/12', '172.20.0.1'],
    ['private 192.168/16', '192.168.1.1'],
    ['link-local (cloud metadata)', '169.254.169.254'],
    ['unspecified', '0.0.0.0'],
    ['carrier-grade NAT', '100.64.0.1'],
    ['multicast', '224.0.0.1'],
    ['broadcast', '255.255.255.255'],
    ['IPv6 loopback', '::1'],
    ['IPv6 unspecified', '::'],
    ['IPv6 link-local', 'fe80::1'],
    ['IPv6 unique-local', 'fd00::1'],
    ['IPv4-mapped loopback', '::ffff:127.0.0.1'],
    ['IPv4-mapped metadata', '::ffff:a9fe:a9fe'],
  ])('refuses %s (%s) by default', (_what, address) => {
    expect(strict.addressAllowed(address)).toBe(false);
  });

  it.each(['8.8.8.8', '140.82.112.3', '2606:4700:4700::1111'])('allows the public address %s', (address) => {
    expect(strict.addressAllowed(address)).toBe(true);
  });

  it('decides IP literals in URLs without DNS, after WHATWG normalisation of odd forms', () => {
    for (const url of ['http://127.0.0.1:8080/r.git', 'http://[::1]/r.git', 'http://0x7f.1/r.git', 'http://2130706433/r.git', 'http://169.254.169.254/latest', 'http://[::ffff:127.0.0.1]/r.git']) {
      expect(strict.checkHost(new URL(url)), url).toBe('refused');
    }
    expect(strict.checkHost(new URL('https://140.82.112.3/r.git'))).toBe('allowed');
    expect(strict.checkHost(new URL('https://github.com/r.git'))).toBe('resolve');
    expect(strict.checkHost(new URL('ftp://github.com/r.git'))).toBe('refused');
    expect(strict.checkHost(new URL('ssh://git@127.0.0.1:2222/r.git'))).toBe('refused');
    expect(strict.checkHost(new URL('ssh://git@[::1]/r.git'))).toBe('refused');
    expect(strict.checkHost(new URL('ssh://git@github.com/r.git'))).toBe('resolve');
    expect(strict.checkHost(new URL('file:///etc/passwd'))).toBe('refused');
  });

  it('checks every address a name resolves to: one internal address refuses the name, with one message', async () => {
    const policy = new SourceUrlPolicy({ resolver: table({ 'git.example.com': ['140.82.112.3'], 'mixed.example.com': ['140.82.112.3', '10.0.0.5'], 'rebind.example.com': ['127.0.0.1'] }) });
    await expect(policy.resolve('git.example.com')).resolves.toEqual([{ address: '140.82.112.3', family: 4 }]);
    await expect(policy.resolve('mixed.example.com')).rejects.toThrow(SourcePolicyError);
    await expect(policy.resolve('rebind.example.com')).rejects.toThrow('URL not allowed by the source policy');
  });

  it('allow list: CIDRs, single addresses, names and *.domain open internal hosts; the deny list wins', async () => {
    const resolver = table({ 'git.corp': ['10.9.8.7'], 'a.git.corp': ['10.9.8.8'], 'other.corp': ['10.9.8.9'], 'metadata.corp': ['169.254.169.254'] });
    const policy = new SourceUrlPolicy({ allow: rules('10.0.0.0/8, 192.168.1.10 *.git.corp git.corp metadata.corp'), deny: rules('10.66.0.0/16,169.254.0.0/16'), resolver });
    expect(policy.addressAllowed('10.1.2.3')).toBe(true);
    expect(policy.addressAllowed('192.168.1.10')).toBe(true);
    expect(policy.addressAllowed('192.168.1.11')).toBe(false);
    expect(policy.addressAllowed('10.66.1.1')).toBe(false);
    await expect(policy.resolve('git.corp')).resolves.toHaveLength(1);
    await expect(policy.resolve('a.git.corp')).resolves.toHaveLength(1);
    // Allowed by CIDR, not by name: still fine.
    await expect(policy.resolve('other.corp')).resolves.toHaveLength(1);
    // An allowed name that resolves into a denied range is refused.
    await expect(policy.resolve('metadata.corp')).rejects.toThrow(SourcePolicyError);
  });

  it('deny list by name and * refuse public hosts too; allow * opens everything not denied', async () => {
    const resolver = table({ 'github.com': ['140.82.112.3'], 'evil.example': ['140.82.112.4'] });
    const denyName = new SourceUrlPolicy({ deny: rules('*.example'), resolver });
    expect(denyName.checkHost(new URL('https://evil.example/r.git'))).toBe('refused');
    expect(denyName.checkHost(new URL('https://github.com/r.git'))).toBe('resolve');
    const everything = new SourceUrlPolicy({ allow: rules('*'), deny: rules('169.254.169.254'), resolver });
    expect(everything.addressAllowed('127.0.0.1')).toBe(true);
    expect(everything.addressAllowed('169.254.169.254')).toBe(false);
  });

  it('parseHostRules names every bad entry', () => {
    expect(parseHostRules('10.0.0.0/8, git.corp host!, 10.0.0.0/99 127.1')).toEqual({
      ok: false,
      errors: ['"host!" is neither an IP address, a CIDR nor a host name', '"10.0.0.0/99" is not a CIDR (e.g. 10.0.0.0/8 or fd00::/8)', '"127.1" is neither an IP address, a CIDR nor a host name'],
    });
    expect(parseHostRules(' 10.0.0.0/8,,fd00::/8 [::1] *.git.corp ')).toMatchObject({ ok: true, rules: [{ kind: 'cidr' }, { kind: 'cidr' }, { kind: 'cidr' }, { kind: 'name', name: 'git.corp', wildcard: true }] });
  });
});

describe(sourceUrlPolicyFor.name, () => {
  it('allows loopback only when the hub itself is reachable on loopback alone', () => {
    expect(hubIsLoopbackOnly({ host: '127.0.0.1', publicUrl: undefined })).toBe(true);
    expect(hubIsLoopbackOnly({ host: '::1', publicUrl: 'http://localhost:8080' })).toBe(true);
    expect(hubIsLoopbackOnly({ host: '0.0.0.0', publicUrl: undefined })).toBe(false);
    // Behind a reverse proxy on the same machine: reachable from outside, so no loopback.
    expect(hubIsLoopbackOnly({ host: '127.0.0.1', publicUrl: 'https://hub.example.com' })).toBe(false);
    expect(sourceUrlPolicyFor({ host: '127.0.0.1', publicUrl: undefined }, {}).addressAllowed('127.0.0.1')).toBe(true);
    expect(sourceUrlPolicyFor({ host: '127.0.0.1', publicUrl: undefined }, {}).addressAllowed('10.0.0.1')).toBe(false);
    expect(sourceUrlPolicyFor({ host: '0.0.0.0', publicUrl: undefined }, {}).addressAllowed('127.0.0.1')).toBe(false);
    expect(sourceUrlPolicyFor({ host: '0.0.0.0', publicUrl: undefined }, { allowHosts: ['127.0.0.1'] }).addressAllowed('127.0.0.1')).toBe(true);
    // A loopback hub whose admin wants no exceptions denies loopback explicitly.
    expect(sourceUrlPolicyFor({ host: '127.0.0.1', publicUrl: undefined }, { denyHosts: ['127.0.0.0/8'] }).addressAllowed('127.0.0.1')).toBe(false);
  });
});
