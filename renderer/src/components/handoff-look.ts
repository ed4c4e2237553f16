/** How each hand-off kind looks: its icon, its button on the cause screen, its outcome title. */
import type { HandoffKind } from '../../../electron/api';
import type { MessageKey } from '../i18n/en';
import type { IconName } from './icons';

export const HANDOFF_LOOK: Readonly<Record<HandoffKind, { icon: IconName; button: MessageKey; title: MessageKey }>> = {
  counter: { icon: 'bank', button: 'handoff_counter', title: 'outcome_counter_title' },
  issuer: { icon: 'phone_call', button: 'handoff_issuer', title: 'outcome_issuer_title' },
  hotline: { icon: 'chat', button: 'handoff_hotline', title: 'outcome_hotline_title' },
  retry_later: { icon: 'clock', button: 'handoff_retry_later', title: 'outcome_retry_later_title' },
};
