/**
 * The active pack as the UI renders it: one locale, read from SQLite.
 * The API contract (electron/api.ts) re-exports these types.
 */
import type { Category, Document, Fixer, HandoffKind, Locale } from './content-schema';

export interface HandoffView {
  kind: HandoffKind;
  detail: string;
  /** Only for `counter`: what to bring. */
  bring: Document[];
}

export interface StepView {
  id: string;
  title: string;
  body: string;
  illustration: string | null;
}

export interface CauseView {
  id: string;
  category: Category;
  fixer: Fixer;
  title: string;
  summary: string;
  steps: StepView[];
  handoffs: HandoffView[];
  staffNote: string;
}

export type AnswerNext = { question: string } | { causes: string[] };

export interface AnswerView {
  id: string;
  label: string;
  next: AnswerNext;
}

export interface QuestionView {
  id: string;
  prompt: string;
  hint: string | null;
  answers: AnswerView[];
}

export interface ContentView {
  packId: string;
  packVersion: string;
  locale: Locale;
  title: string;
  startQuestion: string;
  questions: Record<string, QuestionView>;
  causes: Record<string, CauseView>;
  fallback: { title: string; handoff: HandoffView };
}

