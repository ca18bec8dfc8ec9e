import { ClientInputSchema, FeedbackInputSchema, parsePhone } from '@booking/core';
import { anyText, invisibleText, withInserted } from '@booking/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseComment,
  parseName,
  parseStartPayload,
  suggestedName,
  telegramName,
} from './input.js';

const CONTROL = /[\p{Cc}\p{Cs}]/u;

/** What `upsertClient` would make of a name: accepted, or a VALIDATION refusal. */
function storableName(name: string): boolean {
  return ClientInputSchema.safeParse({ telegramUserId: 1, name }).success;
}

describe('typed names', () => {
  it('answers any text with a name the client record accepts, or a reason to ask again', () => {
    fc.assert(
      fc.property(anyText(), (text) => {
        const answer = parseName(text);
        if ('name' in answer) {
          expect(storableName(answer.name)).toBe(true);
          expect(answer.name).not.toMatch(CONTROL);
          expect(answer.name.length).toBeGreaterThanOrEqual(2);
          expect(answer.name.length).toBeLessThanOrEqual(100);
        } else {
          expect(['length', 'characters']).toContain(answer.problem);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses any name with a control character, or with nothing visible, as such', () => {
    // Line breaks and tabs at the ends are trimmed away like spaces; inside they count.
    const control = fc.constantFrom('\u0000', '\u0001', '\u0007', '\u001b', '\u007f', '\u0085');
    const layout = fc.constantFrom('\n', '\t', '\r');
    fc.assert(
      fc.property(
        fc.oneof(
          control.chain((character) =>
            withInserted(fc.string({ minLength: 2, maxLength: 50 }), character),
          ),
          fc
            .tuple(fc.constantFrom('Ann', 'Яна'), layout, fc.constantFrom('Lee', 'Ли'))
            .map((parts) => parts.join('')),
          invisibleText(),
        ),
        (text) => {
          expect(parseName(text)).toEqual({ problem: 'characters' });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('keeps an ordinary name as typed, trimmed', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('Ann', 'Анна Петрова', 'José María', "O'Brien", '李雷', 'Ann 😀'),
        (name) => {
          expect(parseName(`  ${name} `)).toEqual({ name });
        },
      ),
    );
  });
});

describe('Telegram profile names', () => {
  it('always become a name the client record accepts, of at most 100 units', () => {
    fc.assert(
      fc.property(anyText(150), fc.option(anyText(150), { nil: undefined }), (first, last) => {
        const name = telegramName({ first_name: first, last_name: last });
        expect(storableName(name)).toBe(true);
        expect(name.length).toBeLessThanOrEqual(100);
        // The suggestion button's text, pressed, is a name the bot accepts.
        const suggestion = suggestedName({ first_name: first, last_name: last });
        if (suggestion !== undefined) {
          expect(parseName(suggestion)).toEqual({ name: suggestion });
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('feedback comments', () => {
  it('keep no control character but line breaks and tabs, and always fit the feedback', () => {
    fc.assert(
      fc.property(fc.oneof(anyText(), anyText(3000)), (text) => {
        const comment = parseComment(text);
        if (comment !== undefined) {
          expect(comment.replace(/[\t\n\r]/g, '')).not.toMatch(CONTROL);
          expect(comment.length).toBeGreaterThan(0);
          expect(
            FeedbackInputSchema.safeParse({ bookingId: 1, clientId: 1, rating: 5, comment })
              .success,
          ).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('/start payloads', () => {
  it('open a positive service id, or nothing', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyText(20),
          fc.nat().map((id) => `svc_${id}`),
        ),
        (payload) => {
          const link = parseStartPayload(payload);
          if (link !== undefined) {
            expect(Number.isSafeInteger(link.serviceId)).toBe(true);
            expect(link.serviceId).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999_999 }), (id) => {
        expect(parseStartPayload(`svc_${id}`)).toEqual({ serviceId: id });
      }),
    );
  });
});

describe('typed phones', () => {
  it('answer any text with a phone the client record accepts, or nothing', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyText(30),
          fc.string({
            unit: fc.constantFrom('+', '0', '7', '9', ' ', '-', '(', ')', '.', '\u0000', '٣'),
            maxLength: 30,
          }),
        ),
        (text) => {
          const phone = parsePhone(text, 'RU');
          if (phone !== undefined) {
            expect(phone).not.toMatch(CONTROL);
            expect(
              ClientInputSchema.safeParse({ telegramUserId: 1, name: 'Ann', phone }).success,
            ).toBe(true);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
