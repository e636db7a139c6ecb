/**
 * Partners type their ConnectWise `siteUrl` into the bridge, and the bridge then sends their keys
 * there. This guard keeps that URL from pointing at us: only https to a public DNS name is
 * accepted, so a partner cannot aim our Lambdas at the metadata service, loopback or a private
 * network. The local stack lifts the check for its simulator on http://127.0.0.1:PORT.
 *
 * A public DNS name that resolves to a private address (`169.254.169.254.nip.io`) is refused at
 * request time by `resolvedAddressGuard`. Not covered: a name that answers a public address to
 * that check and a private one to fetch's own lookup a moment later (DNS rebinding with a zero
 * TTL); pinning the checked address needs a connect-time hook of the HTTP stack.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { PartnerConfigurationError } from '../errors.js';

export interface SiteUrlGuardOptions {
  /** Accept http and private or loopback hosts (the local stack's simulator only). @default false */
  readonly allowPrivateSiteUrl?: boolean;
}

const dnsLabel = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const reservedSuffixes = ['.localhost', '.local', '.internal', '.localdomain', '.home.arpa'];

const ipv4Problem = (host: string): string => {
  const [a = 0, b = 0] = host.split('.').map(Number);
  if (a === 127 || a === 0) return 'a loopback address';
  if (a === 169 && b === 254) return 'a link-local address';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'a private address';
  if (a === 100 && b >= 64 && b <= 127) return 'a carrier-grade NAT address';
  return 'an IP address, not a DNS name';
};

const ipv6Problem = (host: string): string => {
  const lower = host.toLowerCase();
  if (lower === '::1' || lower === '::') return 'a loopback address';
  if (/^fe[89ab]/.test(lower)) return 'a link-local address';
  if (/^f[cd]/.test(lower)) return 'a unique-local address';
  if (lower.startsWith('::ffff:')) return 'an IPv4-mapped address';
  return 'an IP address, not a DNS name';
};

/** Why `hostname` is not a public DNS name, or undefined when it is one. */
const hostnameProblem = (hostname: string): string | undefined => {
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  const version = isIP(bare);
  if (version === 4) return ipv4Problem(bare);
  if (version === 6) return ipv6Problem(bare);
  const name = bare.replace(/\.$/, '').toLowerCase();
  if (name === 'localhost' || reservedSuffixes.some((suffix) => name.endsWith(suffix))) {
    return 'a local host name';
  }
  const labels = name.split('.');
  if (labels.length < 2) return 'a single-label host name';
  if (!labels.every((label) => dnsLabel.test(label))) return 'not a valid DNS name';
  if (/^[0-9]+$/.test(labels.at(-1) ?? '')) return 'not a valid DNS name';
  return undefined;
};

const refuse = (problem: string): never => {
  throw new PartnerConfigurationError(`ConnectWise siteUrl refused: ${problem}`);
};

/**
 * Checks a partner's ConnectWise `siteUrl` and returns its origin (`https://host[:port]`).
 * @throws PartnerConfigurationError naming the problem; the URL itself is not echoed, since a
 * mistyped one may carry credentials.
 */
export const assertSafeSiteUrl = (siteUrl: string, options: SiteUrlGuardOptions = {}): string => {
  let url: URL;
  try {
    url = new URL(siteUrl);
  } catch {
    return refuse('not a valid URL');
  }
  if (url.username !== '' || url.password !== '') refuse('it must not contain credentials');
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    refuse('it must be the site root, without a path, query or fragment');
  }
  if (options.allowPrivateSiteUrl === true) {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') refuse('it must use http or https');
    return url.origin;
  }
  if (url.protocol !== 'https:') refuse('it must use https');
  const problem = hostnameProblem(url.hostname);
  if (problem !== undefined) refuse(`the host is ${problem}`);
  return url.origin;
};

/** Why a resolved address must not receive our keys, or undefined when it is public. */
export const resolvedAddressProblem = (address: string): string | undefined => {
  const version = isIP(address);
  if (version === 4) {
    const problem = ipv4Problem(address);
    return problem === 'an IP address, not a DNS name' ? undefined : problem;
  }
  if (version === 6) {
    const lower = address.toLowerCase();
    // An IPv4-mapped address is as private as the IPv4 address it maps.
    if (lower.startsWith('::ffff:') && isIP(lower.slice(7)) === 4)
      return resolvedAddressProblem(lower.slice(7));
    const problem = ipv6Problem(lower);
    return problem === 'an IP address, not a DNS name' ? undefined : problem;
  }
  return 'not an address';
};

/** Resolves a host name to every address it has. */
export type HostLookup = (hostname: string) => Promise<readonly { address: string }[]>;

const systemLookup: HostLookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** How long a host's checked addresses are trusted before it is looked up again. */
const resolvedCacheMs = 60_000;

/**
 * `fetch` that first resolves the request's host and refuses it when any address is private,
 * loopback, link-local or otherwise internal: a public name can point anywhere. Results are kept
 * a minute per host; a failed lookup is left to fetch, which fails the same way and is retried.
 */
export const resolvedAddressGuard = (
  inner: typeof fetch,
  lookup: HostLookup = systemLookup,
  now: () => number = Date.now,
): typeof fetch => {
  const checked = new Map<string, number>();
  return async (input, init) => {
    const { hostname } = new URL(input instanceof Request ? input.url : String(input));
    const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
    if (isIP(bare) === 0 && (checked.get(bare) ?? 0) <= now()) {
      let addresses: readonly { address: string }[] | undefined;
      try {
        addresses = await lookup(bare);
      } catch {
        addresses = undefined;
      }
      for (const { address } of addresses ?? []) {
        const problem = resolvedAddressProblem(address);
        if (problem !== undefined) refuse(`the host resolves to ${problem}`);
      }
      if (addresses !== undefined) checked.set(bare, now() + resolvedCacheMs);
    }
    return inner(input, init);
  };
};
