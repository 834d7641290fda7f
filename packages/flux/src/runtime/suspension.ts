/**
 * Asynchronous answers for synchronous Flux code. A function that needs one (a stream's tables, a
 * secret, an HTTP status) throws a Suspension; whoever runs the code awaits the work and runs the
 * code again, handing out the answers so far in the order they were asked for. The program's
 * statements are replayed by `executeAsync`; the per-table work of a transformation by `settle`.
 */
import { FluxRuntimeError } from "../interpreter/errors.js";

export class Suspension {
  constructor(
    readonly what: string,
    readonly work: () => Promise<unknown>,
  ) {}
}

interface Attempt {
  answers: readonly unknown[];
  next: number;
}

/** The attempt `settle` is running right now (set only while its synchronous code runs). */
let current: Attempt | undefined;

const maxAnswers = 10_000;

/** An answer for code running while tables flow: from the current attempt, else a Suspension. */
export function answerWhileFlowing<T>(what: string, work: () => Promise<T>): T {
  if (current === undefined) throw new FluxRuntimeError(`${what}: cannot wait for a value here`, undefined);
  if (current.next < current.answers.length) return current.answers[current.next++] as T;
  throw new Suspension(what, work);
}

/** Runs `compute`, again after each answer it waits for, until it completes. */
export async function settle<T>(compute: () => T): Promise<T> {
  const answers: unknown[] = [];
  for (;;) {
    let suspension: Suspension | undefined;
    const previous = current;
    current = { answers, next: 0 };
    try {
      return compute();
    } catch (error) {
      if (!(error instanceof Suspension)) throw error;
      suspension = error;
    } finally {
      current = previous;
    }
    if (answers.length >= maxAnswers) throw new FluxRuntimeError(`${suspension.what}: too many values waited for`, undefined);
    answers.push(await suspension.work());
  }
}
