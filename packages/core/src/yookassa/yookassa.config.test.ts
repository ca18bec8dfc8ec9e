import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../config/index.js';
import { YOOKASSA_VARIABLES, yookassaSettings } from './yookassa.config.js';

const SECRET = 'test_Q2hhbmdlTWVQbGVhc2VJdElzQVNlY3JldA';
const valid = {
  YOOKASSA_SHOP_ID: '123456',
  YOOKASSA_SECRET_KEY: SECRET,
  YOOKASSA_VAT_CODE: '11',
};

function problems(source: Record<string, string>) {
  try {
    parseConfig('sales-bot', YOOKASSA_VARIABLES, source);
  } catch (error) {
    if (error instanceof ConfigError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('YooKassa configuration', () => {
  it('defaults to the production API and YooKassa’s sources', () => {
    const config = parseConfig('sales-bot', YOOKASSA_VARIABLES, valid);
    expect(config).toMatchObject({
      YOOKASSA_API_URL: 'https://api.yookassa.ru/v3',
      YOOKASSA_VAT_CODE: 11,
    });
    const settings = yookassaSettings(config);
    expect(settings.tax).toEqual({ vatCode: 11, taxSystemCode: undefined });
    expect(settings.isAllowedSource('185.71.76.1')).toBe(true);
    expect(settings.isAllowedSource('127.0.0.1')).toBe(false);
  });

  it('names every bad variable with what it expects, never echoing the secret', () => {
    const error = problems({
      YOOKASSA_SHOP_ID: 'shop',
      YOOKASSA_SECRET_KEY: 'sk_live_oops_secret_value',
      YOOKASSA_VAT_CODE: '22',
      YOOKASSA_TAX_SYSTEM_CODE: '9',
      YOOKASSA_API_URL: 'ftp://x',
      YOOKASSA_ALLOWED_SOURCES: '185.71.76.0/27,nowhere',
    });
    expect(error.problems.map((problem) => problem.variable).sort()).toEqual([
      'YOOKASSA_ALLOWED_SOURCES',
      'YOOKASSA_API_URL',
      'YOOKASSA_SECRET_KEY',
      'YOOKASSA_SHOP_ID',
      'YOOKASSA_TAX_SYSTEM_CODE',
      'YOOKASSA_VAT_CODE',
    ]);
    expect(error.message).toContain('11 for 22 % VAT (since 2026-01-01)');
    expect(error.message).toContain('live_… or test_…');
    expect(error.message).not.toContain('oops_secret_value');
    const missing = problems({});
    expect(missing.problems.filter((problem) => problem.problem === 'missing')).toHaveLength(3);
  });

  it('takes the sandbox’s URL, a tax system code, sources and proxies', () => {
    const config = parseConfig('sales-bot', YOOKASSA_VARIABLES, {
      ...valid,
      YOOKASSA_VAT_CODE: '7',
      YOOKASSA_TAX_SYSTEM_CODE: '2',
      YOOKASSA_API_URL: 'http://127.0.0.1:8081/v3',
      YOOKASSA_ALLOWED_SOURCES: '127.0.0.2, 127.0.0.3',
      YOOKASSA_TRUSTED_PROXIES: '10.0.0.0/8',
    });
    const settings = yookassaSettings(config);
    expect(settings.client.apiUrl).toBe('http://127.0.0.1:8081/v3');
    expect(settings.tax).toEqual({ vatCode: 7, taxSystemCode: 2 });
    expect(settings.isAllowedSource('10.0.0.1', '127.0.0.3')).toBe(true);
  });
});
