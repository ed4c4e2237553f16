/**
 * Worker-thread entry for the statistics export (see export-stats.ts), and the
 * main-thread function that starts it. The worker reads through its own
 * read-only connection; WAL lets the kiosk keep logging meanwhile.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ExportError, exportStats, type ExportOptions, type ExportSummary } from './export-stats';
import { verifyExport, type ExportProblem } from './verify-export';
import { openWorkerConnection, replyOf, runWorker, type StoreFileOptions, type WorkerReply } from './worker-thread';

export interface ExportJob extends StoreFileOptions {
  outDir: string;
  options: Omit<ExportOptions, 'io'>;
}

export interface ExportResult extends ExportSummary {
  /** The verifier's findings on the folder just written (verify-export.ts), also off the main thread. Empty when every rule holds. */
  problems: ExportProblem[];
}

/**
 * Exports in a worker thread, then verifies the folder there too. Rejects with
 * an ExportError (code kept) when the export is refused or cannot be written.
 */
export async function runExportInWorker(job: ExportJob): Promise<ExportResult> {
  try {
    return await runWorker<ExportResult>('export-worker', job);
  } catch (err) {
    const e = err as { name?: string; code?: string; message?: string };
    if (e.name === 'ExportError' && e.code) throw new ExportError(e.code as ExportError['code'], e.message ?? '');
    throw err;
  }
}

function main(job: ExportJob): WorkerReply<ExportResult> {
  try {
    const db = openWorkerConnection({ ...job, readonly: true });
    let summary: ExportSummary;
    try {
      summary = exportStats(db, job.outDir, job.options);
    } finally {
      db.close();
    }
    return { ok: true, value: { ...summary, problems: verifyExport(summary.dir) } };
  } catch (err) {
    return replyOf(err);
  }
}

if (parentPort && (workerData as ExportJob | undefined)?.outDir !== undefined) parentPort.postMessage(main(workerData as ExportJob));
