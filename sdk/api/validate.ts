/**
 * Checks and caps what a site passes to identify(), track() and setProperties(). Pure.
 *
 * A bad user id or event name makes the whole call void; a bad property only drops that property.
 * Every problem is described, so the caller can write one warning.
 */
import type {
  IdentifyPayload,
  Properties,
  PropertiesPayload,
  PropertyValue,
  TrackPayload,
} from '../../wire/index.ts';
import { MAX_NAME_LENGTH, MAX_PROPERTIES, MAX_PROPERTY_STRING_LENGTH } from '../constants.ts';

export interface Checked<T> {
  /** null: ignore the call. */
  payload: T | null;
  /** Human-readable, empty when the input was fine. */
  problems: string[];
}

export function checkIdentify(userId: unknown, traits: unknown): Checked<IdentifyPayload> {
  const id = typeof userId === 'number' && Number.isFinite(userId) ? String(userId) : userId;
  const nameProblem = checkName(id, 'userId');
  if (nameProblem) return { payload: null, problems: [nameProblem] };
  const checked = checkProperties(traits, 'traits', true);
  if (!checked.props) return { payload: null, problems: checked.problems };
  return { payload: { userId: id as string, traits: checked.props }, problems: checked.problems };
}

export function checkTrack(name: unknown, props: unknown): Checked<TrackPayload> {
  const nameProblem = checkName(name, 'event name');
  if (nameProblem) return { payload: null, problems: [nameProblem] };
  const checked = checkProperties(props, 'props', true);
  if (!checked.props) return { payload: null, problems: checked.problems };
  return { payload: { name: name as string, props: checked.props }, problems: checked.problems };
}

export function checkSetProperties(props: unknown): Checked<PropertiesPayload> {
  const checked = checkProperties(props, 'properties', false);
  if (!checked.props) return { payload: null, problems: checked.problems };
  if (Object.keys(checked.props).length === 0) {
    return { payload: null, problems: checked.problems.length ? checked.problems : ['setProperties() got no properties'] };
  }
  return { payload: { props: checked.props }, problems: checked.problems };
}

/** A problem description, or null when `value` is a usable id or name. */
function checkName(value: unknown, what: string): string | null {
  if (typeof value !== 'string' || value.trim() === '') return `${what} must be a non-empty string`;
  if (value.length > MAX_NAME_LENGTH) return `${what} is longer than ${MAX_NAME_LENGTH} characters`;
  return null;
}

/**
 * Scalar properties, at most MAX_PROPERTIES, keys at most MAX_NAME_LENGTH characters, strings cut
 * to MAX_PROPERTY_STRING_LENGTH. `props` null means the input as a whole was unusable.
 */
export function checkProperties(
  input: unknown,
  what: string,
  optional: boolean,
): { props: Properties | null; problems: string[] } {
  if (input === undefined || input === null) {
    return optional ? { props: {}, problems: [] } : { props: null, problems: [`${what} must be an object`] };
  }
  if (Object.prototype.toString.call(input) !== '[object Object]') {
    return { props: null, problems: [`${what} must be a plain object`] };
  }
  const problems = new Set<string>();
  const props: Properties = {};
  let kept = 0;
  for (const key of Object.keys(input)) {
    if (key === '' || key.length > MAX_NAME_LENGTH) {
      problems.add(`${what}: keys must have 1 to ${MAX_NAME_LENGTH} characters`);
      continue;
    }
    const value = scalar((input as Record<string, unknown>)[key]);
    if (value === undefined) {
      problems.add(`${what}: values must be strings, finite numbers, booleans or null`);
      continue;
    }
    if (kept === MAX_PROPERTIES) {
      problems.add(`${what}: more than ${MAX_PROPERTIES} properties; the rest were dropped`);
      break;
    }
    if (typeof value === 'string' && value.length > MAX_PROPERTY_STRING_LENGTH) {
      problems.add(`${what}: strings longer than ${MAX_PROPERTY_STRING_LENGTH} characters were cut`);
    }
    // defineProperty, not assignment: a key like "__proto__" stays an ordinary property.
    Object.defineProperty(props, key, {
      value: typeof value === 'string' ? value.slice(0, MAX_PROPERTY_STRING_LENGTH) : value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
    kept++;
  }
  return { props, problems: [...problems] };
}

/** The value as a property value, or undefined when it is not a scalar. */
function scalar(value: unknown): PropertyValue | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  return undefined;
}
