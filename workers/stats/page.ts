/** Longest entry page kept for top-page counts, characters (Analytics Engine caps blob bytes). */
export const MAX_PAGE_LENGTH = 200;

/**
 * The page a URL names, for counting: without query and hash, which would split one page into
 * thousands and may carry personal data. workers/stats/d1.ts does the same in SQL (PAGE_SQL).
 */
export function pageOf(url: string | null | undefined): string | null {
  if (!url) return null;
  const end = Math.min(indexOrLength(url, '?'), indexOrLength(url, '#'), MAX_PAGE_LENGTH);
  return url.slice(0, end);
}

function indexOrLength(text: string, char: string): number {
  const i = text.indexOf(char);
  return i === -1 ? text.length : i;
}
