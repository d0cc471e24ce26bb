/** Origin of an http(s) script URL, or null (inline script, module, data:/blob: URL, garbage). */
function originOfScriptSrc(src: string | null | undefined): string | null {
  if (!src) return null;
  try {
    const url = new URL(src);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

/**
 * Origin the currently executing classic script was loaded from. Only meaningful while the
 * script's top level runs (document.currentScript is null afterwards and in ES modules).
 */
export function currentScriptOrigin(): string | null {
  try {
    if (typeof document === 'undefined') return null;
    const script = document.currentScript;
    return script && 'src' in script ? originOfScriptSrc(script.src) : null;
  } catch {
    return null;
  }
}
