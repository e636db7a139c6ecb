import { describe, expect, it } from 'vitest';
import { assertSafeSiteUrl } from '../../../shared/connectwise/site-url-guard.js';
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
