import { describe, expect, it } from 'vitest';
import { signLogin, signShare, verifyLogin, verifyShare } from './tokens.ts';

const SECRET = 'a-long-admin-secret-for-tests';
const now = Date.now();

describe('signed tokens', () => {
  it('round-trips a login and a share link', async () => {
    expect(await verifyLogin(SECRET, await signLogin(SECRET, 'admin', now))).toMatchObject({ k: 'login', sub: 'admin' });
    expect(await verifyShare(SECRET, await signShare(SECRET, 'demo', 'sess1', now + 60_000))).toMatchObject({ k: 'share', p: 'demo', s: 'sess1' });
  });

  it('refuses an expired share link', async () => {
    expect(await verifyShare(SECRET, await signShare(SECRET, 'demo', 'sess1', now - 1_000))).toBeNull();
  });

  it('refuses a token signed with another secret, or tampered with', async () => {
    const token = await signShare(SECRET, 'demo', 'sess1', now + 60_000);
    expect(await verifyShare('another-secret', token)).toBeNull();
    const [header, , signature] = token.split('.');
    const forged = btoa(JSON.stringify({ k: 'share', p: 'other', s: 'sess1', exp: Math.floor(now / 1000) + 60 })).replace(/=+$/, '');
    expect(await verifyShare(SECRET, `${header}.${forged}.${signature}`)).toBeNull();
    expect(await verifyShare(SECRET, 'not.a.token')).toBeNull();
    expect(await verifyShare(SECRET, '')).toBeNull();
  });

  it('never takes one kind of token for the other', async () => {
    expect(await verifyLogin(SECRET, await signShare(SECRET, 'demo', 'sess1', now + 60_000))).toBeNull();
    expect(await verifyShare(SECRET, await signLogin(SECRET, 'admin', now))).toBeNull();
  });

  it('refuses an unsigned (alg none) token', async () => {
    const part = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, '');
    const unsigned = `${part({ alg: 'none', typ: 'JWT' })}.${part({ k: 'login', sub: 'admin', exp: Math.floor(now / 1000) + 60 })}.`;
    expect(await verifyLogin(SECRET, unsigned)).toBeNull();
  });
});
