import { sign } from 'hono/jwt';
import { beforeAll, describe, expect, it } from 'vitest';
import { accessConfig, verifyAccessJwt, type Jwk, type KeysSource } from './access.ts';

const config = { teamDomain: 'team.cloudflareaccess.com', aud: 'aud-tag-1' };
let privateJwk: Jwk;
let publicJwk: Jwk;
let otherPrivateJwk: Jwk;

async function rsaPair(kid: string) {
  const pair = (await crypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  )) as CryptoKeyPair;
  const priv = { ...(await crypto.subtle.exportKey('jwk', pair.privateKey)), kid, alg: 'RS256' } as Jwk;
  const pub = { ...(await crypto.subtle.exportKey('jwk', pair.publicKey)), kid, alg: 'RS256' } as Jwk;
  return { priv, pub };
}

beforeAll(async () => {
  ({ priv: privateJwk, pub: publicJwk } = await rsaPair('k1'));
  ({ priv: otherPrivateJwk } = await rsaPair('k1'));
});

const nowS = () => Math.floor(Date.now() / 1000);
const claims = (over: Record<string, unknown> = {}) => ({
  iss: `https://${config.teamDomain}`,
  aud: [config.aud],
  email: 'Ada@Example.com',
  exp: nowS() + 300,
  iat: nowS() - 5,
  ...over,
});
const token = (payload: Record<string, unknown>, key: Jwk = privateJwk) => sign(payload, key, 'RS256');
const keysOnce: KeysSource = async () => [publicJwk];

describe('Cloudflare Access assertions', () => {
  it('accepts a valid assertion and returns the lower-cased email', async () => {
    expect(await verifyAccessJwt(await token(claims()), config, keysOnce)).toBe('ada@example.com');
  });

  it('refuses the wrong audience, issuer, an expired token or another key', async () => {
    expect(await verifyAccessJwt(await token(claims({ aud: ['other'] })), config, keysOnce)).toBeNull();
    expect(await verifyAccessJwt(await token(claims({ iss: 'https://evil.cloudflareaccess.com' })), config, keysOnce)).toBeNull();
    expect(await verifyAccessJwt(await token(claims({ exp: nowS() - 10 })), config, keysOnce)).toBeNull();
    expect(await verifyAccessJwt(await token(claims({ exp: undefined })), config, keysOnce)).toBeNull();
    expect(await verifyAccessJwt(await token(claims(), otherPrivateJwk), config, keysOnce)).toBeNull();
    expect(await verifyAccessJwt('garbage', config, keysOnce)).toBeNull();
  });

  it('refuses an HS256 token made with the public key as secret', async () => {
    const forged = await sign(claims(), JSON.stringify(publicJwk), 'HS256');
    expect(await verifyAccessJwt(forged, config, keysOnce)).toBeNull();
  });

  it('refetches keys once when a rotated key is unknown to the cache', async () => {
    const calls: boolean[] = [];
    const rotating: KeysSource = async (fresh) => {
      calls.push(fresh);
      return fresh ? [publicJwk] : [];
    };
    expect(await verifyAccessJwt(await token(claims()), config, rotating)).toBe('ada@example.com');
    expect(calls).toEqual([false, true]);
  });

  it('does not refetch keys for an assertion that fails with a known key', async () => {
    const calls: boolean[] = [];
    const counting: KeysSource = async (fresh) => {
      calls.push(fresh);
      return [publicJwk];
    };
    expect(await verifyAccessJwt(await token(claims({ exp: nowS() - 10 })), config, counting)).toBeNull();
    expect(await verifyAccessJwt(await token(claims({ aud: ['other'] })), config, counting)).toBeNull();
    expect(calls).toEqual([false, false]);
  });

  it('is configured only when both team domain and audience are set', () => {
    expect(accessConfig({})).toBeNull();
    expect(accessConfig({ ACCESS_TEAM_DOMAIN: 'https://team.cloudflareaccess.com/', ACCESS_AUD: 'a' })).toEqual({ teamDomain: 'team.cloudflareaccess.com', aud: 'a' });
  });
});
