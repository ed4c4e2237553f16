/**
 * Worker-thread entry for retention (see retention.ts), and the main-thread
 * function that starts it. The worker writes through its own connection.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { rollUpOldSessions, type RollupResult } from './retention';
import { openWorkerConnection, replyOf, runWorker, type StoreFileOptions, type WorkerReply } from './worker-thread';

export interface RetentionJob extends StoreFileOptions {
  /** ISO time (Dates do not cross threads as Dates). Default: the clock. */
  now?: string;
  retentionDays?: number;
}

export function runRetentionInWorker(job: RetentionJob): Promise<RollupResult> {
  return runWorker<RollupResult>('retention-worker', job);
}

function main(job: RetentionJob): WorkerReply<RollupResult> {
  try {
    const db = openWorkerConnection(job);
    try {
      return {
        ok: true,
        value: rollUpOldSessions(db, {
          ...(job.now ? { now: new Date(job.now) } : {}),
          ...(job.retentionDays !== undefined ? { retentionDays: job.retentionDays } : {}),
        }),
      };
    } finally {
      db.close();
    }
  } catch (err) {
    return replyOf(err);
  }
}

if (parentPort && (workerData as RetentionJob | undefined)?.file !== undefined) parentPort.postMessage(main(workerData as RetentionJob));
