import { badRequest } from './telegram-errors.js';
import type { TgMessageEntity } from './telegram-types.js';

/** Plain text plus the entities Telegram derives from `parse_mode: 'HTML'`. */
export interface FormattedText {
  readonly text: string;
  readonly entities: TgMessageEntity[];
}

const SIMPLE_TAGS: Record<string, string> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  'tg-spoiler': 'spoiler',
  code: 'code',
  pre: 'pre',
  blockquote: 'blockquote',
};
const SUPPORTED_TAGS = new Set([...Object.keys(SIMPLE_TAGS), 'a', 'span', 'tg-emoji']);
const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

interface OpenTag {
  readonly name: string;
  readonly offset: number;
  readonly attributes: Map<string, string>;
}

/**
 * Parses Bot API HTML the way Telegram does: only the documented tags, the four named
 * entities plus numeric ones, and the same "can't parse entities" errors (byte offsets
 * are UTF-8, entity offsets UTF-16). Throws a 400 {@link TelegramApiError} on bad markup.
 */
export function parseHtml(source: string): FormattedText {
  let text = '';
  const entities: TgMessageEntity[] = [];
  const stack: OpenTag[] = [];
  const byteOffset = (index: number) => Buffer.byteLength(source.slice(0, index));
  const fail = (reason: string) => badRequest(`can't parse entities: ${reason}`);
  let index = 0;
  while (index < source.length) {
    const char = source[index] as string;
    if (char === '&') {
      const match = /^&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|([a-zA-Z]+));/.exec(
        source.slice(index, index + 12),
      );
      const decoded = match ? decodeEntity(match) : undefined;
      if (match && decoded !== undefined) {
        text += decoded;
        index += match[0].length;
        continue;
      }
      text += char;
      index += 1;
      continue;
    }
    if (char !== '<') {
      text += char;
      index += 1;
      continue;
    }
    const tagStart = index;
    if (source[index + 1] === '/') {
      const close = source.indexOf('>', index);
      if (close === -1) {
        throw fail(`Unclosed end tag at byte offset ${byteOffset(tagStart)}`);
      }
      const name = source
        .slice(index + 2, close)
        .trim()
        .toLowerCase();
      const open = stack.pop();
      if (!open) {
        throw fail(`Unexpected end tag at byte offset ${byteOffset(tagStart)}`);
      }
      if (name !== '' && name !== open.name) {
        throw fail(
          `Unmatched end tag at byte offset ${byteOffset(tagStart)}, expected "</${open.name}>", found "</${name}>"`,
        );
      }
      const parent = stack.at(-1);
      const language = /^language-(.+)$/.exec(open.attributes.get('class') ?? '')?.[1];
      if (open.name === 'code' && parent?.name === 'pre' && language) {
        // <pre><code class="language-x"> is one pre entity with a language, as in Telegram.
        parent.attributes.set('language', language);
      } else {
        const entity = closeEntity(open, text.length);
        if (entity) {
          entities.push(entity);
        }
      }
      index = close + 1;
      continue;
    }
    // Telegram reports everything up to a space, '>' or '/' as the tag name ("<<" is tag "<").
    const nameMatch = /^[^\s>/]*/.exec(source.slice(index + 1)) as RegExpExecArray;
    const name = nameMatch[0].toLowerCase();
    if (!SUPPORTED_TAGS.has(name)) {
      throw fail(`Unsupported start tag "${name}" at byte offset ${byteOffset(tagStart)}`);
    }
    index += 1 + nameMatch[0].length;
    const attributes = new Map<string, string>();
    for (;;) {
      while (index < source.length && /\s/.test(source[index] as string)) {
        index += 1;
      }
      if (index >= source.length) {
        throw fail(`Unclosed start tag at byte offset ${byteOffset(tagStart)}`);
      }
      if (source[index] === '>') {
        index += 1;
        break;
      }
      const attribute = /^([a-zA-Z0-9_-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/.exec(
        source.slice(index),
      );
      if (!attribute) {
        throw fail(`Unexpected character at byte offset ${byteOffset(index)}`);
      }
      const rawValue = attribute[2] ?? attribute[3] ?? attribute[4] ?? '';
      attributes.set(
        (attribute[1] as string).toLowerCase(),
        parseHtml(escapeForReparse(rawValue)).text,
      );
      index += attribute[0].length;
    }
    if (name === 'span' && attributes.get('class') !== 'tg-spoiler') {
      throw fail(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(tagStart)}`);
    }
    stack.push({ name, offset: text.length, attributes });
  }
  const unclosed = stack.pop();
  if (unclosed) {
    throw fail(`Can't find end tag corresponding to start tag "${unclosed.name}"`);
  }
  entities.sort((left, right) => left.offset - right.offset || right.length - left.length);
  return { text, entities };
}

// Attribute values may hold entities (&amp; in URLs) but never tags.
function escapeForReparse(value: string): string {
  return value.replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function decodeEntity(match: RegExpExecArray): string | undefined {
  if (match[1] !== undefined || match[2] !== undefined) {
    const codePoint =
      match[1] !== undefined ? Number(match[1]) : Number.parseInt(match[2] as string, 16);
    return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : undefined;
  }
  return NAMED_ENTITIES[(match[3] as string).toLowerCase()];
}

function closeEntity(open: OpenTag, end: number): TgMessageEntity | undefined {
  const length = end - open.offset;
  if (length === 0) {
    return undefined;
  }
  const base = { offset: open.offset, length };
  switch (open.name) {
    case 'a': {
      const href = open.attributes.get('href') ?? '';
      return { type: 'text_link', ...base, url: href };
    }
    case 'span':
      return { type: 'spoiler', ...base };
    case 'tg-emoji':
      return {
        type: 'custom_emoji',
        ...base,
        custom_emoji_id: open.attributes.get('emoji-id') ?? '',
      };
    case 'pre': {
      const language = open.attributes.get('language');
      return { type: 'pre', ...base, ...(language ? { language } : {}) };
    }
    case 'blockquote':
      return {
        type: open.attributes.has('expandable') ? 'expandable_blockquote' : 'blockquote',
        ...base,
      };
    default:
      return { type: SIMPLE_TAGS[open.name] ?? 'bold', ...base };
  }
}

/** Finds `/command` and `/command@bot` the way Telegram marks them as `bot_command` entities. */
export function findBotCommands(text: string): TgMessageEntity[] {
  const entities: TgMessageEntity[] = [];
  const pattern = /(^|[\s(])(\/[a-zA-Z0-9_]{1,64}(?:@[a-zA-Z0-9_]{3,32})?)/g;
  for (const match of text.matchAll(pattern)) {
    const prefix = match[1] as string;
    const command = match[2] as string;
    entities.push({
      type: 'bot_command',
      offset: (match.index ?? 0) + prefix.length,
      length: command.length,
    });
  }
  return entities;
}

/**
 * Trims surrounding whitespace as Telegram does and shifts entities to match.
 */
export function trimFormatted(formatted: FormattedText): FormattedText {
  const leading = formatted.text.length - formatted.text.trimStart().length;
  const text = formatted.text.trim();
  const entities: TgMessageEntity[] = [];
  for (const entity of formatted.entities) {
    const start = Math.max(entity.offset - leading, 0);
    const end = Math.min(entity.offset + entity.length - leading, text.length);
    if (end > start) {
      entities.push({ ...entity, offset: start, length: end - start });
    }
  }
  return { text, entities };
}
