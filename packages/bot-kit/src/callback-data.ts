import { createHmac, timingSafeEqual } from 'node:crypto';
import { BoundedMemo } from '@booking/core';

/** Telegram's limit on `callback_data`, in bytes. */
export const CALLBACK_DATA_MAX_BYTES = 64;
const SIGNATURE_LENGTH = 8;
const SEPARATOR = '|';

/**
 * Signs and checks compact callback data: `<action>|<arg>|...|<signature>`, at most 64
 * bytes. The signature (an HMAC under a per-bot key, cut to 8 characters) makes forged
 * data fail the check; arguments must not contain `|`.
 */
export class CallbackCodec {
  /**
   * Signatures already computed, by body. A calendar or time grid signs dozens of
   * buttons per screen, mostly the same ones screen after screen, and an HMAC costs
   * more than the rest of a button.
   */
  private readonly signatures = new BoundedMemo<string, string>(10_000);

  constructor(private readonly key: Buffer) {}

  /**
   * Encodes an action and its arguments.
   *
   * @throws Error when an argument contains `|` or the result exceeds 64 bytes: both are
   * bugs in the keyboard that built it.
   */
  encode(action: string, ...args: Array<string | number>): string {
    const parts = [action, ...args.map(String)];
    if (parts.some((part) => part.includes(SEPARATOR))) {
      throw new Error(`Callback argument contains "${SEPARATOR}": ${parts.join(',')}`);
    }
    const body = parts.join(SEPARATOR);
    const data = `${body}${SEPARATOR}${this.sign(body)}`;
    if (Buffer.byteLength(data) > CALLBACK_DATA_MAX_BYTES) {
      throw new Error(`Callback data over ${CALLBACK_DATA_MAX_BYTES} bytes: ${body}`);
    }
    return data;
  }

  /**
   * Decodes data this codec encoded, or returns `undefined` for anything else: forged,
   * truncated or from another bot.
   */
  decode(data: string): { action: string; args: string[] } | undefined {
    const cut = data.lastIndexOf(SEPARATOR);
    if (cut <= 0) {
      return undefined;
    }
    const body = data.slice(0, cut);
    const signature = Buffer.from(data.slice(cut + 1));
    const expected = Buffer.from(this.sign(body));
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
      return undefined;
    }
    const [action, ...args] = body.split(SEPARATOR);
    return action ? { action, args } : undefined;
  }

  private sign(body: string): string {
    return this.signatures.get(body, () =>
      createHmac('sha256', this.key).update(body).digest('base64url').slice(0, SIGNATURE_LENGTH),
    );
  }
}
