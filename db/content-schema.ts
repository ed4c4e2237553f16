/**
 * The content-pack format: one JSON file per troubleshooting topic.
 * This zod schema checks shape; `validate-pack.ts` checks meaning
 * (references, reachability, cycles). Documented in README.md.
 */
import { z } from 'zod';

export const LOCALES = ['zh-Hans', 'zh-Hant', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Who can fix a cause. Shown as a badge and decides the hand-off. */
export const FIXERS = ['customer', 'counter', 'issuer', 'wechat_pay'] as const;
export type Fixer = (typeof FIXERS)[number];

export const CATEGORIES = ['phone_and_app', 'details_entered', 'identity', 'card_status', 'bank_account', 'limits', 'foreign_card'] as const;
export type Category = (typeof CATEGORIES)[number];

/** What the customer is asked to bring to the counter. */
export const DOCUMENTS = ['id_card', 'bank_card', 'phone', 'passport'] as const;
export type Document = (typeof DOCUMENTS)[number];

const nonBlank = z
  .string({ error: (issue) => (issue.input === undefined ? 'missing text for this locale' : 'must be a string') })
  .trim()
  .min(1, 'text is empty');

/** Every text exists in all three locales; missing or empty text is an error. */
export const LocalizedTextSchema = z.strictObject({
  'zh-Hans': nonBlank,
  'zh-Hant': nonBlank,
  en: nonBlank,
});
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

export const idSchema = z.string().regex(/^[a-z][a-z0-9_]{1,63}$/, 'id must be snake_case: a-z, 0-9, _ (2-64 chars)');

const AnswerNextSchema = z.union([
  z.strictObject({ question: idSchema }),
  z.strictObject({ causes: z.array(idSchema).min(1, 'an answer must name at least one cause') }),
]);

export const AnswerSchema = z.strictObject({
  id: idSchema,
  label: LocalizedTextSchema,
  /** Either the next question, or the candidate causes ranked most likely first. */
  next: AnswerNextSchema,
});

export const QuestionSchema = z.strictObject({
  id: idSchema,
  prompt: LocalizedTextSchema,
  /** Optional one-line hint under the question. */
  hint: LocalizedTextSchema.optional(),
  answers: z.array(AnswerSchema).min(2, 'a question needs at least two answers').max(6, 'at most six answers fit on one screen'),
});

export const StepSchema = z.strictObject({
  id: idSchema,
  title: LocalizedTextSchema,
  body: LocalizedTextSchema,
  /** Name of a bundled illustration (renderer/src/illustrations), optional. */
  illustration: idSchema.optional(),
});

/**
 * Where a cause sends the customer when they cannot finish alone.
 * `detail` says what happens there: what the teller will do, what to ask the
 * issuer or WeChat Pay, or when to try again.
 */
export const HandoffSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('counter'), detail: LocalizedTextSchema, bring: z.array(z.enum(DOCUMENTS)).min(1) }),
  z.strictObject({ kind: z.literal('issuer'), detail: LocalizedTextSchema }),
  z.strictObject({ kind: z.literal('hotline'), detail: LocalizedTextSchema }),
  z.strictObject({ kind: z.literal('retry_later'), detail: LocalizedTextSchema }),
]);
export type Handoff = z.infer<typeof HandoffSchema>;
export type HandoffKind = Handoff['kind'];

export const CauseSchema = z.strictObject({
  id: idSchema,
  category: z.enum(CATEGORIES),
  fixer: z.enum(FIXERS),
  title: LocalizedTextSchema,
  summary: LocalizedTextSchema,
  steps: z.array(StepSchema).min(1, 'a cause needs at least one step'),
  /** Offered beside "did this solve it?"; empty when the customer can always finish alone. */
  handoffs: z.array(HandoffSchema).max(2),
  /** Shown only in staff-assisted mode. */
  staffNote: LocalizedTextSchema,
});

export const PackSchema = z.strictObject({
  schemaVersion: z.literal(1),
  id: idSchema,
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'version must be MAJOR.MINOR.PATCH'),
  title: LocalizedTextSchema,
  locales: z.tuple([z.literal('zh-Hans'), z.literal('zh-Hant'), z.literal('en')]),
  startQuestion: idSchema,
  questions: z.array(QuestionSchema).min(1),
  causes: z.array(CauseSchema).min(1),
  /** Shown when every candidate cause has been tried: the generic counter hand-off. */
  fallback: z.strictObject({ title: LocalizedTextSchema, handoff: HandoffSchema }),
});

export type Pack = z.infer<typeof PackSchema>;
export type Question = z.infer<typeof QuestionSchema>;
export type Answer = z.infer<typeof AnswerSchema>;
export type Cause = z.infer<typeof CauseSchema>;
export type Step = z.infer<typeof StepSchema>;
