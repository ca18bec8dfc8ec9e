/** One part of a multipart/form-data body. */
export interface MultipartPart {
  readonly name: string;
  readonly fileName: string | undefined;
  readonly contentType: string | undefined;
  readonly data: Buffer;
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * Splits a multipart/form-data body into its parts (RFC 7578). Parts without a
 * `name` are skipped; a malformed body yields the parts read before the fault.
 */
export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let position = body.indexOf(delimiter);
  while (position !== -1) {
    let start = position + delimiter.length;
    // "--" right after a delimiter closes the body.
    if (body[start] === 0x2d && body[start + 1] === 0x2d) {
      break;
    }
    if (body.subarray(start, start + 2).equals(CRLF)) {
      start += 2;
    }
    const next = body.indexOf(delimiter, start);
    if (next === -1) {
      break;
    }
    // The CRLF before the next delimiter belongs to the delimiter.
    const end = body.subarray(next - 2, next).equals(CRLF) ? next - 2 : next;
    const headerEnd = body.indexOf(HEADER_END, start);
    if (headerEnd !== -1 && headerEnd < end) {
      const headers = parseHeaders(body.subarray(start, headerEnd).toString('utf8'));
      const disposition = headers.get('content-disposition') ?? '';
      const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
      const fileName = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
      if (name !== undefined) {
        parts.push({
          name,
          fileName,
          contentType: headers.get('content-type'),
          data: Buffer.from(body.subarray(headerEnd + HEADER_END.length, end)),
        });
      }
    }
    position = next;
  }
  return parts;
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
  }
  return headers;
}
