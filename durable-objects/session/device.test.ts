import { describe, expect, it } from 'vitest';
import { deviceClass } from './device.ts';

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';
const ANDROID_PHONE = 'Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Mobile Safari/537.36';
const ANDROID_TABLET = 'Mozilla/5.0 (Linux; Android 15; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36';
const IPAD = 'Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
const LINUX = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36';

describe('deviceClass', () => {
  it('reads phones and tablets from the user agent', () => {
    expect(deviceClass(IPHONE, 390)).toBe('mobile');
    expect(deviceClass(ANDROID_PHONE, null)).toBe('mobile');
    expect(deviceClass(ANDROID_TABLET, 1280)).toBe('tablet');
    expect(deviceClass(IPAD, 820)).toBe('tablet');
  });
  it('calls a desktop user agent with a phone-narrow viewport mobile', () => {
    expect(deviceClass(LINUX, 1280)).toBe('desktop');
    expect(deviceClass(LINUX, null)).toBe('desktop');
    expect(deviceClass(LINUX, 412)).toBe('mobile');
  });
  it('falls back to the viewport alone without a user agent, and to null without either', () => {
    expect([deviceClass(null, 375), deviceClass(null, 800), deviceClass(null, 1440), deviceClass(null, null)]).toEqual(['mobile', 'tablet', 'desktop', null]);
  });
});
