/**
 * Malformed content packs, one fault each, made by breaking the fixture pack
 * or the real bundled pack (issue 4, "Fault tests"). Each case names the
 * problems a content author must be shown: the JSON path of the fault and
 * what the message says about it. Used by pack-faults.test.ts.
 */
import type { Pack } from '../content-schema';
import { fixturePack } from './fixture-pack';
import bundledPack from '../content/card-binding.json';

export interface MalformedPack {
  name: string;
  /** The pack as parsed JSON, or (`text`) the file's bytes as text. */
  input: { json: unknown } | { text: string };
  /** Every problem expected: [path, message pattern]. Nothing else may be reported. */
  problems: [string, RegExp][];
}

type Mutable = Pack & Record<string, unknown>;

const t = (en: string) => ({ 'zh-Hans': `简:${en}`, 'zh-Hant': `繁:${en}`, en });

/** A fresh, deep copy of the fixture pack, changed by `change`. */
function fixture(change: (p: Mutable) => void): { json: unknown } {
  const p = fixturePack() as Mutable;
  change(p);
  return { json: p };
}

/** A fresh, deep copy of the real pack (a newer version, so a pack wrongly accepted would take over), changed by `change`. */
function real(change: (p: Mutable) => void): { json: unknown } {
  const p = structuredClone(bundledPack) as unknown as Mutable;
  p.version = '1.0.1';
  change(p);
  return { json: p };
}

/** Any value where the schema wants something else. */
const any = (v: unknown) => v as never;

export function malformedPacks(): MalformedPack[] {
  return [
    // ---- the file itself
    { name: 'not JSON', input: { text: 'schemaVersion: 1\nid: card_binding\n' }, problems: [['(file)', /not valid JSON/]] },
    {
      name: 'truncated JSON (the copy to the USB stick stopped half-way)',
      input: { text: JSON.stringify(bundledPack).slice(0, 5000) },
      problems: [['(file)', /not valid JSON/]],
    },
    { name: 'an empty file', input: { text: '' }, problems: [['(file)', /not valid JSON/]] },
    {
      name: 'an empty object',
      input: { json: {} },
      problems: [
        ['schemaVersion', /expected 1/],
        ['id', /expected string, received undefined/],
        ['version', /expected string, received undefined/],
        ['title', /expected object, received undefined/],
        ['locales', /expected tuple, received undefined/],
        ['startQuestion', /expected string, received undefined/],
        ['questions', /expected array, received undefined/],
        ['causes', /expected array, received undefined/],
        ['fallback', /expected object, received undefined/],
      ],
    },
    { name: 'an array instead of an object', input: { json: [fixturePack()] }, problems: [['(pack)', /expected object, received array/]] },
    { name: 'null', input: { json: null }, problems: [['(pack)', /expected object, received null/]] },

    // ---- header
    { name: 'schemaVersion 2 (a pack for a newer kiosk)', input: fixture((p) => (p.schemaVersion = any(2))), problems: [['schemaVersion', /expected 1/]] },
    { name: 'a version that is not MAJOR.MINOR.PATCH', input: fixture((p) => (p.version = '1.0')), problems: [['version', /MAJOR\.MINOR\.PATCH/]] },
    { name: 'a version of the wrong type', input: fixture((p) => (p.version = any(1))), problems: [['version', /expected string, received number/]] },
    { name: 'an id with invalid characters', input: fixture((p) => (p.id = 'Card-Binding!')), problems: [['id', /snake_case/]] },
    { name: 'an extra key at the top (a typo of a field name)', input: fixture((p) => (p['startQuestoin'] = 'start')), problems: [['(pack)', /Unrecognized key: "startQuestoin"/]] },
    { name: 'only one locale listed', input: fixture((p) => (p.locales = any(['en']))), problems: [['locales', /.+/]] },
    { name: 'a missing fallback', input: fixture((p) => delete (p as Partial<Mutable>).fallback), problems: [['fallback', /expected object, received undefined/]] },

    // ---- texts
    { name: 'a missing locale', input: fixture((p) => delete (p.questions[0]!.prompt as Partial<Pack['title']>)['zh-Hant']), problems: [['questions[0].prompt.zh-Hant', /missing text for this locale/]] },
    { name: 'an empty text (only spaces)', input: fixture((p) => (p.causes[1]!.summary.en = '   ')), problems: [['causes[1].summary.en', /text is empty/]] },
    { name: 'a text that is a number', input: fixture((p) => (p.title['zh-Hans'] = any(42))), problems: [['title.zh-Hans', /must be a string/]] },
    { name: 'a fourth locale', input: fixture((p) => ((p.title as Record<string, string>)['fr'] = 'Pack')), problems: [['title', /Unrecognized key: "fr"/]] },
    {
      name: 'a missing locale deep in the real pack',
      input: real((p) => delete (p.causes[12]!.steps[3]!.body as Partial<Pack['title']>)['zh-Hant']),
      problems: [['causes[12].steps[3].body.zh-Hant', /missing text for this locale/]],
    },
    { name: 'a hint with an empty text', input: fixture((p) => (p.questions[0]!.hint!.en = '')), problems: [['questions[0].hint.en', /text is empty/]] },

    // ---- questions and answers
    { name: 'the start question field missing', input: fixture((p) => delete (p as Partial<Mutable>).startQuestion), problems: [['startQuestion', /expected string, received undefined/]] },
    { name: 'a start question that does not exist', input: fixture((p) => (p.startQuestion = 'welcome')), problems: [['startQuestion', /unknown question "welcome"/]] },
    {
      name: 'an answer leading to an unknown question',
      input: fixture((p) => (p.questions[0]!.answers[1]!.next = { question: 'nowhere' })),
      problems: [
        ['questions[0].answers[1].next.question', /unknown question "nowhere"/],
        // which_message, and the cause only it leads to, were reachable only through that answer.
        ['questions[1]', /question "which_message" cannot be reached/],
        ['causes[1]', /cause "reserved_phone" cannot be reached/],
      ],
    },
    {
      name: 'an answer naming an unknown cause',
      input: real((p) => ((p.questions[8]!.answers[2]!.next as { causes: string[] }).causes[1] = 'too_many_attempts')),
      problems: [['questions[8].answers[2].next.causes[1]', /unknown cause "too_many_attempts"/]],
    },
    {
      name: 'a cycle between questions',
      input: fixture((p) => (p.questions[1]!.answers[1]!.next = { question: 'start' })),
      problems: [['questions[1].answers[1].next.question', /cycle: start → which_message → start/]],
    },
    {
      name: 'a longer cycle in the real pack',
      input: real((p) => (p.questions[8]!.answers[2]!.next = { question: 'card_origin' })),
      problems: [['questions[8].answers[2].next.question', /cycle: card_origin → what_happens → card_problem → card_works_atm → only_wechat_fails → card_origin/]],
    },
    {
      name: 'a question leading to itself',
      input: fixture((p) => (p.questions[1]!.answers[0]!.next = { question: 'which_message' })),
      problems: [
        ['questions[1].answers[0].next.question', /question "which_message" leads to itself/],
        // That answer was the only way to the reserved-phone cause.
        ['causes[1]', /cause "reserved_phone" cannot be reached/],
      ],
    },
    {
      name: 'an unreachable cause',
      input: fixture((p) =>
        p.causes.push({ id: 'orphan', category: 'limits', fixer: 'customer', title: t('Orphan'), summary: t('Nobody gets here'), steps: [{ id: 'one', title: t('One'), body: t('Body') }], handoffs: [], staffNote: t('None') }),
      ),
      problems: [['causes[3]', /cause "orphan" cannot be reached/]],
    },
    {
      name: 'an unreachable question',
      input: fixture((p) =>
        p.questions.push({ id: 'lonely', prompt: t('Lonely?'), answers: [{ id: 'yes', label: t('Yes'), next: { causes: ['network'] } }, { id: 'no', label: t('No'), next: { causes: ['outage'] } }] }),
      ),
      problems: [['questions[2]', /question "lonely" cannot be reached/]],
    },
    {
      name: 'duplicate question ids',
      input: fixture((p) => p.questions.push(structuredClone(p.questions[1]!))),
      problems: [['questions[2].id', /duplicate question id "which_message" \(first used at questions\[1\]\.id\)/]],
    },
    {
      name: 'duplicate cause ids in the real pack',
      input: real((p) => p.causes.push(structuredClone(p.causes[7]!))),
      problems: [['causes[20].id', /duplicate cause id "wechat_identity_info_expired_or_incomplete" \(first used at causes\[7\]\.id\)/]],
    },
    { name: 'duplicate answer ids', input: fixture((p) => (p.questions[0]!.answers[1]!.id = 'no_load')), problems: [['questions[0].answers[1].id', /duplicate answer id "no_load"/]] },
    { name: 'a cause listed twice for one answer', input: fixture((p) => (p.questions[0]!.answers[0]!.next = { causes: ['network', 'outage', 'network'] })), problems: [['questions[0].answers[0].next.causes[2]', /cause "network" listed twice/]] },
    { name: 'an answer with an empty causes list', input: fixture((p) => (p.questions[1]!.answers[1]!.next = { causes: [] })), problems: [['questions[1].answers[1].next.causes', /at least one cause/]] },
    // The union cannot tell which of its two shapes was meant: the path is exact, the message generic.
    { name: 'an answer with both a next question and causes', input: fixture((p) => (p.questions[1]!.answers[1]!.next = any({ question: 'start', causes: ['outage'] }))), problems: [['questions[1].answers[1].next', /Invalid input/]] },
    {
      name: 'too many answers for one screen',
      input: real((p) => p.questions[1]!.answers.push({ id: 'something_else', label: t('Something else'), next: { causes: ['network_unstable'] } })),
      problems: [['questions[1].answers', /at most six answers/]],
    },
    { name: 'a question with a single answer', input: fixture((p) => p.questions[1]!.answers.splice(1)), problems: [['questions[1].answers', /at least two answers/]] },
    { name: 'answers that are not a list', input: fixture((p) => (p.questions[0]!.answers = any({ no_load: 'network' }))), problems: [['questions[0].answers', /expected array, received object/]] },
    { name: 'an answer id with invalid characters', input: fixture((p) => (p.questions[0]!.answers[0]!.id = 'No Load')), problems: [['questions[0].answers[0].id', /snake_case/]] },
    { name: 'an id of 65 characters', input: fixture((p) => (p.causes[0]!.steps[1]!.id = `s${'x'.repeat(64)}`)), problems: [['causes[0].steps[1].id', /snake_case: a-z, 0-9, _ \(2-64 chars\)/]] },

    // ---- causes, steps, hand-offs
    { name: 'a cause without steps', input: fixture((p) => (p.causes[2]!.steps = [])), problems: [['causes[2].steps', /at least one step/]] },
    { name: 'a step without a body', input: real((p) => delete (p.causes[4]!.steps[2] as Partial<Pack['causes'][number]['steps'][number]>).body), problems: [['causes[4].steps[2].body', /expected object, received undefined/]] },
    { name: 'an extra key in a step (a video the kiosk cannot play)', input: fixture((p) => ((p.causes[2]!.steps[0] as Record<string, unknown>)['video'] = 'wait.mp4')), problems: [['causes[2].steps[0]', /Unrecognized key: "video"/]] },
    { name: 'duplicate step ids', input: fixture((p) => (p.causes[0]!.steps[1]!.id = 'switch')), problems: [['causes[0].steps[1].id', /duplicate step id "switch"/]] },
    { name: 'an illustration name with invalid characters', input: fixture((p) => (p.causes[0]!.steps[0]!.illustration = '../../etc/passwd')), problems: [['causes[0].steps[0].illustration', /snake_case/]] },
    { name: 'an unknown category', input: fixture((p) => (p.causes[0]!.category = any('weather'))), problems: [['causes[0].category', /Invalid option/]] },
    { name: 'a fixer of the wrong type', input: fixture((p) => (p.causes[0]!.fixer = any(42))), problems: [['causes[0].fixer', /Invalid option/]] },
    { name: 'a hand-off of an unknown kind', input: fixture((p) => (p.causes[1]!.handoffs[0] = any({ kind: 'email', detail: t('Write to us') }))), problems: [['causes[1].handoffs[0].kind', /Invalid discriminator value/]] },
    { name: 'a counter hand-off without "bring"', input: fixture((p) => delete (p.causes[1]!.handoffs[0] as { bring?: unknown }).bring), problems: [['causes[1].handoffs[0].bring', /expected array, received undefined/]] },
    { name: 'a counter hand-off asking for an unknown document', input: fixture((p) => ((p.causes[1]!.handoffs[0] as { bring: string[] }).bring = ['id_card', 'utility_bill'])), problems: [['causes[1].handoffs[0].bring[1]', /Invalid option/]] },
    {
      name: 'three hand-offs for one cause',
      input: real((p) => p.causes[2]!.handoffs.push({ kind: 'issuer', detail: t('Ask your bank') })),
      problems: [['causes[2].handoffs', /expected array to have <=2 items/]],
    },
    { name: 'a staff note missing', input: fixture((p) => delete (p.causes[0] as Partial<Pack['causes'][number]>).staffNote), problems: [['causes[0].staffNote', /expected object, received undefined/]] },

    // ---- size
    {
      name: 'a huge pack (2,000 causes) with one fault deep inside',
      input: fixture((p) => {
        for (let i = 0; i < 2000; i++) {
          p.causes.push({
            id: `extra_cause_${i}`,
            category: 'limits',
            fixer: 'customer',
            title: t(`Extra ${i}`),
            summary: t('Summary'),
            steps: [{ id: 'only', title: t('Step'), body: t(`Body ${'lorem ipsum '.repeat(20)}`) }],
            handoffs: [],
            staffNote: t('Note'),
          });
        }
        (p.questions[0]!.answers[0]!.next as { causes: string[] }).causes.push(...p.causes.slice(3).map((c) => c.id));
        p.causes[1502]!.title['zh-Hant'] = '';
      }),
      problems: [['causes[1502].title.zh-Hant', /text is empty/]],
    },
  ];
}
