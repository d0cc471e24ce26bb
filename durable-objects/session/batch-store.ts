import type { IngestBatch, RecordedEvent } from '../../wire/index.ts';
import { concatBytes } from '../../workers/compression.ts';
import { hasTable } from '../sqlite.ts';
import type { TabHead } from './end.ts';
import type { PendingBatch } from './segments.ts';

/** A batch held in the DO until it is written out to R2. */
export interface StoredBatch extends PendingBatch {
  /** JSON bytes as received; a batch split by compaction keeps its original size here. */
  bytes: number;
}

// Rows stay well under the 2 MB SQLite row limit; larger batches span several parts.
const MAX_PART_BYTES = 1_000_000;
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/**
 * A tab id is [0-9a-z]{1,16} (wire/): the empty tab never names one, so its row holds the
 * session's state. One table for both: CREATE TABLE bills rows written, as much as two batches.
 */
const STATE_TAB = '';

/**
 * The pending batches in the DO's SQLite, keyed by (tab, seq), and the session's state row. One
 * row per batch part; WITHOUT ROWID so each insert or delete writes one row, not a row plus a
 * primary-key index entry (DO storage bills rows written). Every batch query keeps to tabs after
 * STATE_TAB, a range of the primary key. Every method returns or works in plain values; the
 * recorder decides what happens in one transaction.
 */
export class BatchStore {
  private readonly sql: SqlStorage;
  /**
   * Whether the table exists. It is made by the first write, not up front: CREATE TABLE bills
   * rows written too, and a DO asked only about a finished session (its storage emptied by
   * deleteAll()) should stay empty.
   */
  private ready: boolean;
  /** JSON bytes pending per tab, as last counted; compaction checks it for every batch. */
  private readonly bytesByTab = new Map<string, number>();

  constructor(sql: SqlStorage) {
    this.sql = sql;
    this.ready = hasTable(sql, 'batches');
  }

  /** Forgets the table: deleteAll() dropped it with the rest of the DO's storage. */
  dropped(): void {
    this.ready = false;
    this.bytesByTab.clear();
  }

  has(tab: string, seq: number): boolean {
    return this.ready && this.sql.exec('SELECT 1 FROM batches WHERE tab = ? AND seq = ? LIMIT 1', tab, seq).toArray().length > 0;
  }

  hasTab(tab: string): boolean {
    return this.ready && this.sql.exec('SELECT 1 FROM batches WHERE tab = ? LIMIT 1', tab).toArray().length > 0;
  }

  tabs(): string[] {
    if (!this.ready) return [];
    return this.sql.exec<{ tab: string }>('SELECT DISTINCT tab FROM batches WHERE tab > ?', STATE_TAB).toArray().map((r) => r.tab);
  }

  /** The state row's JSON, null before the first writeState(). */
  readState(): string | null {
    if (!this.ready) return null;
    const row = this.sql.exec<{ data: ArrayBuffer }>('SELECT data FROM batches WHERE tab = ? AND seq = 0 AND part = 0', STATE_TAB).toArray()[0];
    return row ? fromUtf8.decode(row.data) : null;
  }

  /** Replaces the state row (one row, under SQLite's 2 MB: the state's lists are capped); returns the rows written. */
  writeState(json: string): number {
    return this.createTable() + this.sql.exec(
      'INSERT OR REPLACE INTO batches (tab, seq, part, received_at, final, bytes, data) VALUES (?, 0, 0, 0, 0, 0, ?)',
      STATE_TAB,
      utf8.encode(json),
    ).rowsWritten;
  }

  /** Stores a batch given as JSON text; returns the rows written. */
  put(tab: string, seq: number, receivedAt: number, final: boolean, json: string): number {
    const data = utf8.encode(json);
    const known = this.bytesByTab.get(tab);
    const written = this.createTable() + this.insertParts(tab, seq, receivedAt, final, data.byteLength, data);
    if (known !== undefined) this.bytesByTab.set(tab, known + data.byteLength);
    return written;
  }

  /** JSON bytes pending for one tab, as stored; counted once per instance, then kept up to date. */
  pendingBytes(tab: string): number {
    if (!this.ready) return 0;
    let bytes = this.bytesByTab.get(tab);
    if (bytes === undefined) {
      bytes = this.sql.exec<{ n: number | null }>('SELECT SUM(length(data)) AS n FROM batches WHERE tab = ?', tab).one().n ?? 0;
      this.bytesByTab.set(tab, bytes);
    }
    return bytes;
  }

  /** Pending batches per tab, each tab's in seq order; one tab when given. */
  read(onlyTab?: string): Map<string, StoredBatch[]> {
    const byTab = new Map<string, StoredBatch[]>();
    if (!this.ready) return byTab;
    const rows = onlyTab === undefined
      ? this.sql.exec<Row>('SELECT tab, seq, part, bytes, data FROM batches WHERE tab > ? ORDER BY tab, seq, part', STATE_TAB)
      : this.sql.exec<Row>('SELECT tab, seq, part, bytes, data FROM batches WHERE tab = ? ORDER BY seq, part', onlyTab);
    let parts: Uint8Array[] = [];
    let head: Row | null = null;
    const flush = () => {
      const { events } = JSON.parse(fromUtf8.decode(concatBytes(parts))) as Pick<IngestBatch, 'events'>;
      const list = byTab.get(head!.tab) ?? [];
      list.push({ seq: head!.seq, events, bytes: head!.bytes });
      byTab.set(head!.tab, list);
      parts = [];
    };
    for (const row of rows) {
      if (row.part === 0) {
        if (parts.length > 0) flush();
        head = row;
      }
      parts.push(new Uint8Array(row.data));
    }
    if (parts.length > 0) flush();
    return byTab;
  }

  /** The newest pending batch of every tab, and when the newest batch of all arrived. */
  activity(): { lastReceivedAt: number | null; heads: TabHead[] } {
    if (!this.ready) return { lastReceivedAt: null, heads: [] };
    const heads = this.sql
      .exec<{ final: number; receivedAt: number }>(
        // SQLite takes the bare columns from the row holding MAX(seq).
        'SELECT MAX(seq) AS seq, final, received_at AS receivedAt FROM batches WHERE tab > ? AND part = 0 GROUP BY tab',
        STATE_TAB,
      )
      .toArray()
      .map((r) => ({ final: r.final === 1, receivedAt: r.receivedAt }));
    const last = this.sql.exec<{ last: number | null }>('SELECT MAX(received_at) AS last FROM batches WHERE tab > ?', STATE_TAB).one().last;
    return { lastReceivedAt: last, heads };
  }

  /** Removes whole batches; returns the rows written. */
  remove(tab: string, seqs: number[]): number {
    if (seqs.length === 0) return 0;
    this.bytesByTab.delete(tab);
    return this.sql.exec('DELETE FROM batches WHERE tab = ? AND seq IN (SELECT value FROM json_each(?))', tab, JSON.stringify(seqs)).rowsWritten;
  }

  /** Keeps only `events` of a batch, with its receive time, final flag and original size. */
  replaceEvents(tab: string, seq: number, events: RecordedEvent[]): number {
    const head = this.sql
      .exec<{ receivedAt: number; final: number; bytes: number }>(
        'SELECT received_at AS receivedAt, final, bytes FROM batches WHERE tab = ? AND seq = ? AND part = 0',
        tab,
        seq,
      )
      .one();
    const removed = this.remove(tab, [seq]);
    return removed + this.insertParts(tab, seq, head.receivedAt, head.final === 1, head.bytes, utf8.encode(JSON.stringify({ events })));
  }

  /** Batch rows (parts) pending; the state row is not one. */
  count(): number {
    if (!this.ready) return 0;
    return this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM batches WHERE tab > ?', STATE_TAB).one().n;
  }

  /** Returns the rows written: 0 when the table exists. */
  private createTable(): number {
    if (this.ready) return 0;
    const written = this.sql.exec(`CREATE TABLE IF NOT EXISTS batches (
      tab TEXT NOT NULL, seq INTEGER NOT NULL, part INTEGER NOT NULL, received_at INTEGER NOT NULL,
      final INTEGER NOT NULL, bytes INTEGER NOT NULL, data BLOB NOT NULL,
      PRIMARY KEY (tab, seq, part)) WITHOUT ROWID`).rowsWritten;
    this.ready = true;
    return written;
  }

  private insertParts(tab: string, seq: number, receivedAt: number, final: boolean, bytes: number, data: Uint8Array): number {
    let written = 0;
    for (let part = 0, offset = 0; offset < data.byteLength || part === 0; part++, offset += MAX_PART_BYTES) {
      written += this.sql.exec(
        'INSERT INTO batches (tab, seq, part, received_at, final, bytes, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
        tab,
        seq,
        part,
        receivedAt,
        final ? 1 : 0,
        bytes,
        data.subarray(offset, offset + MAX_PART_BYTES),
      ).rowsWritten;
    }
    return written;
  }
}

type Row = {
  tab: string;
  seq: number;
  part: number;
  bytes: number;
  data: ArrayBuffer;
};
