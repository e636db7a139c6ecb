/**
 * Partners type their ConnectWise `siteUrl` into the bridge, and the bridge then sends their keys
 * there. This guard keeps that URL from pointing at us: only https to a public DNS name is
 * accepted, so a partner cannot aim our Lambdas at the metadata service, loopback or a private
 * network. The local stack lifts the check for its simulator on http://127.0.0.1:PORT.
 *
 * Not covered: a public DNS name that resolves to a private address (DNS rebinding); that needs
 * a check at connect time.
 */
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
