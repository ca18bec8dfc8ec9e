import type { IncomingMessage } from 'node:http';
import { parseMultipart } from './multipart.js';

/** An uploaded file taken from a multipart body. */
export interface UploadedFile {
  readonly fieldName: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly data: Buffer;
}

/** A request body decoded by its content type. */
export interface ParsedBody {
  /** Plain fields; JSON bodies keep their value types, forms give strings. */
  readonly fields: Record<string, unknown>;
  readonly files: UploadedFile[];
  /** True when the body was JSON (values typed), false for forms and query strings. */
  readonly typed: boolean;
}

/** Largest body the emulators accept (Telegram allows 50 MB uploads; tests need far less). */
export const MAX_BODY_BYTES = 50 * 1024 * 1024;

/** Reads the whole request body, rejecting bodies above {@link MAX_BODY_BYTES}. */
export async function readRawBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) {
      throw new Error('Request body too large');
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Decodes a JSON, urlencoded or multipart body. Throws `SyntaxError` on malformed JSON.
 */
export function parseBody(raw: Buffer, contentType: string | undefined): ParsedBody {
  const type = (contentType ?? '').toLowerCase();
  if (raw.length === 0) {
    return { fields: {}, files: [], typed: false };
  }
  if (type.startsWith('application/json')) {
    const value: unknown = JSON.parse(raw.toString('utf8'));
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return { fields: {}, files: [], typed: true };
    }
    return { fields: value as Record<string, unknown>, files: [], typed: true };
  }
  if (type.startsWith('multipart/form-data')) {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
    const boundaryValue = boundary?.[1] ?? boundary?.[2];
    if (!boundaryValue) {
      return { fields: {}, files: [], typed: false };
    }
    const parts = parseMultipart(raw, boundaryValue);
    const fields: Record<string, unknown> = {};
    const files: UploadedFile[] = [];
    for (const part of parts) {
      if (part.fileName !== undefined) {
        files.push({
          fieldName: part.name,
          fileName: part.fileName,
          contentType: part.contentType ?? 'application/octet-stream',
          data: part.data,
        });
      } else {
        fields[part.name] = part.data.toString('utf8');
      }
    }
    return { fields, files, typed: false };
  }
  // Telegram treats anything else as urlencoded, which is also what curl -d sends.
  return {
    fields: Object.fromEntries(new URLSearchParams(raw.toString('utf8'))),
    files: [],
    typed: false,
  };
}
