import { BODY_READ_TIMEOUT_MS } from '../constants.ts';
import { cap } from '../context.ts';

const isParams = (body: unknown): body is URLSearchParams =>
  typeof URLSearchParams != 'undefined' && body instanceof URLSearchParams;

/** Size of a request body when known without reading a stream: strings, Blobs, buffers, URLSearchParams. */
export function bodySize(body: unknown): number | undefined {
  if (typeof body == 'string' || isParams(body)) return new Blob([String(body)]).size;
  const b = body as { size?: unknown; byteLength?: unknown } | null;
  const size = b && (typeof Blob != 'undefined' && b instanceof Blob ? b.size : b.byteLength);
  return typeof size == 'number' ? size : undefined;
}

/** A request body as text, for string and URLSearchParams bodies only (others would need reading). */
export const bodyText = (body: unknown, maxChars: number): string | undefined =>
  typeof body == 'string' || isParams(body) ? cap(String(body), maxChars) : undefined;

/** Content-Length as a number, or undefined. */
export function contentLength(value: string | null): number | undefined {
  const n = value ? +value : NaN;
  return n >= 0 ? n : undefined;
}

/** Bodies we read as text: text/* (not event streams, which never end), JSON, XML, JavaScript, forms. */
export const isTextType = (contentType: string | null): boolean =>
  /^text\/(?!event-stream)|json|xml|javascript|urlencoded/i.test(contentType || '');

/**
 * Up to `maxChars` of a response body, from a clone the caller made so the page's response is
 * untouched. Gives up (undefined) after BODY_READ_TIMEOUT_MS or on a read error; never rejects.
 */
export const readBodyText = (clone: Response, maxChars: number): Promise<string | undefined> =>
  Promise.race([
    clone.text().then((text) => cap(text, maxChars)),
    new Promise<undefined>((resolve) => setTimeout(resolve, BODY_READ_TIMEOUT_MS)),
  ]).catch(() => undefined);
