import { lookup as dnsLookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { HostRefusedError, type HostGuard } from '@flotilla/git-source';

// Which hosts the hub may fetch sources from. A user who may create a GitRepository could otherwise aim the
// hub at addresses only the hub can reach (the cloud metadata service, a database port on the pod network)
// and read the answers, or their timing, back from the source's status. By default only public unicast
// addresses are allowed; an admin allows internal ones by CIDR or host name and can deny more.
//
// The check runs on the addresses a name resolves to, and the connection is made to exactly those
// addresses (see `lookup`), so a name cannot pass the check and then be re-resolved elsewhere. Every
// redirect hop goes through it again.

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

export type HostRule = { kind: 'cidr'; text: string; cidr: Cidr } | { kind: 'name'; text: string; name: string; wildcard: boolean } | { kind: 'any'; text: string };

/** The one message for every refusal: it never says whether the host exists or the port is open. */
export const policyRefusal = 'URL not allowed by the source policy';

export class SourcePolicyError extends HostRefusedError {
  constructor() {
    super(policyRefusal);
    this.name = 'SourcePolicyError';
  }
}

const hostName = /^(\*\.)?([a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/;

/** One entry of FLOTILLA_SOURCE_ALLOW_HOSTS / _DENY_HOSTS: `*`, an IP, a CIDR, a host name or `*.domain`. */
export function parseHostRule(raw: string): HostRule | { error: string } {
  const text = raw.trim().toLowerCase();
  if (text === '*') return { kind: 'any', text };
  if (text.includes('/')) {
    const [addr = '', bits = ''] = text.split('/');
    if (!/^\d{1,3}$/.test(bits) || !isAddress(addr)) return { error: `"${raw}" is not a CIDR (e.g. 10.0.0.0/8 or fd00::/8)` };
    try {
      return { kind: 'cidr', text, cidr: ipaddr.parseCIDR(text) };
    } catch {
      return { error: `"${raw}" is not a CIDR (e.g. 10.0.0.0/8 or fd00::/8)` };
    }
  }
  const unbracketed = text.replace(/^\[(.*)\]$/, '$1');
  if (isAddress(unbracketed)) {
    const ip = ipaddr.parse(unbracketed);
    return { kind: 'cidr', text, cidr: [ip, ip.kind() === 'ipv4' ? 32 : 128] };
  }
  const name = text.replace(/\.$/, '');
  // All-digit names are address typos (`127.1`), not host names.
  if (!hostName.test(name) || name.length > 253 || /^[\d.]+$/.test(name)) return { error: `"${raw}" is neither an IP address, a CIDR nor a host name` };
  return name.startsWith('*.') ? { kind: 'name', text, name: name.slice(2), wildcard: true } : { kind: 'name', text, name, wildcard: false };
}

/** A comma- or space-separated list of host rules; errors name every bad entry. */
export function parseHostRules(value: string): { ok: true; rules: HostRule[] } | { ok: false; errors: string[] } {
  const rules: HostRule[] = [];
  const errors: string[] = [];
  for (const entry of value.split(/[\s,]+/).filter(Boolean)) {
    const r = parseHostRule(entry);
    if ('error' in r) errors.push(r.error);
    else rules.push(r);
  }
  return errors.length ? { ok: false, errors } : { ok: true, rules };
}

/** An optional environment variable holding a host list: its normalised entries, or one error naming each bad one. */
export function hostListSchema(name: string) {
  return z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined;
      const r = parseHostRules(v);
      if (r.ok) return r.rules.map((rule) => rule.text);
      ctx.addIssue({ code: 'custom', message: `${name}: ${r.errors.join('; ')}` });
      return z.NEVER;
    });
}

// Four-part decimal IPv4 or IPv6 only: ipaddr.js also takes `127.1` and hex forms, which a config entry
// should spell out. (URL hosts arrive normalised by WHATWG URL parsing, which turns those forms into four parts.)
function isAddress(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text) || ipaddr.IPv6.isValid(text);
}

/** An IPv4-mapped IPv6 address is its IPv4 address: `::ffff:127.0.0.1` is loopback. Zone ids are dropped. */
function normalised(address: string): ipaddr.IPv4 | ipaddr.IPv6 {
  return ipaddr.process(address.replace(/%.*$/, ''));
}

function parsed(address: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  try {
    return normalised(address);
  } catch {
    return undefined;
  }
}

function inCidr(ip: ipaddr.IPv4 | ipaddr.IPv6, [range, bits]: Cidr): boolean {
  if (ip.kind() !== range.kind()) return false;
  return ip.kind() === 'ipv4' ? (ip as ipaddr.IPv4).match(range as ipaddr.IPv4, bits) : (ip as ipaddr.IPv6).match(range as ipaddr.IPv6, bits);
}

function nameMatches(host: string, rule: Extract<HostRule, { kind: 'name' }>): boolean {
  return rule.wildcard ? host.endsWith(`.${rule.name}`) : host === rule.name;
}

export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export interface SourceUrlPolicyOptions {
  allow?: readonly HostRule[];
  deny?: readonly HostRule[];
  resolver?: Resolver;
}

export class SourceUrlPolicy implements HostGuard {
  readonly refusal = policyRefusal;
  private readonly allow: readonly HostRule[];
  private readonly deny: readonly HostRule[];
  private readonly resolver: Resolver;

  constructor(opts: SourceUrlPolicyOptions = {}) {
    this.allow = opts.allow ?? [];
    this.deny = opts.deny ?? [];
    this.resolver = opts.resolver ?? systemResolver;
  }

  /** For the startup log: what is allowed and denied beyond the default. */
  describe(): { allow: string[]; deny: string[] } {
    return { allow: this.allow.map((r) => r.text), deny: this.deny.map((r) => r.text) };
  }

  /**
   * Decides what can be decided without DNS: the scheme, a host name on the deny list, an IP literal.
   * `resolve` means the addresses the name resolves to decide.
   */
  checkHost(url: URL): 'allowed' | 'refused' | 'resolve' {
    if (url.protocol !== 'http:' && url.protocol !== 'https:' && url.protocol !== 'ssh:') return 'refused';
    const host = url.hostname.toLowerCase().replace(/\.$/, '');
    const literal = host.replace(/^\[(.*)\]$/, '$1');
    if (isAddress(literal)) return this.addressAllowed(literal) ? 'allowed' : 'refused';
    for (const rule of this.deny) if (rule.kind === 'any' || (rule.kind === 'name' && nameMatches(host, rule))) return 'refused';
    return 'resolve';
  }

  /** True when an address may be connected to: not denied, and public or allowed. */
  addressAllowed(address: string): boolean {
    const ip = parsed(address);
    if (!ip || this.denied(ip)) return false;
    if (this.allow.some((rule) => rule.kind === 'any' || (rule.kind === 'cidr' && inCidr(ip, rule.cidr)))) return true;
    // Loopback, private, link-local (169.254/16, the metadata service), unspecified, CGNAT, multicast,
    // unique-local and every other special range: only plain unicast is public.
    return ip.range() === 'unicast';
  }

  private denied(ip: ipaddr.IPv4 | ipaddr.IPv6): boolean {
    return this.deny.some((rule) => rule.kind === 'any' || (rule.kind === 'cidr' && inCidr(ip, rule.cidr)));
  }

  private nameAllowed(hostname: string): boolean {
    const host = hostname.toLowerCase().replace(/\.$/, '');
    return this.allow.some((rule) => rule.kind === 'any' || (rule.kind === 'name' && nameMatches(host, rule)));
  }

  /** Refuses the URL's host (SourcePolicyError) unless the policy lets the hub reach it, resolving names. */
  async assertReachable(url: URL): Promise<void> {
    const verdict = this.checkHost(url);
    if (verdict === 'refused') throw new SourcePolicyError();
    if (verdict === 'resolve') await this.resolve(url.hostname);
  }

  /**
   * Resolves a host name and checks every address. An allowed name is trusted wherever it resolves, except
   * into an explicitly denied range. Otherwise every address must pass: one bad address refuses the name,
   * so an answer mixing public and internal addresses cannot win by luck. Throws SourcePolicyError.
   */
  async resolve(hostname: string): Promise<{ address: string; family: number }[]> {
    const addresses = await this.resolver(hostname);
    const trusted = this.nameAllowed(hostname);
    const ok =
      addresses.length > 0 &&
      addresses.every((a) => {
        const ip = parsed(a.address);
        return trusted ? ip !== undefined && !this.denied(ip) : this.addressAllowed(a.address);
      });
    if (!ok) throw new SourcePolicyError();
    return addresses;
  }
}

/** The hub's own listen address and public URL: a hub reachable only from this machine. */
export function hubIsLoopbackOnly(http: { host: string; publicUrl: string | undefined }): boolean {
  const loopback = (host: string): boolean => {
    const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
    if (h === 'localhost') return true;
    return isAddress(h) && normalised(h).range() === 'loopback';
  };
  if (!loopback(http.host)) return false;
  if (http.publicUrl === undefined) return true;
  try {
    return loopback(new URL(http.publicUrl).hostname);
  } catch {
    return false;
  }
}

export const loopbackRules: readonly HostRule[] = [parseHostRule('127.0.0.0/8'), parseHostRule('::1/128')].filter((r): r is HostRule => !('error' in r));

/**
 * The policy a hub runs with. A hub that only listens on loopback (the embedded default, `pnpm start`) is
 * only reachable by users of this machine, who can reach its loopback ports anyway, so loopback is allowed
 * there: a local git server keeps working. Any other hub refuses loopback unless allowed.
 */
export function sourceUrlPolicyFor(
  http: { host: string; publicUrl: string | undefined },
  lists: { allowHosts?: readonly string[]; denyHosts?: readonly string[] },
  resolver?: Resolver,
): SourceUrlPolicy {
  const compile = (entries: readonly string[] | undefined, what: string): HostRule[] => {
    const r = parseHostRules((entries ?? []).join(','));
    if (!r.ok) throw new Error(`invalid ${what}: ${r.errors.join('; ')}`);
    return r.rules;
  };
  const allow = [...(hubIsLoopbackOnly(http) ? loopbackRules : []), ...compile(lists.allowHosts, 'source allow list')];
  return new SourceUrlPolicy({ allow, deny: compile(lists.denyHosts, 'source deny list'), ...(resolver ? { resolver } : {}) });
}
