import type { ConsolePayload, Validation } from '../../wire/index.ts';
import { DEFAULT_MAX_BODY_CHARS, MAX_BODY_CHARS } from './constants.ts';

export type ConsoleLevel = ConsolePayload['level'];
/** A string matches a URL containing it; a RegExp is tested against the absolute URL. */
export type UrlPattern = string | RegExp;

export interface NetworkCaptureOptions {
  /** Requests whose URL matches one of these may carry headers and bodies (when turned on below). */
  allowUrls?: UrlPattern[];
  /** Request and response headers for allowed URLs, credentials always removed. Default false. */
  headers?: boolean;
  /** Request and response bodies (text only) for allowed URLs. Default false. */
  bodies?: boolean;
  /** Longest body kept, in characters. Default 16384, at most 262144. */
  maxBodyBytes?: number;
}

/** What a site passes as init({ capture }) to choose what is captured beside the DOM. */
export interface CaptureOptions {
  /** true (default) for log, info, warn, error and debug, or the levels to keep. */
  console?: boolean | ConsoleLevel[];
  /** Uncaught errors and unhandled promise rejections. Default true. */
  errors?: boolean;
  /** fetch and XMLHttpRequest: method, URL, status, timing, sizes. Default true. */
  network?: boolean | NetworkCaptureOptions;
  /** Initial URL, history changes, popstate and hashchange. Default true. */
  navigation?: boolean;
  /** Clicks with selector and label, rage clicks, dead clicks. Default true. */
  clicks?: boolean;
  /**
   * Fonts and images the recording refers to, read once (same-origin or CORS-readable, without
   * credentials) and stored by hash, so replays look right after the site changes. Media that
   * privacy settings block is never read. Default true.
   */
  assets?: boolean;
}

export interface ResolvedNetwork {
  allowUrls: UrlPattern[];
  headers: boolean;
  bodies: boolean;
  maxBodyBytes: number;
}

export interface ResolvedCapture {
  /** Levels captured; empty when console capture is off. */
  console: ConsoleLevel[];
  errors: boolean;
  /** null when network capture is off. */
  network: ResolvedNetwork | null;
  navigation: boolean;
  clicks: boolean;
  assets: boolean;
}

const LEVELS: ConsoleLevel[] = ['log', 'info', 'warn', 'error', 'debug'];

/** Messages name the option and what it takes, e.g. "capture.errors must be a boolean". */
const fail = (message: string): Validation<never> => ({ ok: false, message: `capture${message}` });
const isObject = (v: unknown): v is Record<string, unknown> => typeof v == 'object' && !!v && !Array.isArray(v);

/**
 * init({ capture }) as recorder.js reads it, defaults filled in and nothing checked: recording
 * starts at once, and the client checks the options (resolveCapture) before anything is uploaded.
 * Never throws, so the client is the one to say what is wrong.
 */
export function readCapture(input?: CaptureOptions | null): ResolvedCapture {
  const { console = true, errors = true, network = true, navigation = true, clicks = true, assets = true } = input || {};
  const net = network === true ? {} : network;
  return {
    console: [...new Set(console === true ? LEVELS : Array.isArray(console) ? console : [])],
    errors,
    network: net ? { allowUrls: Array.isArray(net.allowUrls) ? [...net.allowUrls] : [], headers: !!net.headers, bodies: !!net.bodies, maxBodyBytes: net.maxBodyBytes || DEFAULT_MAX_BODY_CHARS } : null,
    navigation,
    clicks,
    assets,
  };
}

/** Validates init({ capture }) and fills defaults: everything on, network detail off. */
export function resolveCapture(input: unknown = {}): Validation<ResolvedCapture> {
  if (!isObject(input)) return fail(' must be an object');
  const { console = true, errors = true, network = true, navigation = true, clicks = true, assets = true } = input;
  for (const [key, value] of Object.entries({ errors, navigation, clicks, assets })) {
    if (typeof value != 'boolean') return fail(`.${key} must be a boolean`);
  }
  const levels = typeof console == 'boolean' ? (console ? LEVELS : []) : console;
  if (!Array.isArray(levels) || !levels.every((l) => LEVELS.includes(l))) {
    return fail(`.console must be a boolean or a list of ${LEVELS}`);
  }
  const net = network === true ? {} : network;
  if (net !== false && !isObject(net)) return fail('.network must be a boolean or an object');
  const { allowUrls = [], headers = false, bodies = false, maxBodyBytes = DEFAULT_MAX_BODY_CHARS } = net || {};
  if (!Array.isArray(allowUrls) || !allowUrls.every((p) => (typeof p == 'string' && p) || p instanceof RegExp)) {
    return fail('.network.allowUrls must be a list of strings or RegExps');
  }
  if (typeof headers != 'boolean' || typeof bodies != 'boolean') return fail('.network.headers and .bodies must be booleans');
  if (!Number.isInteger(maxBodyBytes) || !((maxBodyBytes as number) > 0 && (maxBodyBytes as number) <= MAX_BODY_CHARS)) {
    return fail(`.network.maxBodyBytes must be from 1 to ${MAX_BODY_CHARS}`);
  }
  return { ok: true, value: readCapture(input as CaptureOptions) };
}
