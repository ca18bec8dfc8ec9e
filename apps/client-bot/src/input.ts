import { isPersonName, singleLine, withoutControlCharacters } from '@booking/core';

/** Shortest name the bot books under, in UTF-16 units (what Telegram counts). */
export const NAME_MIN_LENGTH = 2;
/** Longest name the bot books under, in UTF-16 units. */
export const NAME_MAX_LENGTH = 100;
/** Longest feedback comment kept, in UTF-16 units. */
export const COMMENT_MAX_LENGTH = 2000;
/** What a client is called when their Telegram profile name shows nothing. */
const FALLBACK_NAME = 'Client';

/** A typed name: accepted, or why not (each has its own request to try again). */
export type NameAnswer = { name: string } | { problem: 'length' | 'characters' };

/**
 * Reads a typed answer to "what name should we book under?". Control characters
 * (U+0000 included, which Postgres cannot store) and names that show nothing (only
 * zero-width or blank characters) are refused, as is a name outside 2 to 100
 * characters.
 */
export function parseName(text: string): NameAnswer {
  const name = text.trim();
  if (!isPersonName(name)) {
    return { problem: 'characters' };
  }
  if (name.length < NAME_MIN_LENGTH || name.length > NAME_MAX_LENGTH) {
    return { problem: 'length' };
  }
  return { name };
}

/**
 * The name of a Telegram profile, made fit to store: one line, control characters gone,
 * at most 100 UTF-16 units without splitting a character, and `Client` when nothing
 * visible is left. Telegram does not vouch for what a profile name contains.
 */
export function telegramName(from: { first_name: string; last_name?: string }): string {
  return profileName(from) ?? FALLBACK_NAME;
}

/**
 * The profile's name to offer as the answer to "what name?": {@link telegramName} when it
 * would be accepted typed ({@link parseName}), else `undefined`.
 */
export function suggestedName(from: {
  first_name: string;
  last_name?: string;
}): string | undefined {
  const name = profileName(from);
  return name !== undefined && 'name' in parseName(name) ? name : undefined;
}

function profileName(from: { first_name: string; last_name?: string }): string | undefined {
  const full = singleLine([from.first_name, from.last_name].filter(Boolean).join(' '));
  let name = '';
  for (const character of full) {
    if (name.length + character.length > NAME_MAX_LENGTH) {
      break;
    }
    name += character;
  }
  name = name.trim();
  return isPersonName(name) ? name : undefined;
}

/**
 * A typed feedback comment as it is kept: control characters other than line breaks
 * and tabs dropped, trimmed, at most 2000 units; `undefined` when nothing is left.
 */
export function parseComment(text: string): string | undefined {
  const comment = withoutControlCharacters(text.slice(0, COMMENT_MAX_LENGTH)).trim();
  return comment.length > 0 ? comment : undefined;
}

/** The service a `/start svc_<id>` deep link opens the wizard at, if the payload is one. */
export function parseStartPayload(payload: string): { serviceId: number } | undefined {
  const match = /^svc_([1-9]\d{0,8})$/.exec(payload.trim());
  return match ? { serviceId: Number(match[1]) } : undefined;
}
