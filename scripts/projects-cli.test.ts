import { describe, expect, it } from 'vitest';
import { DEFAULT_URL, parseArgs, settingValue } from './projects-cli.ts';

const request = (...argv: string[]) => {
  const parsed = parseArgs(argv);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed;
};
const refusal = (...argv: string[]) => {
  const parsed = parseArgs(argv);
  if (parsed.ok) throw new Error(`accepted ${argv.join(' ')}`);
  return parsed.message;
};

describe('parseArgs', () => {
  it('turns each command into its API request, against the local stack by default', () => {
    expect(request('list')).toEqual({ ok: true, url: DEFAULT_URL, request: { method: 'GET', path: '/api/projects' } });
    expect(request('create', 'My shop').request).toEqual({ method: 'POST', path: '/api/projects', body: { name: 'My shop' } });
    expect(request('create', 'My shop', '--id', 'shop').request).toEqual({ method: 'POST', path: '/api/projects', body: { name: 'My shop', id: 'shop' } });
    expect(request('show', 'demo').request).toEqual({ method: 'GET', path: '/api/projects/demo' });
    expect(request('rotate-key', 'demo').request).toEqual({ method: 'POST', path: '/api/projects/demo/rotate-key' });
    expect(request('set', 'demo', 'sampleRate=0.5', 'bufferMode=true', 'allowedOrigins=https://a.test, https://*.b.test', 'sessionQuotaPerDay=null', 'name=42').request).toEqual({
      method: 'PATCH',
      path: '/api/projects/demo',
      body: { sampleRate: 0.5, bufferMode: true, allowedOrigins: ['https://a.test', 'https://*.b.test'], sessionQuotaPerDay: null, name: '42' },
    });
  });

  it('takes --url anywhere, keeping only its origin', () => {
    expect(request('--url', 'https://replay.example.com/dashboard', 'list').url).toBe('https://replay.example.com');
    expect(request('show', 'demo', '--url', 'http://localhost:9000').url).toBe('http://localhost:9000');
  });

  it('escapes the project id into the path', () => {
    expect(request('show', 'a/b?c').request.path).toBe('/api/projects/a%2Fb%3Fc');
  });

  it('refuses what it cannot send, saying why', () => {
    expect(refusal()).toBe('no command given');
    expect(refusal('delete', 'demo')).toBe('unknown command delete');
    expect(refusal('list', 'extra')).toBe('list takes no arguments');
    expect(refusal('create')).toMatch(/^create takes one NAME/);
    expect(refusal('create', 'My', 'shop')).toMatch(/^create takes one NAME/);
    expect(refusal('show')).toBe('show takes one project ID');
    expect(refusal('rotate-key', 'a', 'b')).toBe('rotate-key takes one project ID');
    expect(refusal('set', 'demo')).toMatch(/at least one key=value/);
    expect(refusal('set', 'demo', 'sampleRate')).toBe('sampleRate is not key=value');
    expect(refusal('set', 'demo', '=1')).toBe('=1 is not key=value');
    expect(refusal('list', '--url')).toBe('--url needs a value');
    expect(refusal('list', '--url', 'ftp://x')).toBe('--url must be an http(s) URL');
    expect(refusal('list', '--url', 'not a url')).toBe('--url must be an http(s) URL');
    expect(refusal('show', 'demo', '--id', 'x')).toBe('--id goes with create only');
    expect(refusal('list', '--verbose')).toBe('unknown option --verbose');
  });
});

describe('settingValue', () => {
  it('sends JSON values as such and anything else as text, for the API to judge', () => {
    expect(settingValue('retentionDays', '90')).toBe(90);
    expect(settingValue('sampleRate', 'half')).toBe('half');
    expect(settingValue('allowedOrigins', '')).toEqual([]);
    expect(settingValue('name', 'true')).toBe('true');
  });
});
