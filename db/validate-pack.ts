/**
 * Checks a content pack completely and reports every problem with its JSON
 * path, so a content author can fix a pack in one pass instead of one error
 * per import attempt.
 */
import { PackSchema, type Pack } from './content-schema';

export interface PackProblem {
  /** JSON path, e.g. `causes[3].steps[0].title.en`. */
  path: string;
  message: string;
}

export type PackValidation = { ok: true; pack: Pack } | { ok: false; problems: PackProblem[] };

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(pack)' : out;
}

export function validatePack(input: unknown): PackValidation {
  const parsed = PackSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
    };
  }
  const problems = checkReferences(parsed.data);
  return problems.length === 0 ? { ok: true, pack: parsed.data } : { ok: false, problems };
}

/** Parses JSON text, then validates. A syntax error is a problem, not a throw. */
export function validatePackText(text: string): PackValidation {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { ok: false, problems: [{ path: '(file)', message: `not valid JSON: ${(err as Error).message}` }] };
  }
  return validatePack(data);
}

function findDuplicates(ids: readonly string[], pathOf: (i: number) => string, what: string): PackProblem[] {
  const firstAt = new Map<string, number>();
  const problems: PackProblem[] = [];
  ids.forEach((id, i) => {
    const first = firstAt.get(id);
    if (first === undefined) firstAt.set(id, i);
    else problems.push({ path: pathOf(i), message: `duplicate ${what} id "${id}" (first used at ${pathOf(first)})` });
  });
  return problems;
}

function checkReferences(pack: Pack): PackProblem[] {
  const problems: PackProblem[] = [];
  const questionIndex = new Map(pack.questions.map((q, i) => [q.id, i] as const));
  const causeIds = new Set(pack.causes.map((c) => c.id));

  problems.push(...findDuplicates(pack.questions.map((q) => q.id), (i) => `questions[${i}].id`, 'question'));
  problems.push(...findDuplicates(pack.causes.map((c) => c.id), (i) => `causes[${i}].id`, 'cause'));
  pack.questions.forEach((q, qi) => {
    problems.push(...findDuplicates(q.answers.map((a) => a.id), (i) => `questions[${qi}].answers[${i}].id`, 'answer'));
  });
  pack.causes.forEach((c, ci) => {
    problems.push(...findDuplicates(c.steps.map((s) => s.id), (i) => `causes[${ci}].steps[${i}].id`, 'step'));
  });

  if (!questionIndex.has(pack.startQuestion)) {
    problems.push({ path: 'startQuestion', message: `unknown question "${pack.startQuestion}"` });
  }

  pack.questions.forEach((q, qi) => {
    q.answers.forEach((a, ai) => {
      const at = `questions[${qi}].answers[${ai}].next`;
      if ('question' in a.next) {
        if (!questionIndex.has(a.next.question)) problems.push({ path: `${at}.question`, message: `unknown question "${a.next.question}"` });
        if (a.next.question === q.id) problems.push({ path: `${at}.question`, message: `question "${q.id}" leads to itself` });
      } else {
        const seen = new Set<string>();
        a.next.causes.forEach((cid, ki) => {
          if (!causeIds.has(cid)) problems.push({ path: `${at}.causes[${ki}]`, message: `unknown cause "${cid}"` });
          if (seen.has(cid)) problems.push({ path: `${at}.causes[${ki}]`, message: `cause "${cid}" listed twice` });
          seen.add(cid);
        });
      }
    });
  });

  problems.push(...findCycles(pack, questionIndex));
  problems.push(...findUnreachable(pack, questionIndex));
  return problems;
}

/**
 * Depth-first search over question → question edges; reports each back edge
 * once. Iterative, so a pathological pack (a chain of thousands of questions)
 * gets an answer instead of a stack overflow.
 */
function findCycles(pack: Pack, questionIndex: ReadonlyMap<string, number>): PackProblem[] {
  const problems: PackProblem[] = [];
  const state = new Map<string, 'visiting' | 'done'>();

  for (const root of pack.questions) {
    if (state.has(root.id)) continue;
    // Each frame: a question on the current path and the next answer of it to look at.
    const stack: { qid: string; next: number }[] = [{ qid: root.id, next: 0 }];
    state.set(root.id, 'visiting');
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const qi = questionIndex.get(frame.qid)!;
      const answers = pack.questions[qi]!.answers;
      if (frame.next >= answers.length) {
        state.set(frame.qid, 'done');
        stack.pop();
        continue;
      }
      const ai = frame.next++;
      const a = answers[ai]!;
      if (!('question' in a.next)) continue;
      const target = a.next.question;
      if (!questionIndex.has(target) || target === frame.qid) continue; // reported elsewhere
      if (state.get(target) === 'visiting') {
        const path = stack.map((f) => f.qid);
        const loop = [...path.slice(path.indexOf(target)), target].join(' → ');
        problems.push({ path: `questions[${qi}].answers[${ai}].next.question`, message: `cycle: ${loop}` });
      } else if (!state.has(target)) {
        state.set(target, 'visiting');
        stack.push({ qid: target, next: 0 });
      }
    }
  }
  return problems;
}

function findUnreachable(pack: Pack, questionIndex: ReadonlyMap<string, number>): PackProblem[] {
  if (!questionIndex.has(pack.startQuestion)) return []; // already reported
  const reachedQuestions = new Set<string>();
  const reachedCauses = new Set<string>();
  const queue = [pack.startQuestion];
  while (queue.length > 0) {
    const qid = queue.shift()!;
    if (reachedQuestions.has(qid)) continue;
    reachedQuestions.add(qid);
    for (const a of pack.questions[questionIndex.get(qid)!]!.answers) {
      if ('question' in a.next) {
        if (questionIndex.has(a.next.question)) queue.push(a.next.question);
      } else {
        for (const cid of a.next.causes) reachedCauses.add(cid);
      }
    }
  }
  const problems: PackProblem[] = [];
  pack.questions.forEach((q, i) => {
    if (!reachedQuestions.has(q.id)) problems.push({ path: `questions[${i}]`, message: `question "${q.id}" cannot be reached from the start question` });
  });
  pack.causes.forEach((c, i) => {
    if (!reachedCauses.has(c.id)) problems.push({ path: `causes[${i}]`, message: `cause "${c.id}" cannot be reached from the start question` });
  });
  return problems;
}
