/**
 * Every API method mapped to the core, arguments validated first. Shared by
 * the Electron IPC layer (ipc.ts) and the e2e harness, so both shells answer
 * exactly the same way.
 */
import type Database from 'better-sqlite3';
import { API_METHODS, type ApiMethod } from './api-methods';
import { argumentSchemas, type ApiArgs, type ApiError, type ApiResult, type ApiResults } from './api';
import { readContentView, readActivePackInfo, NoActivePackError } from '../db/content-read';

export interface HandlerContext {
  db: Database.Database;
}

type Implementations = { [M in ApiMethod]: (ctx: HandlerContext, arg: ApiArgs[M]) => ApiResults[M] };

const implementations: Implementations = {
  getKioskInfo: function getKioskInfo(ctx) {
    const info = readActivePackInfo(ctx.db);
    return { packId: info.packId, packVersion: info.version, locales: ['zh-Hans', 'zh-Hant', 'en'] };
  },
  getContent: function getContent(ctx, arg) {
    return readContentView(ctx.db, arg.locale);
  },
};

export function isApiMethod(name: string): name is ApiMethod {
  return (API_METHODS as readonly string[]).includes(name);
}

function failure(code: ApiError['code'], message: string, details: string[] = []): { ok: false; error: ApiError } {
  return { ok: false, error: { code, message, details } };
}

/**
 * Runs one call from the UI. Never throws: bad input and internal failures
 * both come back as a structured error the UI can show.
 */
export function handleCall(ctx: HandlerContext, method: string, rawArg: unknown): ApiResult<unknown> {
  if (!isApiMethod(method)) return failure('unknown_method', `No API method named "${method.slice(0, 64)}".`);
  const parsed = argumentSchemas[method].safeParse(rawArg);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(argument)'}: ${i.message}`);
    return failure('invalid_argument', `Invalid argument for ${method}.`, details);
  }
  try {
    const run = implementations[method] as (ctx: HandlerContext, arg: unknown) => unknown;
    return { ok: true, value: run(ctx, parsed.data) };
  } catch (err) {
    if (err instanceof NoActivePackError) return failure('no_active_pack', err.message);
    const message = err instanceof Error ? err.message : String(err);
    return failure('internal', `${method} failed: ${message}`);
  }
}
