// Settings from the environment: defaults, overrides, and a readable refusal of nonsense.
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

const env = (vars: Record<string, string>) => vars as NodeJS.ProcessEnv;

describe('loadConfig', () => {
  it('limits log-ins to 10 a minute per address unless YIMEN_LOGIN_RATE_PER_MINUTE says otherwise', () => {
    expect(loadConfig(env({})).loginRatePerMinute).toBe(10);
    expect(loadConfig(env({ YIMEN_LOGIN_RATE_PER_MINUTE: '1000' })).loginRatePerMinute).toBe(1000);
  });

  it('lets an API key post 60 Open311 requests a minute unless YIMEN_OPEN311_RATE_PER_MINUTE says otherwise', () => {
    expect(loadConfig(env({})).open311PostPerMinute).toBe(60);
    expect(loadConfig(env({ YIMEN_OPEN311_RATE_PER_MINUTE: '600' })).open311PostPerMinute).toBe(600);
  });

  it('refuses a number that is not a non-negative integer, naming the value', () => {
    expect(() => loadConfig(env({ YIMEN_LOGIN_RATE_PER_MINUTE: 'ten' }))).toThrow(/ten/);
    expect(() => loadConfig(env({ PORT: '-1' }))).toThrow(/-1/);
  });
});
