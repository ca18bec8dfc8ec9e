import { describe, expect, it } from 'vitest';
import { BoundedMemo } from './index.js';

describe('BoundedMemo', () => {
  it('computes a value once, memoizes null too, and forgets everything at the limit', () => {
    const memo = new BoundedMemo<string, number | null>(2);
    let calls = 0;
    const compute = (key: string) => {
      calls += 1;
      return key === 'none' ? null : key.length;
    };
    expect(memo.get('ab', compute)).toBe(2);
    expect(memo.get('ab', compute)).toBe(2);
    expect(memo.get('none', compute)).toBeNull();
    expect(memo.get('none', compute)).toBeNull();
    expect(calls).toBe(2);
    // Full: a third key clears the memo, so the first is computed again.
    expect(memo.get('abc', compute)).toBe(3);
    expect(memo.get('ab', compute)).toBe(2);
    expect(calls).toBe(4);
  });
});
