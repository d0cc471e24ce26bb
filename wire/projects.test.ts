import { describe, expect, it } from 'vitest';
import { projectIdFrom, validateNewProject, validateProjectPatch } from './projects.ts';

describe('validateProjectPatch', () => {
  it('keeps the settings sent, trimming the name and normalising origins', () => {
    expect(validateProjectPatch({ name: ' Shop ', allowedOrigins: ['HTTPS://Shop.test', 'https://shop.test', 'http://*.b.test:8080'], sampleRate: 0, sessionQuotaPerDay: null })).toEqual({
      ok: true,
      value: { name: 'Shop', allowedOrigins: ['https://shop.test', 'http://*.b.test:8080'], sampleRate: 0, sessionQuotaPerDay: null },
    });
    expect(validateProjectPatch({ allowedOrigins: [] })).toEqual({ ok: true, value: { allowedOrigins: [] } });
  });

  it('refuses the first bad field with its reason', () => {
    expect(validateProjectPatch({ sampleRate: 0.5, retentionDays: 0 })).toEqual({ ok: false, message: 'retentionDays must be a whole number from 1 to 3650' });
    expect(validateProjectPatch({ id: 'x' })).toMatchObject({ ok: false, message: expect.stringMatching(/^id is not a setting/) });
    expect(validateProjectPatch({ allowedOrigins: ['https://a.test/'] })).toMatchObject({ ok: false });
    expect(validateProjectPatch({ allowedOrigins: Array.from({ length: 51 }, (_, i) => `https://a${i}.test`) })).toMatchObject({ ok: false });
    expect(validateProjectPatch({ sampleRate: Number.NaN })).toMatchObject({ ok: false });
    expect(validateProjectPatch(null)).toMatchObject({ ok: false });
  });
});

describe('validateNewProject', () => {
  it('makes the id from the name unless one is sent', () => {
    expect(validateNewProject({ name: '  My  Shop!! ' })).toEqual({ ok: true, value: { name: 'My  Shop!!', id: 'my-shop' } });
    expect(validateNewProject({ name: 'Shop', id: 'shop-2' })).toEqual({ ok: true, value: { name: 'Shop', id: 'shop-2' } });
    expect(validateNewProject({ name: 'Shop', id: '-shop' })).toMatchObject({ ok: false });
  });

  it('cuts a long name to a valid id', () => {
    const id = projectIdFrom(`${'a'.repeat(63)}-b`);
    expect(id).toBe('a'.repeat(63));
    expect(projectIdFrom('---')).toBe('');
  });
});
