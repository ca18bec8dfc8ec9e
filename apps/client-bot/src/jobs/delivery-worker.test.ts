import { describe, expect, it } from 'vitest';
import { deliveryBackoffMs } from './delivery-worker.js';

describe('delivery attempts', () => {
  it('wait longer after each failed attempt, up to the longest wait', () => {
    const backoff = { initialDelayMs: 1_000, maxDelayMs: 30_000 };
    expect([1, 2, 3, 4, 5, 6, 7, 100].map((made) => deliveryBackoffMs(made, backoff))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });
});
