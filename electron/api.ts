/**
 * The one contract between the touch UI and the rest of the kiosk.
 * Each method: a zod schema for its argument (checked in main before anything
 * runs) and a TypeScript type for its result. Results cross the bridge as
 * `{ ok: true, value }` or `{ ok: false, error }` so error kinds survive IPC.
 *
 * Free of DOM and Node: the renderer imports types from here, the main process
 * and the e2e harness import values.
 */
import { z } from 'zod';
import { LOCALES, type Category, type Document, type Fixer, type HandoffKind, type Locale } from '../db/content-schema';
import type { ContentView } from '../db/content-view';
import type { ApiMethod } from './api-methods';

export { LOCALES };
export type { Locale, Fixer, Category, Document, HandoffKind };

export const LocaleSchema = z.enum(LOCALES);

/** Argument schemas, one per method. Unknown keys are rejected. */
export const argumentSchemas = {
  getKioskInfo: z.strictObject({}),
  getContent: z.strictObject({ locale: LocaleSchema }),
} satisfies Record<ApiMethod, z.ZodType>;

export type ApiArgs = { [M in ApiMethod]: z.infer<(typeof argumentSchemas)[M]> };

// ---- result types ----

export interface KioskInfo {
  packId: string;
  packVersion: string;
  locales: readonly Locale[];
}

export type { HandoffView, StepView, CauseView, AnswerNext, AnswerView, QuestionView, ContentView } from '../db/content-view';

export interface ApiResults {
  getKioskInfo: KioskInfo;
  getContent: ContentView;
}

// ---- the envelope ----

export const API_ERROR_CODES = ['invalid_argument', 'unknown_method', 'no_active_pack', 'forbidden', 'internal'] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export interface ApiError {
  code: ApiErrorCode;
  message: string;
  /** For invalid_argument: one line per problem, with its path. */
  details: string[];
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** The object the preload puts on `window.kiosk`. */
export type KioskApi = { [M in ApiMethod]: (arg: ApiArgs[M]) => Promise<ApiResult<ApiResults[M]>> };
