import { describe, expect, it } from 'vitest';
import { escapeHtmlAttribute, jsonForInlineScript, renderSnippet } from './snippet.ts';

/** Runs the snippet's inline script against a fake window and returns what init() received. */
function initArgument(html: string): unknown {
  const inline = /<script>([\s\S]*?)<\/script>/.exec(html);
  expect(inline).not.toBeNull();
  let received: unknown = 'init not called';
  const fakeWindow = { EdgeReplay: { init: (o: unknown) => (received = o) } };
  new Function('window', inline![1])(fakeWindow);
  return received;
}

function srcAttribute(html: string): string {
  const m = /^<script src="([^"]*)"><\/script>\n/.exec(html);
  expect(m).not.toBeNull();
  return m![1].replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

describe('renderSnippet', () => {
  it('renders the recorder tag and the init call', () => {
    const html = renderSnippet({ endpoint: 'http://127.0.0.1:8787/', projectKey: 'pk_live_123' });
    expect(html).toBe(
      '<script src="http://127.0.0.1:8787/sdk/recorder.js"></script>\n' +
        '<script>window.EdgeReplay && window.EdgeReplay.init({"projectKey":"pk_live_123","endpoint":"http://127.0.0.1:8787"});</script>',
    );
    expect(initArgument(html)).toEqual({ projectKey: 'pk_live_123', endpoint: 'http://127.0.0.1:8787' });
  });

  it('keeps a path prefix in the endpoint', () => {
    const html = renderSnippet({ endpoint: 'https://example.com/replay//', projectKey: 'k' });
    expect(srcAttribute(html)).toBe('https://example.com/replay/sdk/recorder.js');
    expect(initArgument(html)).toEqual({ projectKey: 'k', endpoint: 'https://example.com/replay' });
  });

  it('cannot be broken out of by hostile values', () => {
    const hostileKeys = [
      '</script><script>alert(1)</script>',
      '</SCRIPT ><img src=x onerror=alert(1)>',
      '"); alert(1); ("',
      "'; alert(1); '",
      '<!-- <script>',
      '\u2028\u2029 line separators',
      '&lt;/script&gt; & entities',
      '\\"); alert(1); //',
    ];
    const hostileEndpoints = [
      'https://evil.test/"><script>alert(1)</script>',
      "https://evil.test/a'b onload='alert(1)",
      'https://evil.test/?q=</script>#<!--',
    ];
    for (const projectKey of hostileKeys) {
      for (const endpoint of hostileEndpoints) {
        const html = renderSnippet({ endpoint, projectKey });
        // Exactly two elements, opened and closed once each, no comment opener, no raw line separators.
        expect(html.match(/<script/gi)).toHaveLength(2);
        expect(html.match(/<\/script/gi)).toHaveLength(2);
        expect(html).not.toContain('<!--');
        expect(html).not.toMatch(/[\u2028\u2029]/);
        // The attribute value has no quote that could end it early.
        const attr = /^<script src="([^"]*)"><\/script>\n<script>/.exec(html);
        expect(attr).not.toBeNull();
        expect(attr![1]).not.toMatch(/['<>]/);
        // Values arrive intact.
        const arg = initArgument(html) as { projectKey: string; endpoint: string };
        expect(arg.projectKey).toBe(projectKey);
        expect(srcAttribute(html)).toBe(`${arg.endpoint}/sdk/recorder.js`);
        expect(arg.endpoint.startsWith('https://evil.test')).toBe(true);
      }
    }
  });

  it('rejects endpoints that are not absolute http(s) URLs', () => {
    for (const endpoint of ['javascript:alert(1)', 'data:text/html,hi', '/relative', 'not a url', '']) {
      expect(() => renderSnippet({ endpoint, projectKey: 'k' })).toThrow(TypeError);
    }
  });
});

describe('escaping helpers', () => {
  it('escapes HTML attribute text', () => {
    expect(escapeHtmlAttribute(`a&b"c'd<e>f`)).toBe('a&amp;b&quot;c&#39;d&lt;e&gt;f');
  });

  it('makes JSON inert in an inline script and still parseable', () => {
    const value = { s: '</script><!--&\u2028\u2029' };
    const json = jsonForInlineScript(value);
    expect(json).toBe('{"s":"\\u003c/script\\u003e\\u003c!--\\u0026\\u2028\\u2029"}');
    expect(JSON.parse(json)).toEqual(value);
  });
});
