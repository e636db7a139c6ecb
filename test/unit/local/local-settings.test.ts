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
        dataSyncWindowSeconds: 43_200,
        adminToken: 'local-admin-token',
        demoWebhookSecret: 'local-demo-webhook-secret',
      });
    });
  });

  describe('given DATA_SYNC_WINDOW_SECONDS', () => {
    it('hands the sync function a shorter window, so the 12-hour throttle can be tried in a minute', () => {
      expect(readLocalStackOptions({ DATA_SYNC_WINDOW_SECONDS: '60' }).dataSyncWindowSeconds).toBe(60);
    });

    it('refuses a window of zero seconds, naming the variable', () => {
      expect(() => readLocalStackOptions({ DATA_SYNC_WINDOW_SECONDS: '0' })).toThrow(
        /DATA_SYNC_WINDOW_SECONDS/,
      );
    });
  });

  describe('given DEMO_WEBHOOK_SECRET', () => {
    it('refuses one shorter than the admin API allows, naming the variable', () => {
      expect(() => readLocalStackOptions({ DEMO_WEBHOOK_SECRET: 'short' })).toThrow(/DEMO_WEBHOOK_SECRET/);
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
