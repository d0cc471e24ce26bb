/**
 * Project settings as the dashboard API, the dashboard and the projects CLI see them, and the one
 * validation of what they may change (issue 6).
 */
import { isProjectId } from './index.ts';

/** How long a rotated-out key keeps ingesting: pages cached with the old snippet and batches still queued in browsers. */
export const KEY_GRACE_MS = 7 * 86_400_000;
export const RETENTION_DAYS_MAX = 3650;
export const PROJECT_NAME_MAX = 100;
export const ALLOWED_ORIGINS_MAX = 50;

/** GET /api/projects/:id, and the answer to every change. */
export interface ProjectSettings {
  id: string;
  name: string;
  /** Goes in the snippet. */
  publicKey: string;
  /** The key the last rotation replaced, accepted until previousKeyExpiresAt (ms); null when none is. */
  previousPublicKey: string | null;
  previousKeyExpiresAt: number | null;
  allowedOrigins: string[];
  sampleRate: number;
  bufferMode: boolean;
  retentionDays: number;
  /** New sessions admitted per UTC day; null: no quota. */
  sessionQuotaPerDay: number | null;
  createdAt: number;
}

/** PATCH /api/projects/:id body: any of these, at least one. */
export type ProjectPatch = Partial<Pick<ProjectSettings, 'name' | 'allowedOrigins' | 'sampleRate' | 'bufferMode' | 'retentionDays' | 'sessionQuotaPerDay'>>;

/** POST /api/projects body: a name, and an id when the one made from the name will not do. */
export interface NewProject {
  name: string;
  id: string;
}

type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });

/** Each field's check. */
const FIELDS: { [K in keyof Required<ProjectPatch>]: (value: unknown) => Checked<ProjectPatch[K]> } = {
  name: (v) =>
    typeof v === 'string' && v.trim() !== '' && v.trim().length <= PROJECT_NAME_MAX ? ok(v.trim()) : fail(`name must be 1 to ${PROJECT_NAME_MAX} characters`),
  allowedOrigins: (v) => {
    if (!Array.isArray(v) || v.length > ALLOWED_ORIGINS_MAX) return fail(`allowedOrigins must be a list of at most ${ALLOWED_ORIGINS_MAX} origins`);
    const bad = v.find((o) => typeof o !== 'string' || parsePattern(o) === null);
    if (bad !== undefined) return fail(`allowedOrigins: ${JSON.stringify(bad)} is not an origin like https://shop.example.com or https://*.example.com`);
    return ok([...new Set((v as string[]).map((o) => o.trim().toLowerCase()))]);
  },
  sampleRate: (v) => (typeof v === 'number' && v >= 0 && v <= 1 ? ok(v) : fail('sampleRate must be a number from 0 to 1')),
  bufferMode: (v) => (typeof v === 'boolean' ? ok(v) : fail('bufferMode must be true or false')),
  retentionDays: (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= RETENTION_DAYS_MAX ? ok(v) : fail(`retentionDays must be a whole number from 1 to ${RETENTION_DAYS_MAX}`),
  sessionQuotaPerDay: (v) =>
    v === null || (typeof v === 'number' && Number.isInteger(v) && v >= 1) ? ok(v) : fail('sessionQuotaPerDay must be null (no quota) or a whole number of at least 1'),
};

export const PROJECT_SETTINGS = Object.keys(FIELDS) as (keyof ProjectPatch)[];
const isField = (key: string): key is keyof ProjectPatch => Object.hasOwn(FIELDS, key);

export function validateProjectPatch(value: unknown): Checked<ProjectPatch> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('send an object of settings to change');
  const patch: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (!isField(key)) return fail(`${key} is not a setting; settings are ${PROJECT_SETTINGS.join(', ')}`);
    const checked = FIELDS[key](v);
    if (!checked.ok) return checked;
    patch[key] = checked.value;
  }
  if (Object.keys(patch).length === 0) return fail('send at least one setting to change');
  return ok(patch as ProjectPatch);
}

/** A project id from a name: lower case, dashes, within isProjectId's shape. */
export function projectIdFrom(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+/, '').slice(0, 64).replace(/-+$/, '');
}

export function validateNewProject(value: unknown): Checked<NewProject> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('send { name, id? }');
  const body = value as Record<string, unknown>;
  const extra = Object.keys(body).find((k) => k !== 'name' && k !== 'id');
  if (extra !== undefined) return fail(`${extra} is not accepted here: create the project, then change its settings`);
  const name = FIELDS.name(body.name);
  if (!name.ok) return name;
  const id = body.id === undefined ? projectIdFrom(name.value!) : body.id;
  if (!isProjectId(id)) return fail('id must be 1 to 64 lower-case letters, digits and dashes, starting with a letter or digit');
  return ok({ name: name.value!, id });
}

/**
 * A valid pattern for an allowed-origins list, or null: an origin, optionally with `*.` before the
 * host for any subdomain. The ingest check (workers/ingest/origins.ts) matches with the same parse.
 */
export function parsePattern(pattern: string): { scheme: string; host: string; wildcard: boolean } | null {
  const match = /^(https?:)\/\/(\*\.)?([a-z0-9.-]+(?::\d{1,5})?)$/i.exec(pattern.trim());
  if (!match) return null;
  return { scheme: match[1]!.toLowerCase(), wildcard: match[2] !== undefined, host: match[3]!.toLowerCase() };
}
