/** Whether a DO's SQLite has `name`: both DOs make their tables lazily, since CREATE TABLE bills rows written. */
export function hasTable(sql: SqlStorage, name: string): boolean {
  return sql.exec('SELECT 1 FROM sqlite_master WHERE type = ? AND name = ?', 'table', name).toArray().length > 0;
}
