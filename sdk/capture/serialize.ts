import { MAX_DEPTH, MAX_KEYS, MAX_STACK_CHARS } from './constants.ts';
import { cap } from './context.ts';

const toString = Object.prototype.toString;

/**
 * `value` as readable text of at most about `maxChars` chars, for a console argument or a
 * rejection reason. Objects and arrays are walked to MAX_DEPTH levels and MAX_KEYS keys each, and
 * the walk stops once the budget is spent, so a huge object costs no more than a small one. Cycles
 * show as [Circular], DOM nodes as a short descriptor (never their text), errors with their stack,
 * other built-ins (Map, Promise, Window, …) as their tag. A top-level string is kept as is (cut);
 * nested strings are quoted. Never throws.
 */
export function serialize(value: unknown, maxChars: number): string {
  let out = '';
  const parents: unknown[] = [];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const walk = (v: any, depth: number): void => {
    const type = typeof v;
    if (type == 'string') out += depth ? JSON.stringify(v.slice(0, maxChars)) : v.slice(0, maxChars + 1);
    else if (type == 'bigint') out += v + 'n';
    else if (type == 'function') out += `[Function ${v.name}]`;
    else if (type != 'object' || !v) out += String(v);
    else if (parents.includes(v)) out += '[Circular]';
    else if (v instanceof Error) out += errorText(v);
    else if (typeof v.nodeType == 'number') out += v.nodeType == 1 ? `<${v.nodeName.toLowerCase()}${v.id ? '#' + v.id : ''}>` : v.nodeName;
    else if (v instanceof Date || v instanceof RegExp) out += String(v);
    else {
      const tag = toString.call(v);
      const isArray = tag == '[object Array]';
      if (!isArray && tag != '[object Object]') out += tag;
      else if (depth >= MAX_DEPTH) out += isArray ? '[Array]' : '[Object]';
      else {
        parents.push(v);
        let n = 0;
        out += isArray ? '[' : '{';
        for (const key in v) {
          if (n && (out += ',', n >= MAX_KEYS || out.length > maxChars)) {
            out += '…';
            break;
          }
          n++;
          if (!isArray) out += JSON.stringify(key) + ':';
          walk(v[key], depth + 1);
        }
        out += isArray ? ']' : '}';
        parents.pop();
      }
    }
  };
  try {
    walk(value, 0);
  } catch {
    out += '[Unserializable]';
  }
  return cap(out, maxChars);
}

/** "Name: message" followed by the stack (which in V8 already starts with that line). */
export function errorText(error: { name?: unknown; message?: unknown; stack?: unknown }): string {
  const head = `${error.name}: ${error.message}`;
  const stack = typeof error.stack == 'string' ? cap(error.stack, MAX_STACK_CHARS) : '';
  return stack.startsWith(head) ? stack : stack ? head + '\n' + stack : head;
}
