/** Damages a closed store file on purpose, page by page, for the store-safety tests. */
import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';

/** The pages of one table or index (dbstat), in b-tree order; `type` narrows to 'leaf' or 'internal'. */
export function pagesOf(file: string, name: string, type?: 'leaf' | 'internal'): number[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT pageno, pagetype FROM dbstat WHERE name = ? ORDER BY path').all(name) as { pageno: number; pagetype: string }[];
    return rows.filter((r) => type === undefined || r.pagetype === type).map((r) => r.pageno);
  } finally {
    db.close();
  }
}

/** Overwrites whole pages with a fixed pattern of garbage (deterministic, so a failure replays). */
export function scramblePages(file: string, pages: readonly number[]): void {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  const bytes = readFileSync(file);
  for (const page of pages) {
    const start = (page - 1) * pageSize;
    for (let i = 0; i < pageSize; i++) bytes[start + i] = (i * 131 + page * 7 + 0x5a) & 0xff;
  }
  writeFileSync(file, bytes);
}

/** A SQLite varint at `at`: its value (small ones only, as in the tests' records) and its length. */
function readVarint(bytes: Buffer, at: number): { value: number; length: number } {
  let value = 0;
  for (let i = 0; i < 9; i++) {
    const byte = bytes[at + i]!;
    value = value * 128 + (byte & 0x7f);
    if (byte < 0x80) return { value, length: i + 1 };
  }
  throw new Error('varint longer than the tests need');
}

/**
 * Tears the first entry of an index the way a torn write does: `part` 'key' gives it the key 0,
 * which its row does not have; 'rowid' points it at row 0, which does not exist. The b-tree stays
 * well-formed, so `quick_check` passes and only `integrity_check` ("row N missing from index")
 * finds it. SQLite meets a torn key as SQLITE_CORRUPT_INDEX when it updates or deletes that row
 * (it cannot find the entry to remove), and a torn rowid as SQLITE_CORRUPT when a query reaches the
 * row through the index. Works on a live store: the WAL is checkpointed into the file first (the
 * kiosk's connection re-reads pages once the WAL it knew has been reset), and the entry is edited
 * in the file. The part edited must be a small integer (the constant 0 or 1, or one byte); a torn
 * key must be unique and stays first, so the entries stay in order.
 */
export function tearFirstIndexEntry(file: string, index: string, part: 'key' | 'rowid' = 'key'): void {
  const db = new Database(file, { fileMustExist: true });
  db.pragma('wal_checkpoint(TRUNCATE)');
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  const leaf = pagesOf(file, index, 'leaf')[0];
  if (leaf === undefined) throw new Error(`index ${index} has no leaf page`);
  const bytes = readFileSync(file);
  const page = (leaf - 1) * pageSize;
  if (bytes[page] !== 0x0a) throw new Error(`page ${leaf} is not an index leaf`);
  // Cell pointer array right after the 8-byte leaf header; the cell: payload size, header size, serial types, values.
  let at = page + bytes.readUInt16BE(page + 8);
  at += readVarint(bytes, at).length;
  const header = readVarint(bytes, at);
  const types: { value: number; at: number }[] = [];
  for (let p = at + header.length; p < at + header.value; ) {
    const type = readVarint(bytes, p);
    types.push({ value: type.value, at: p });
    p += type.length;
  }
  const target = part === 'key' ? 0 : types.length - 1;
  const type = types[target]!;
  // Where the target's value starts: after the header and the values before it.
  const valueAt = at + header.value + types.slice(0, target).reduce((sum, t) => sum + serialSize(t.value), 0);
  if (type.value === 9) bytes[type.at] = 8; // the constant 1 becomes the constant 0
  else if (type.value === 1) bytes[valueAt] = 0; // a one-byte integer becomes 0
  else throw new Error(`index ${index}: ${part} of serial type ${type.value}, the tests expect a small integer`);
  writeFileSync(file, bytes);
}

/** Bytes a value of this serial type takes in a record (SQLite file format, "Record Format"). */
function serialSize(type: number): number {
  const fixed: Record<number, number> = { 0: 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 6, 6: 8, 7: 8, 8: 0, 9: 0 };
  return fixed[type] ?? Math.floor((type - (type % 2 === 0 ? 12 : 13)) / 2);
}
