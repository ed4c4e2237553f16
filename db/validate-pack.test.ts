import { describe, expect, it } from 'vitest';
import { validatePack, validatePackText, type PackProblem } from './validate-pack';
import { fixturePack } from './test/fixture-pack';
import type { Pack } from './content-schema';

function problemsOf(mutate: (p: Pack) => void): PackProblem[] {
  const pack = fixturePack();
  mutate(pack);
  const result = validatePack(pack);
  if (result.ok) throw new Error('expected the pack to be rejected');
  return result.problems;
}

describe('validatePack', () => {
  it('accepts a well-formed pack', () => {
    expect(validatePack(fixturePack()).ok).toBe(true);
  });

  it('reports a missing locale with its path', () => {
    const problems = problemsOf((p) => {
      delete (p.causes[1]!.steps[0]!.body as Partial<Record<string, string>>)['zh-Hant'];
    });
    expect(problems).toContainEqual({ path: 'causes[1].steps[0].body.zh-Hant', message: 'missing text for this locale' });
  });

  it('reports an empty text', () => {
    const problems = problemsOf((p) => {
      p.questions[0]!.prompt.en = '   ';
    });
    expect(problems).toContainEqual({ path: 'questions[0].prompt.en', message: 'text is empty' });
  });

  it('reports a cause without steps', () => {
    const problems = problemsOf((p) => {
      p.causes[0]!.steps = [];
    });
    expect(problems).toContainEqual({ path: 'causes[0].steps', message: 'a cause needs at least one step' });
  });

  it('reports unknown references to questions and causes', () => {
    const problems = problemsOf((p) => {
      p.questions[0]!.answers[1]!.next = { question: 'nowhere' };
      p.questions[1]!.answers[0]!.next = { causes: ['reserved_phone', 'ghost'] };
    });
    expect(problems).toContainEqual({ path: 'questions[0].answers[1].next.question', message: 'unknown question "nowhere"' });
    expect(problems).toContainEqual({ path: 'questions[1].answers[0].next.causes[1]', message: 'unknown cause "ghost"' });
  });

  it('reports an unknown start question', () => {
    const problems = problemsOf((p) => {
      p.startQuestion = 'missing_start';
    });
    expect(problems).toContainEqual({ path: 'startQuestion', message: 'unknown question "missing_start"' });
  });

  it('reports a cycle between questions, naming the loop', () => {
    const problems = problemsOf((p) => {
      p.questions[1]!.answers[1]!.next = { question: 'start' };
    });
    expect(problems).toContainEqual({ path: 'questions[1].answers[1].next.question', message: 'cycle: start → which_message → start' });
  });

  it('reports a cause that cannot be reached from the start', () => {
    const problems = problemsOf((p) => {
      p.questions[1]!.answers[0]!.next = { causes: ['network'] };
    });
    expect(problems).toContainEqual({ path: 'causes[1]', message: 'cause "reserved_phone" cannot be reached from the start question' });
  });

  it('reports a question that cannot be reached', () => {
    const problems = problemsOf((p) => {
      p.questions[0]!.answers[1]!.next = { causes: ['reserved_phone'] };
    });
    expect(problems).toContainEqual({ path: 'questions[1]', message: 'question "which_message" cannot be reached from the start question' });
  });

  it('reports duplicate ids: questions, causes, answers and steps', () => {
    const problems = problemsOf((p) => {
      p.causes[2]!.id = 'network';
      p.causes[0]!.steps[1]!.id = 'switch';
      p.questions[0]!.answers[1]!.id = 'no_load';
    });
    expect(problems).toContainEqual({ path: 'causes[2].id', message: 'duplicate cause id "network" (first used at causes[0].id)' });
    expect(problems).toContainEqual({ path: 'causes[0].steps[1].id', message: 'duplicate step id "switch" (first used at causes[0].steps[0].id)' });
    expect(problems).toContainEqual({ path: 'questions[0].answers[1].id', message: 'duplicate answer id "no_load" (first used at questions[0].answers[0].id)' });
  });

  it('reports every problem at once, not only the first', () => {
    const problems = problemsOf((p) => {
      p.title.en = '';
      p.causes[0]!.title = { 'zh-Hans': 'x', en: 'x' } as Pack['title'];
      p.version = 'one';
    });
    expect(problems.map((x) => x.path)).toEqual(expect.arrayContaining(['title.en', 'causes[0].title.zh-Hant', 'version']));
  });

  it('rejects unknown keys, so a typo in a field name is not silently ignored', () => {
    const problems = problemsOf((p) => {
      (p.causes[0] as Record<string, unknown>)['stafNote'] = 'typo';
    });
    expect(problems.some((x) => x.path === 'causes[0]' && /stafNote/.test(x.message))).toBe(true);
  });

  it('reports broken JSON as a problem instead of throwing', () => {
    const result = validatePackText('{"schemaVersion": 1,');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]!.path).toBe('(file)');
  });
});

describe('validatePack on a pathological pack', () => {
  it('answers for a chain of 5,000 questions instead of overflowing the stack', () => {
    const pack = fixturePack();
    const t = (en: string) => ({ 'zh-Hans': en, 'zh-Hant': en, en });
    const chain = Array.from({ length: 5000 }, (_, i) => ({
      id: `q${i}`,
      prompt: t(`Question ${i}`),
      answers: [
        { id: 'on', label: t('On'), next: i < 4999 ? { question: `q${i + 1}` } : { question: 'q0' } },
        { id: 'stop', label: t('Stop'), next: { causes: ['network'] } },
      ],
    }));
    pack.questions[0]!.answers[0]!.next = { question: 'q0' };
    pack.questions.push(...(chain as Pack['questions']));
    const result = validatePack(pack);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.filter((p) => p.message.startsWith('cycle:'))).toHaveLength(1);
  });
});
