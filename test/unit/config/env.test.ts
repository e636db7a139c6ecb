import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ConfigurationError, integerWithDefault, loadConfig } from '../../../shared/config/env.js';

const schema = z.object({ SYNC_DELAY_SECONDS: integerWithDefault(60, 0, 900) });

describe('loadConfig with integerWithDefault', () => {
  describe('given the variable unset or set but empty', () => {
    it.each([{}, { SYNC_DELAY_SECONDS: '' }, { SYNC_DELAY_SECONDS: '  ' }])(
      'uses the documented default for %j',
      (env) => {
        expect(loadConfig(schema, env).SYNC_DELAY_SECONDS).toBe(60);
      },
    );
  });

  describe('given a value', () => {
    it('parses an integer, including 0', () => {
      expect(loadConfig(schema, { SYNC_DELAY_SECONDS: '0' }).SYNC_DELAY_SECONDS).toBe(0);
      expect(loadConfig(schema, { SYNC_DELAY_SECONDS: '15' }).SYNC_DELAY_SECONDS).toBe(15);
    });

    it.each(['abc', '1.5', '901', '-1'])('fails at load naming the variable for %s', (value) => {
      expect(() => loadConfig(schema, { SYNC_DELAY_SECONDS: value })).toThrow(ConfigurationError);
      expect(() => loadConfig(schema, { SYNC_DELAY_SECONDS: value })).toThrow(/SYNC_DELAY_SECONDS/);
    });
  });
});
