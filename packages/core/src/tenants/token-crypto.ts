import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/**
 * Encrypts a bot token with AES-256-GCM under `key` (32 bytes), with a random 96-bit
 * IV. The result, `v1:<iv>:<tag>:<ciphertext>` in base64url, is what the database holds.
 */
export function encryptToken(token: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv, tag, data]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join(':');
}

/**
 * Decrypts what {@link encryptToken} produced.
 *
 * @throws Error when the value is malformed, was encrypted under another key, or was
 * tampered with. The message never contains the value.
 */
export function decryptToken(encrypted: string, key: Buffer): string {
  const [version, iv, tag, data] = encrypted.split(':');
  if (version !== VERSION || !iv || !tag || data === undefined) {
    throw new Error('Encrypted bot token is malformed');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(data, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new Error('Bot token cannot be decrypted: wrong TOKEN_ENCRYPTION_KEY or tampered value');
  }
}

/**
 * A keyed hash of the token (HMAC-SHA256 under the encryption key), stored beside the
 * ciphertext so that a tenant can be found by its token, and one bot cannot serve two
 * tenants, without decrypting every row.
 */
export function hashToken(token: string, key: Buffer): string {
  return createHmac('sha256', key).update(token).digest('hex');
}

/** What a Telegram bot token looks like: `<bot id>:<35 url-safe characters>`. */
export const BOT_TOKEN_PATTERN = /^\d{5,12}:[A-Za-z0-9_-]{30,64}$/;
