/**
 * Cause categories for the staff's index of causes: their names, and the
 * order they are listed in (the pack's schema order, db/content-schema.ts).
 */
import type { CauseView, Category } from '../../../electron/api';
import type { MessageKey } from '../i18n/en';

/** Every category (the Record type makes a new one a compile error here), in listing order. */
export const CATEGORY_NAMES: Readonly<Record<Category, MessageKey>> = {
  phone_and_app: 'category_phone_and_app',
  details_entered: 'category_details_entered',
  identity: 'category_identity',
  card_status: 'category_card_status',
  bank_account: 'category_bank_account',
  limits: 'category_limits',
  foreign_card: 'category_foreign_card',
};

export interface CauseGroup {
  category: Category;
  causes: readonly CauseView[];
}

/** Causes grouped by category, categories in listing order, causes in the pack's order; empty groups left out. */
export function groupByCategory(causes: readonly CauseView[]): CauseGroup[] {
  return (Object.keys(CATEGORY_NAMES) as Category[])
    .map((category) => ({ category, causes: causes.filter((c) => c.category === category) }))
    .filter((g) => g.causes.length > 0);
}
