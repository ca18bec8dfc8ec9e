import { createHash, timingSafeEqual } from 'node:crypto';

/** A named key of the operator API. */
export interface ApiKey {
  /** What the audit log records as the actor (`api:<name>`). */
  name: string;
  key: string;
}

/** Checks bearer keys in constant time: each key is hashed, every key is compared. */
export class ApiKeyring {
  private readonly digests: Array<{ name: string; digest: Buffer }>;

  constructor(keys: readonly ApiKey[]) {
    this.digests = keys.map(({ name, key }) => ({ name, digest: digestOf(key) }));
  }

  /**
   * The name of the key an `Authorization` header carries, or `undefined` for a missing,
   * malformed or unknown one. Hashing first makes every comparison the same length, and
   * no key is skipped, so the time taken says nothing about how close a guess was.
   */
  nameOf(authorization: string | undefined): string | undefined {
    const match = /^Bearer ([^\s]+)$/i.exec(authorization?.trim() ?? '');
    const given = digestOf(match?.[1] ?? '');
    let found: string | undefined;
    for (const { name, digest } of this.digests) {
      if (timingSafeEqual(digest, given) && match) {
        found = name;
      }
    }
    return found;
  }
}

function digestOf(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}
