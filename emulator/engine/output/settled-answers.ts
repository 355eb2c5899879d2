import type { ClassAnswer } from "../../consolidation/index.js";
import type { ConsolidationRepository, SubmittedRow } from "./consolidation-repository.js";

export type AnswerParser = (rows: readonly SubmittedRow[]) => ClassAnswer[];

/**
 * Dawid-Skene's input, kept between a job's iterations. At every iteration it learns from every
 * answer of the job so far; reading and parsing them all again each time was most of what a
 * 100,000-object job's output cost beyond majority vote. An object that was consolidated never
 * gets another answer, so its parsed answers are kept from one iteration to the next, and only
 * the answers of objects not yet consolidated are read. Kept in memory only: after a restart, an
 * import or a reset the next iteration reads them from the database once.
 */
export class SettledAnswers {
  /** Per job: the parsed answers of the objects consolidated by iteration `iteration`. */
  private readonly byJob = new Map<string, { iteration: number; answers: ClassAnswer[] }>();

  /**
   * The job's answers for its iteration `iteration`, in object order: those of the objects past
   * iterations consolidated, of the objects this one consolidates (`iterationRows`), and of the
   * objects still waiting for more answers. (Objects that finished while this iteration was being
   * written join the next one, answers and all.)
   */
  allAnswers(
    jobArn: string,
    iteration: number,
    iterationRows: readonly SubmittedRow[],
    repository: ConsolidationRepository,
    parse: AnswerParser,
  ): ClassAnswer[] {
    const kept = this.byJob.get(jobArn);
    const settled =
      kept?.iteration === iteration - 1 ? kept.answers : parse(repository.consolidatedAnswers(jobArn));
    this.byJob.set(jobArn, { iteration: iteration - 1, answers: settled });
    const current = mergeByObject(parse(iterationRows), parse(repository.unfinishedAnswers(jobArn)));
    return mergeByObject(settled, current);
  }

  /** Iteration `iteration` consolidated the objects these answers are of (its results are saved). */
  settled(jobArn: string, iteration: number, rows: readonly SubmittedRow[], parse: AnswerParser): void {
    const kept = this.byJob.get(jobArn);
    if (kept?.iteration !== iteration - 1) {
      this.byJob.delete(jobArn);
      return;
    }
    this.byJob.set(jobArn, { iteration, answers: mergeByObject(kept.answers, parse(rows)) });
  }

  /** Drops what is kept for a job (it ended), or for every job (the state was replaced). */
  forget(jobArn?: string): void {
    if (jobArn === undefined) this.byJob.clear();
    else this.byJob.delete(jobArn);
  }
}

/**
 * Two lists in object order, merged into one. An object's answers are all on one side (it is
 * consolidated or it is not), so each keeps its own order: answers come out exactly as one query
 * over all of them, ordered by object and then by submission, would give them.
 */
function mergeByObject(first: readonly ClassAnswer[], second: readonly ClassAnswer[]): ClassAnswer[] {
  const merged: ClassAnswer[] = [];
  let i = 0;
  let j = 0;
  while (i < first.length && j < second.length) {
    const a = first[i] as ClassAnswer;
    const b = second[j] as ClassAnswer;
    if (a.objectId <= b.objectId) {
      merged.push(a);
      i++;
    } else {
      merged.push(b);
      j++;
    }
  }
  for (; i < first.length; i++) merged.push(first[i] as ClassAnswer);
  for (; j < second.length; j++) merged.push(second[j] as ClassAnswer);
  return merged;
}
