/** Keys of the `text` table: one place, so import and read cannot drift. */
export const textKey = {
  packTitle: () => 'pack:title',
  questionPrompt: (q: string) => `q:${q}:prompt`,
  questionHint: (q: string) => `q:${q}:hint`,
  answerLabel: (q: string, a: string) => `a:${q}:${a}:label`,
  causeTitle: (c: string) => `c:${c}:title`,
  causeSummary: (c: string) => `c:${c}:summary`,
  causeStaffNote: (c: string) => `c:${c}:staff_note`,
  stepTitle: (c: string, s: string) => `s:${c}:${s}:title`,
  stepBody: (c: string, s: string) => `s:${c}:${s}:body`,
  handoffDetail: (c: string, position: number) => `h:${c}:${position}:detail`,
  fallbackTitle: () => 'fallback:title',
  fallbackDetail: () => 'fallback:detail',
} as const;
