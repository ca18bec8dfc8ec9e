import { BlockList, isIP } from 'node:net';

/**
 * The addresses YooKassa sends notifications from, as published in its documentation.
 * `YOOKASSA_ALLOWED_SOURCES` replaces them.
 */
export const YOOKASSA_NOTIFICATION_SOURCES = [
  '185.71.76.0/27',
  '185.71.77.0/27',
  '77.75.153.0/25',
  '77.75.154.128/25',
  '77.75.156.11',
  '77.75.156.35',
  '2a02:5180::/32',
] as const;

/** A parsed list of addresses and CIDR ranges. */
export interface AddressList {
  has(address: string): boolean;
}

/**
 * Parses addresses and CIDR ranges (`10.0.0.5`, `10.0.0.0/8`, `2a02:5180::/32`).
 *
 * @param label names the list in the error, such as the variable it came from.
 * @throws Error naming the first entry that is no address or range.
 */
export function parseAddressList(entries: readonly string[], label: string): AddressList {
  const list = new BlockList();
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry === '') {
      continue;
    }
    const [address = '', prefix, extra] = entry.split('/');
    const family = isIP(address);
    const bits = Number(prefix);
    if (
      family === 0 ||
      extra !== undefined ||
      (prefix !== undefined &&
        !(/^\d+$/.test(prefix) && bits >= 0 && bits <= (family === 4 ? 32 : 128)))
    ) {
      throw new Error(`${label}: "${entry}" is not an IP address or CIDR range`);
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) {
      list.addAddress(address, type);
    } else {
      list.addSubnet(address, bits, type);
    }
  }
  return {
    has(address) {
      const plain = unwrapMapped(address.trim());
      const family = isIP(plain);
      return family !== 0 && list.check(plain, family === 4 ? 'ipv4' : 'ipv6');
    },
  };
}

/** `::ffff:1.2.3.4` (an IPv4 peer on a dual-stack socket) → `1.2.3.4`. */
function unwrapMapped(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? (mapped[1] as string) : address;
}

/** Options of {@link notificationSourceCheck}. */
export interface NotificationSourceOptions {
  /** Where notifications may come from. Default {@link YOOKASSA_NOTIFICATION_SOURCES}. */
  allowed?: readonly string[];
  /**
   * Proxies in front of this server (a load balancer, a TLS terminator). Only a request
   * whose peer is one of them has its `X-Forwarded-For` read. Default none.
   */
  trustedProxies?: readonly string[];
}

/**
 * Builds the check of a notification's source: the client address is the peer, or,
 * when the peer is a trusted proxy, the right-most `X-Forwarded-For` entry that is not
 * itself a trusted proxy (entries to its left were written by the client and prove
 * nothing). The check answers true only for an allowed client address.
 *
 * @throws Error naming a bad entry in either list.
 */
export function notificationSourceCheck(
  options: NotificationSourceOptions = {},
): (remoteAddress: string, forwardedFor?: string | readonly string[] | undefined) => boolean {
  const allowed = parseAddressList(
    options.allowed ?? YOOKASSA_NOTIFICATION_SOURCES,
    'YOOKASSA_ALLOWED_SOURCES',
  );
  const proxies = parseAddressList(options.trustedProxies ?? [], 'YOOKASSA_TRUSTED_PROXIES');
  return (remoteAddress, forwardedFor) => {
    const client = clientAddress(remoteAddress, forwardedFor, proxies);
    return client !== undefined && allowed.has(client);
  };
}

/**
 * The address of the client behind the trusted proxies, or `undefined` when a trusted
 * proxy forwarded something that is no address (or nothing at all).
 */
export function clientAddress(
  remoteAddress: string,
  forwardedFor: string | readonly string[] | undefined,
  trustedProxies: AddressList,
): string | undefined {
  if (!trustedProxies.has(remoteAddress)) {
    return remoteAddress;
  }
  const hops = (typeof forwardedFor === 'string' ? [forwardedFor] : (forwardedFor ?? []))
    .flatMap((header) => header.split(','))
    .map((hop) => hop.trim())
    .filter((hop) => hop !== '');
  for (let index = hops.length - 1; index >= 0; index -= 1) {
    const hop = hops[index] as string;
    if (isIP(unwrapMapped(hop)) === 0) {
      return undefined;
    }
    if (!trustedProxies.has(hop)) {
      return hop;
    }
  }
  return undefined;
}
