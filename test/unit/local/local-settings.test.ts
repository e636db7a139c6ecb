import { describe, expect, it } from 'vitest';
import { readLocalStackOptions } from '../../../local/local-settings.js';
import { ConfigurationError } from '../../../shared/config/env.js';

describe('readLocalStackOptions', () => {
  describe('given no variables', () => {
    it('uses the documented ports and the printed demo credentials', () => {
      expect(readLocalStackOptions({})).toMatchObject({
        port: 3000,
        simulatorPort: 3001,
        motoPort: 5050,
        syncDelaySeconds: 60,
        adminToken: 'local-admin-token',
        demoWebhookSecret: 'local-demo-webhook-secret',
      });
    });
  });

  describe('given BRIDGE_ADMIN_TOKEN', () => {
    it('takes a token that can be sent as a bearer token', () => {
      expect(readLocalStackOptions({ BRIDGE_ADMIN_TOKEN: 's3cr3t-T0ken' }).adminToken).toBe('s3cr3t-T0ken');
    });

    it.each(['two words', ' padded', ''])(
      'refuses %j at startup, naming the variable, since no Authorization header could carry it',
      (token) => {
        expect(() => readLocalStackOptions({ BRIDGE_ADMIN_TOKEN: token })).toThrow(ConfigurationError);
        expect(() => readLocalStackOptions({ BRIDGE_ADMIN_TOKEN: token })).toThrow(/BRIDGE_ADMIN_TOKEN/);
      },
    );
  });
});
