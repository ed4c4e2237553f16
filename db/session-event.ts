/**
 * What a kiosk session may record, as zod schemas. Pure (no Node, no DOM) so
 * the API contract (electron/api.ts) can reuse the very same schemas.
 *
 * Every field is an enum, a boolean, a small integer or a snake_case id from the
 * content pack: there is no field a person could type into, so nothing personal
 * can be logged (issue 3: "No personal data, ever: nothing typed is logged").
 */
import { z } from 'zod';
import { idSchema, LOCALES } from './content-schema';

/** How a session ended. Exactly one per session. */
export const OUTCOMES = [
  'resolved',
  'escalated_counter',
  'escalated_issuer',
  'escalated_hotline',
  'retry_later',
  'abandoned', // "start over", or left open by a crash (closed at the next start)
  'timeout', // idle
] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OutcomeSchema = z.enum(OUTCOMES);

export const ACCESSIBILITY_FEATURES = ['large_text', 'high_contrast', 'read_aloud'] as const;
export type AccessibilityFeature = (typeof ACCESSIBILITY_FEATURES)[number];

/** Same values as the content pack's hand-off kinds. */
export const HANDOFF_KINDS = ['counter', 'issuer', 'hotline', 'retry_later'] as const;

export const SESSION_EVENT_TYPES = [
  'answer',
  'cause_shown',
  'step_viewed',
  'step_done',
  'cause_result',
  'handoff_chosen',
  'locale_changed',
  'accessibility_changed',
] as const;
export type SessionEventType = (typeof SESSION_EVENT_TYPES)[number];

const locale = z.enum(LOCALES);

export const SessionEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('answer'), questionId: idSchema, answerId: idSchema }),
  /** rank 0 = the most likely cause for the answers given. */
  z.strictObject({ type: z.literal('cause_shown'), causeId: idSchema, rank: z.int().min(0).max(99) }),
  z.strictObject({ type: z.literal('step_viewed'), causeId: idSchema, stepId: idSchema }),
  /** The customer ticked (done: true) or unticked a step. The last one counts. */
  z.strictObject({ type: z.literal('step_done'), causeId: idSchema, stepId: idSchema, done: z.boolean() }),
  /** The answer to "did this solve it?". The last one per cause counts. */
  z.strictObject({ type: z.literal('cause_result'), causeId: idSchema, helped: z.boolean() }),
  /** causeId null: the pack's fallback hand-off after every cause was tried. */
  z.strictObject({ type: z.literal('handoff_chosen'), causeId: idSchema.nullable(), kind: z.enum(HANDOFF_KINDS) }),
  z.strictObject({ type: z.literal('locale_changed'), locale }),
  z.strictObject({ type: z.literal('accessibility_changed'), feature: z.enum(ACCESSIBILITY_FEATURES), on: z.boolean() }),
]);
export type SessionEvent = z.infer<typeof SessionEventSchema>;

export const StartSessionSchema = z.strictObject({
  packId: idSchema,
  packVersion: z.string().regex(/^\d{1,6}\.\d{1,6}\.\d{1,6}$/, 'version must be MAJOR.MINOR.PATCH'),
  locale,
  /** Staff-assisted mode (opened by staff with a PIN) rather than self-service. */
  assisted: z.boolean(),
});
export type StartSession = z.infer<typeof StartSessionSchema>;
