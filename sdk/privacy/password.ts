/**
 * Fields whose value is never recorded, whatever the settings and markers say: passwords, including
 * a password field a "show password" toggle has turned into a text field, and fields the browser
 * itself treats as credentials, one-time codes, card data or email addresses (an address typed
 * into an unmasked field would otherwise show its first part in the events before the '@').
 */

const wasPassword = new WeakSet<Element>();
let watcher: MutationObserver | null = null;

const SECRET_AUTOCOMPLETE = /password|one-time-code|cc-|email/i;

function remember(records: MutationRecord[]): void {
  for (const r of records) if (String(r.oldValue).toLowerCase() === 'password') wasPassword.add(r.target as Element);
}

/**
 * Remembers inputs whose type changes away from password. rrweb marks them too, but only when its
 * own mutation batch runs; a value set in the same task as the type change would pass before that.
 * isSecretField() reads this observer's pending records synchronously, so there is no such window.
 */
export function watchPasswordFields(doc: Document): () => void {
  const observer = new MutationObserver(remember);
  observer.observe(doc, { subtree: true, attributeFilter: ['type'], attributeOldValue: true });
  watcher = observer;
  return () => {
    observer.disconnect();
    if (watcher === observer) watcher = null;
  };
}

export function isSecretField(el: Element): boolean {
  const type = (el as HTMLInputElement).type;
  if (type === 'password') {
    wasPassword.add(el);
    return true;
  }
  if (watcher) remember(watcher.takeRecords());
  return (
    // Never shown in a replay; often a token.
    type === 'hidden' ||
    type === 'email' ||
    wasPassword.has(el) ||
    // rrweb's own marker for an input that was a password field
    el.hasAttribute('data-rr-is-password') ||
    SECRET_AUTOCOMPLETE.test(el.getAttribute('autocomplete') ?? '')
  );
}
