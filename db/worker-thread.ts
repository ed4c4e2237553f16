/**
 * Runs heavy store work (statistics export, retention roll-up) in a worker
 * thread, so the main process never stalls (DESIGN.md: never more than 50 ms).
 * Each worker opens its own connection to the store file; results come back as
 * `{ ok, value }` / `{ ok: false, error }` so error kinds survive the thread hop.
 */
import Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { schemaVersion } from './migrate';
import { MIGRATIONS } from './migrations';

export type WorkerReply<T> = { ok: true; value: T } | { ok: false; error: { name: string; code?: string; message: string } };

export function replyOf(err: unknown): WorkerReply<never> {
  const e = err as { name?: unknown; code?: unknown; message?: unknown };
  return {
    ok: false,
    error: {
      name: typeof e?.name === 'string' ? e.name : 'Error',
      ...(typeof e?.code === 'string' ? { code: e.code } : {}),
      message: typeof e?.message === 'string' ? e.message : String(err),
    },
  };
}

export interface StoreFileOptions {
  /** The store file (workers cannot share an in-memory database). */
  file: string;
  /** Same as openStore's: the native module built for Electron's ABI. */
  nativeBinding?: string;
}

/** A worker's own connection, with the store's pragmas; refuses a store whose schema is not current. */
export function openWorkerConnection(options: StoreFileOptions & { readonly?: boolean }): Database.Database {
  const db = new Database(options.file, {
    fileMustExist: true,
    readonly: options.readonly ?? false,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  try {
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const expected = MIGRATIONS.at(-1)!.version;
    const found = schemaVersion(db);
    if (found !== expected) throw new Error(`The store ${options.file} has schema ${found}; this worker needs ${expected}. Open it with the kiosk first.`);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * Starts `<name>.js` next to this file (the compiled app), or `<name>.ts`
 * through tsx when running from source (tests, npm scripts).
 */
export function runWorker<T>(name: 'export-worker' | 'retention-worker', data: unknown): Promise<T> {
  const ext = extname(__filename);
  const file = join(__dirname, `${name}${ext}`);
  const worker =
    ext === '.ts'
      ? new Worker(`require(${JSON.stringify(createRequire(__filename).resolve('tsx/cjs/api'))}).register(); require(${JSON.stringify(file)});`, {
          eval: true,
          workerData: data,
        })
      : new Worker(file, { workerData: data });
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    worker.once('message', (reply: WorkerReply<T>) => {
      settled = true;
      if (reply.ok) resolve(reply.value);
      else reject(Object.assign(new Error(reply.error.message), reply.error));
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`The ${name} thread stopped (exit code ${code}) without an answer.`));
    });
  });
}
