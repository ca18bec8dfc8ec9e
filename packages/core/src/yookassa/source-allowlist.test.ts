import { describe, expect, it } from 'vitest';
import { notificationSourceCheck, parseAddressList } from './source-allowlist.js';

describe('YooKassa notification sources', () => {
  const isYookassa = notificationSourceCheck();

  it.each([
    '185.71.76.0',
    '185.71.76.31',
    '185.71.77.17',
    '77.75.153.127',
    '77.75.154.128',
    '77.75.154.255',
    '77.75.156.11',
    '77.75.156.35',
    '2a02:5180::1',
    '2a02:5180:ffff::1',
    '::ffff:185.71.76.5',
  ])('accepts %s', (address) => {
    expect(isYookassa(address)).toBe(true);
  });

  it.each([
    '185.71.76.32',
    '185.71.78.1',
    '77.75.153.128',
    '77.75.154.127',
    '77.75.156.12',
    '127.0.0.1',
    '10.0.0.1',
    '2a02:5181::1',
    '::1',
    'not-an-address',
    '',
  ])('refuses %s', (address) => {
    expect(isYookassa(address)).toBe(false);
  });

  it('ignores X-Forwarded-For from a peer that is no trusted proxy', () => {
    expect(isYookassa('203.0.113.9', '185.71.76.5')).toBe(false);
    expect(isYookassa('185.71.76.5', '203.0.113.9')).toBe(true);
  });

  it('reads X-Forwarded-For from a trusted proxy: the right-most hop that is no proxy', () => {
    const behindProxy = notificationSourceCheck({ trustedProxies: ['10.0.0.0/8', '127.0.0.1'] });
    expect(behindProxy('10.1.2.3', '185.71.76.5')).toBe(true);
    expect(behindProxy('10.1.2.3', '203.0.113.9')).toBe(false);
    // A client that writes a YooKassa address itself stays on the left: not believed.
    expect(behindProxy('10.1.2.3', '185.71.76.5, 203.0.113.9')).toBe(false);
    expect(behindProxy('127.0.0.1', ['203.0.113.9, 185.71.77.1', '10.0.0.7'])).toBe(true);
    expect(behindProxy('10.1.2.3', undefined)).toBe(false);
    expect(behindProxy('10.1.2.3', 'garbage')).toBe(false);
    // The proxy's own address is not YooKassa's.
    expect(behindProxy('10.1.2.3', '10.0.0.9')).toBe(false);
  });

  it('takes another list of sources', () => {
    const local = notificationSourceCheck({ allowed: ['127.0.0.2'] });
    expect(local('127.0.0.2')).toBe(true);
    expect(local('185.71.76.5')).toBe(false);
  });

  it('names a bad entry', () => {
    expect(() => parseAddressList(['10.0.0.0/33'], 'YOOKASSA_ALLOWED_SOURCES')).toThrow(
      'YOOKASSA_ALLOWED_SOURCES: "10.0.0.0/33" is not an IP address or CIDR range',
    );
    expect(() => notificationSourceCheck({ trustedProxies: ['proxy.local'] })).toThrow(
      /YOOKASSA_TRUSTED_PROXIES: "proxy.local"/,
    );
  });
});
