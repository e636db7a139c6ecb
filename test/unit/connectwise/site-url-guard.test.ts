import { describe, expect, it } from 'vitest';
import {
  assertSafeSiteUrl,
  resolvedAddressGuard,
  resolvedAddressProblem,
} from '../../../shared/connectwise/site-url-guard.js';
import { PartnerConfigurationError } from '../../../shared/errors.js';

describe('siteUrl guard', () => {
  describe('outside the local stack', () => {
    it.each([
      ['http://10.0.0.1', /https/],
      ['http://na.myconnectwise.net', /https/],
      ['https://localhost', /local host name/],
      ['https://api.localhost', /local host name/],
      ['https://127.0.0.1', /loopback/],
      ['https://2130706433', /loopback/],
      ['https://169.254.169.254', /link-local/],
      ['https://[::1]', /loopback/],
      ['https://[fe80::1]', /link-local/],
      ['https://[fd00::1]', /unique-local/],
      ['https://[::ffff:10.0.0.1]', /IPv4-mapped|private/],
      ['https://192.168.1.5', /private/],
      ['https://172.16.4.2', /private/],
      ['https://10.1.2.3', /private/],
      ['https://100.64.0.1', /carrier-grade NAT/],
      ['https://8.8.8.8', /IP address/],
      ['https://intranet', /single-label/],
      ['https://user:pass@na.myconnectwise.net', /credentials/],
      ['https://na.myconnectwise.net/v4_6_release', /site root/],
      ['https://na.myconnectwise.net/?x=1', /site root/],
      ['not a url', /valid URL/],
    ])('refuses %s', (siteUrl, problem) => {
      expect(() => assertSafeSiteUrl(siteUrl)).toThrow(PartnerConfigurationError);
      expect(() => assertSafeSiteUrl(siteUrl)).toThrow(problem);
    });

    it.each([
      ['https://na.myconnectwise.net', 'https://na.myconnectwise.net'],
      ['https://na.myconnectwise.net/', 'https://na.myconnectwise.net'],
      ['https://cw.example.com:8443', 'https://cw.example.com:8443'],
    ])('accepts %s as %s', (siteUrl, origin) => {
      expect(assertSafeSiteUrl(siteUrl)).toBe(origin);
    });

    it('does not echo the URL, which may carry credentials', () => {
      expect(() => assertSafeSiteUrl('https://user:s3cret@na.myconnectwise.net')).toThrow(
        expect.objectContaining({ message: expect.not.stringContaining('s3cret') }),
      );
    });
  });

  describe('in the local stack', () => {
    it('accepts the simulator on http://127.0.0.1 when private site URLs are allowed', () => {
      expect(assertSafeSiteUrl('http://127.0.0.1:4010', { allowPrivateSiteUrl: true })).toBe(
        'http://127.0.0.1:4010',
      );
    });

    it('still refuses credentials and other schemes', () => {
      expect(() => assertSafeSiteUrl('http://a:b@127.0.0.1:4010', { allowPrivateSiteUrl: true })).toThrow(
        /credentials/,
      );
      expect(() => assertSafeSiteUrl('file:///etc/passwd', { allowPrivateSiteUrl: true })).toThrow();
    });
  });
});

describe('resolvedAddressProblem', () => {
  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['169.254.169.254', 'a link-local address'],
    ['10.1.2.3', 'a private address'],
    ['172.20.0.1', 'a private address'],
    ['192.168.1.1', 'a private address'],
    ['100.64.0.1', 'a carrier-grade NAT address'],
    ['::1', 'a loopback address'],
    ['fd00:ec2::254', 'a unique-local address'],
    ['fe80::1', 'a link-local address'],
    ['::ffff:10.0.0.1', 'a private address'],
  ])('refuses %s as %s', (address, problem) => {
    expect(resolvedAddressProblem(address)).toBe(problem);
  });

  it.each(['52.1.2.3', '203.0.113.10', '2600:1f18::1'])('accepts the public address %s', (address) => {
    expect(resolvedAddressProblem(address)).toBeUndefined();
  });
});

describe('resolvedAddressGuard', () => {
  const answering = () => {
    const sent: string[] = [];
    const inner: typeof fetch = async (input) => {
      sent.push(String(input));
      return new Response('{}', { status: 200 });
    };
    return { inner, sent };
  };

  it('refuses a public name that resolves to the metadata service, and sends nothing', async () => {
    const { inner, sent } = answering();
    const guarded = resolvedAddressGuard(inner, async () => [{ address: '169.254.169.254' }]);
    await expect(guarded('https://169.254.169.254.nip.io/v4_6_release/apis/3.0/x')).rejects.toThrow(
      'ConnectWise siteUrl refused: the host resolves to a link-local address',
    );
    expect(sent).toEqual([]);
  });

  it('refuses a name with any private address among its answers', async () => {
    const { inner } = answering();
    const guarded = resolvedAddressGuard(inner, async () => [
      { address: '52.1.2.3' },
      { address: '10.0.0.5' },
    ]);
    await expect(guarded('https://na.example.com/x')).rejects.toBeInstanceOf(PartnerConfigurationError);
  });

  it('sends to a public address, looking the host up once a minute', async () => {
    const { inner, sent } = answering();
    const clock = { now: 0 };
    let lookups = 0;
    const guarded = resolvedAddressGuard(
      inner,
      async () => {
        lookups += 1;
        return [{ address: '52.1.2.3' }];
      },
      () => clock.now,
    );
    await guarded('https://na.example.com/a');
    await guarded('https://na.example.com/b');
    clock.now = 61_000;
    await guarded('https://na.example.com/c');
    expect(sent).toHaveLength(3);
    expect(lookups).toBe(2);
  });

  it('leaves a failed lookup to fetch, which fails the same way and is retried', async () => {
    const { inner, sent } = answering();
    const guarded = resolvedAddressGuard(inner, async () => {
      throw new Error('ENOTFOUND');
    });
    await guarded('https://na.example.com/a');
    expect(sent).toHaveLength(1);
  });
});
