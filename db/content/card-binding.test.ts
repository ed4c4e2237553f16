/**
 * Checks on the shipped card-binding pack that go beyond the schema: the
 * promises the kiosk makes to customers (every cause close at hand, the right
 * hand-off for who can fix it, no disputed numbers stated as fact).
 */
import { describe, expect, it } from 'vitest';
import { validatePack } from '../validate-pack';
import { LOCALES, type Pack } from '../content-schema';
import raw from './card-binding.json';

const result = validatePack(raw);
if (!result.ok) throw new Error(`bundled pack invalid: ${JSON.stringify(result.problems.slice(0, 5))}`);
const pack: Pack = result.pack;

const CONTENT_MD_CAUSES = [
  'network_unstable', 'wechat_app_outdated_or_glitch', 'service_maintenance_or_outage', 'card_info_input_error',
  'reserved_phone_mismatch', 'sms_code_not_received_or_invalid', 'realname_not_own_card',
  'wechat_identity_info_expired_or_incomplete', 'bank_kyc_record_outdated', 'card_status_abnormal', 'card_not_activated',
  'online_quick_payment_disabled', 'account_class_restricted', 'non_counter_or_dormant_restricted', 'bind_count_limit_reached',
  'card_or_bank_unsupported', 'too_many_attempts_risk_control', 'minor_age_restriction',
  'foreigner_chinese_card_name_mismatch', 'foreign_card_declined_or_unsupported',
];

/** Every localized text in the pack with its JSON path. */
function allTexts(value: unknown, path = ''): { path: string; locale: string; text: string }[] {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    if (LOCALES.every((l) => typeof obj[l] === 'string')) return LOCALES.map((l) => ({ path, locale: l, text: obj[l] as string }));
    return Object.entries(obj).flatMap(([k, v]) => allTexts(v, `${path}.${k}`));
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => allTexts(v, `${path}[${i}]`));
  return [];
}

/** Fewest questions a customer answers to see each cause. */
function tapsToEachCause(p: Pack): Map<string, number> {
  const questions = new Map(p.questions.map((q) => [q.id, q]));
  const best = new Map<string, number>();
  const queue: [string, number][] = [[p.startQuestion, 1]];
  const seen = new Set<string>();
  while (queue.length) {
    const [qid, depth] = queue.shift()!;
    if (seen.has(qid)) continue;
    seen.add(qid);
    for (const a of questions.get(qid)!.answers) {
      if ('question' in a.next) queue.push([a.next.question, depth + 1]);
      else for (const c of a.next.causes) if (!best.has(c)) best.set(c, depth);
    }
  }
  return best;
}

describe('the card-binding pack', () => {
  it('covers every cause in the research notes', () => {
    expect(pack.causes.map((c) => c.id)).toEqual(expect.arrayContaining(CONTENT_MD_CAUSES));
  });

  it('puts every cause within five taps of the start', () => {
    const taps = tapsToEachCause(pack);
    for (const c of pack.causes) expect({ cause: c.id, taps: taps.get(c.id)! <= 5 }).toEqual({ cause: c.id, taps: true });
  });

  it('offers a next likely cause after most answers, so "didn\'t help" has somewhere to go', () => {
    const lists = pack.questions.flatMap((q) => q.answers).flatMap((a) => ('causes' in a.next ? [a.next.causes] : []));
    const withAlternatives = lists.filter((l) => l.length >= 2).length;
    expect(withAlternatives / lists.length).toBeGreaterThanOrEqual(0.9);
  });

  it('sends each cause to the party that can fix it', () => {
    const needed = { counter: 'counter', issuer: 'issuer', wechat_pay: 'hotline' } as const;
    for (const c of pack.causes) {
      if (c.fixer === 'customer') continue;
      expect({ cause: c.id, kinds: c.handoffs.map((h) => h.kind) }).toEqual({ cause: c.id, kinds: expect.arrayContaining([needed[c.fixer]]) });
    }
  });

  it('names 95017 wherever it sends someone to WeChat Pay', () => {
    const hotlines = pack.causes.flatMap((c) => c.handoffs.filter((h) => h.kind === 'hotline').map((h) => ({ cause: c.id, h })));
    expect(hotlines.length).toBeGreaterThan(0);
    for (const { cause, h } of hotlines) for (const l of LOCALES) expect({ cause, l, has: h.detail[l].includes('95017') }).toEqual({ cause, l, has: true });
  });

  it('gives the current in-app path, and says what older versions show', () => {
    const zh = allTexts(pack).filter((t) => t.locale === 'zh-Hans').map((t) => t.text);
    expect(zh.some((t) => t.includes('我 → 服务 → 钱包 → 银行卡 → 添加银行卡'))).toBe(true);
    for (const t of zh.filter((x) => x.includes('我 → 服务'))) expect(t).toMatch(/支付/);
  });

  it('states no attempt limits, cool-down times or waiting periods that sources disagree on', () => {
    const disputed = /\d+\s*(次|回|times|attempts|tries|小时|小時|hours?|个工作日|個工作天|个工作天|working days?)/i;
    const offending = allTexts(pack).filter((t) => disputed.test(t.text));
    expect(offending).toEqual([]);
  });

  it('never asks the customer to share a PIN or an SMS code', () => {
    const asks = /(告诉|告訴|提供|發給|发给|给|給).{0,6}(密码|密碼|验证码|驗證碼)|(tell|give|send|share)\b[^.]{0,30}\b(PIN|code|password)/i;
    // Warnings ("never give anyone your PIN") are welcome; only a request is a fault.
    const negated = /勿|不要|别|別|切勿|绝不|絕不|never|don't|do not|not /i;
    const sentences = allTexts(pack).flatMap((t) => t.text.split(/(?<=[。！？.!?])/).map((s) => ({ path: t.path, s })));
    expect(sentences.filter(({ s }) => asks.test(s) && !negated.test(s))).toEqual([]);
  });

  it('is really written in Traditional Chinese for zh-Hant, not a copy of zh-Hans', () => {
    const texts = allTexts(pack);
    const byPath = new Map<string, Record<string, string>>();
    for (const t of texts) byPath.set(t.path, { ...byPath.get(t.path), [t.locale]: t.text });
    const cjk = [...byPath.values()].filter((v) => /[\u4e00-\u9fff].*[\u4e00-\u9fff].*[\u4e00-\u9fff].*[\u4e00-\u9fff]/.test(v['zh-Hans']!));
    const identical = cjk.filter((v) => v['zh-Hans'] === v['zh-Hant']);
    expect(identical.length / cjk.length).toBeLessThan(0.05);
  });

  /** Causes whose counter visit changes the card's own records: only the bank that issued the card can. */
  const ISSUER_RECORD_CAUSES = [
    'card_info_input_error', 'reserved_phone_mismatch', 'sms_code_not_received_or_invalid', 'bank_kyc_record_outdated',
    'card_status_abnormal', 'card_not_activated', 'online_quick_payment_disabled', 'account_class_restricted',
    'non_counter_or_dormant_restricted', 'foreigner_chinese_card_name_mismatch',
  ];
  const ISSUING_BANK = { en: /another bank/, 'zh-Hans': /发卡银行/, 'zh-Hant': /發卡銀行/ } as const;

  function rankedBy(questionId: string): string[] {
    const question = pack.questions.find((q) => q.id === questionId)!;
    return question.answers.flatMap((a) => ('causes' in a.next ? a.next.causes : []));
  }

  it("tells a customer with another bank's card that only that bank can change the card's records", () => {
    const silent: string[] = [];
    for (const id of ISSUER_RECORD_CAUSES) {
      const counter = pack.causes.find((c) => c.id === id)!.handoffs.find((h) => h.kind === 'counter')!;
      for (const l of LOCALES) if (!ISSUING_BANK[l].test(counter.detail[l])) silent.push(`${id} ${l}`);
    }
    for (const l of LOCALES) if (!ISSUING_BANK[l].test(pack.fallback.handoff.detail[l]) && !/那家银行|該銀行|that bank/.test(pack.fallback.handoff.detail[l])) silent.push(`fallback ${l}`);
    expect(silent).toEqual([]);
  });

  it('never sends a foreign card to the counter for a record the branch cannot reach', () => {
    // The branch counter can help only with cards issued in mainland China.
    const ranked = rankedBy('foreign_card_what');
    expect(ranked.filter((id) => ISSUER_RECORD_CAUSES.includes(id) || id === 'card_or_bank_unsupported')).toEqual([]);
    for (const l of LOCALES) expect(pack.fallback.handoff.detail[l]).toMatch(/境外|outside mainland China/);
  });

  it('does not show a passport holder causes that only concern a Chinese ID card', () => {
    expect(rankedBy('foreigner_cn_card')).not.toContain('bank_kyc_record_outdated');
  });

  it('asks for an ID whenever the counter is to look at the bank\'s side', () => {
    const withoutId = pack.causes
      .flatMap((c) => c.handoffs.map((h) => ({ cause: c.id, h })))
      .filter(({ h }) => h.kind === 'counter' && !h.bring.includes('id_card') && !h.bring.includes('passport'));
    expect(withoutId.map(({ cause }) => cause)).toEqual([]);
  });

  it('keeps titles and button labels short enough for large type', () => {
    const tooLong: string[] = [];
    const check = (path: string, text: Record<string, string>, cjkMax: number, enMax: number) => {
      if ([...text['zh-Hans']!].length > cjkMax || [...text['zh-Hant']!].length > cjkMax || text['en']!.length > enMax) tooLong.push(path);
    };
    pack.causes.forEach((c) => {
      check(`${c.id}.title`, c.title, 16, 48);
      c.steps.forEach((s) => check(`${c.id}.${s.id}.title`, s.title, 16, 48));
    });
    pack.questions.forEach((q) => q.answers.forEach((a) => check(`${q.id}.${a.id}.label`, a.label, 20, 60)));
    expect(tooLong).toEqual([]);
  });
});
