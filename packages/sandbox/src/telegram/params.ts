import type { UploadedFile } from '../http/body.js';
import { badRequest } from './telegram-errors.js';

/**
 * Reads Bot API parameters whatever the encoding: JSON bodies carry typed values, while
 * query strings, urlencoded and multipart bodies carry strings, and objects such as
 * `reply_markup` arrive JSON-serialized. Telegram accepts all of these for every method.
 */
export class MethodParams {
  constructor(
    private readonly fields: Record<string, unknown>,
    readonly files: readonly UploadedFile[] = [],
  ) {}

  has(name: string): boolean {
    const value = this.fields[name];
    return value !== undefined && value !== null && value !== '';
  }

  string(name: string): string | undefined {
    const value = this.fields[name];
    if (value === undefined || value === null) {
      return undefined;
    }
    if (typeof value === 'string') {
      return value;
    }
    if (typeof value === 'number' || typeof value === 'boolean') {
      return String(value);
    }
    return JSON.stringify(value);
  }

  integer(name: string): number | undefined {
    const value = this.fields[name];
    if (value === undefined || value === null || value === '') {
      return undefined;
    }
    const parsed = typeof value === 'number' ? value : Number(String(value).trim());
    if (!Number.isInteger(parsed)) {
      throw badRequest(`invalid ${name} specified`);
    }
    return parsed;
  }

  boolean(name: string): boolean {
    const value = this.fields[name];
    if (typeof value === 'boolean') {
      return value;
    }
    if (typeof value === 'number') {
      return value !== 0;
    }
    if (typeof value === 'string') {
      return value === 'true' || value === '1';
    }
    return false;
  }

  /** An object or array parameter, given either as JSON value or JSON string. */
  json(name: string): unknown {
    const value = this.fields[name];
    if (value === undefined || value === null || value === '') {
      return undefined;
    }
    if (typeof value !== 'string') {
      return value;
    }
    try {
      return JSON.parse(value);
    } catch {
      throw badRequest(`can't parse ${name} JSON object`);
    }
  }

  /** The file attached under `attach://name` or directly as the field `name`. */
  file(name: string): UploadedFile | undefined {
    const reference = this.string(name);
    const attachName = reference?.startsWith('attach://')
      ? reference.slice('attach://'.length)
      : name;
    return this.files.find((file) => file.fieldName === attachName);
  }

  /** All fields, for recording what a bot sent. */
  toObject(): Record<string, unknown> {
    return { ...this.fields };
  }
}
