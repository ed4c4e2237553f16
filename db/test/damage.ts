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
