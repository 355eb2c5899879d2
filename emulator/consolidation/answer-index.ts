import type { ClassAnswer } from "./types.js";

/**
 * The answers of a job in one canonical layout, shared by every algorithm here: objects ascending by
 * id, each object's answers ascending by worker id (UTF-16 code unit order), one answer per
 * (object, worker) pair — the last one in input order, as a resubmission replaces the earlier answer
 * (the AWS notebook's `l_ij[i][j] = …` does the same). Everything downstream iterates this layout, so
 * results do not depend on the order the caller listed objects, workers or answers in (apart from
 * which of two answers of the same worker to the same object is "last").
 */
export interface AnswerIndex {
  /** Distinct object ids, ascending. */
  readonly objectIds: Float64Array;
  /** Distinct worker ids, ascending. */
  readonly workerIds: readonly string[];
  /** Answers of object `o` sit at positions `objectStart[o]` to `objectStart[o + 1] - 1`. */
  readonly objectStart: Int32Array;
  /** Worker rank (index into `workerIds`) of each position. */
  readonly worker: Int32Array;
  /** Index into the caller's `answers` array of each position. */
  readonly source: Int32Array;
}

/** Groups above this size are ordered with Array#sort instead of an insertion sort. */
const SMALL_GROUP = 16;

/** Non-negative integer object ids up to this bound are ranked with a lookup table instead of a Map. */
function denseLimit(answerCount: number): number {
  return Math.max(1 << 20, 4 * answerCount);
}

/** `order` = the provisional ranks sorted by `compare`; returns provisional rank → final rank. */
function finalRanks(size: number, compare: (x: number, y: number) => number): Int32Array {
  const order = new Int32Array(size);
  for (let r = 0; r < size; r++) order[r] = r;
  order.sort(compare);
  const rank = new Int32Array(size);
  order.forEach((provisional, final) => (rank[provisional] = final));
  return rank;
}

export function indexAnswers(answers: readonly ClassAnswer[]): AnswerIndex {
  const count = answers.length;
  const objectOf = new Int32Array(count);
  const workerOf = new Int32Array(count);

  // Workers: provisional rank = first appearance, then remapped to id order.
  const workerRank = new Map<string, number>();
  const workerList: string[] = [];
  let dense = true;
  let maxObjectId = -1;
  const limit = denseLimit(count);
  for (let a = 0; a < count; a++) {
    const { objectId, workerId } = answers[a] as ClassAnswer;
    if (typeof objectId !== "number" || !Number.isFinite(objectId)) {
      throw new RangeError(`objectId must be a finite number, got ${String(objectId)}`);
    }
    if (typeof workerId !== "string") throw new TypeError("workerId must be a string");
    if (dense) {
      if (Number.isInteger(objectId) && objectId >= 0 && objectId <= limit) {
        if (objectId > maxObjectId) maxObjectId = objectId;
      } else dense = false;
    }
    let w = workerRank.get(workerId);
    if (w === undefined) {
      w = workerList.length;
      workerRank.set(workerId, w);
      workerList.push(workerId);
    }
    workerOf[a] = w;
  }
  // Code unit order, as Array#sort's default: deterministic and locale-free.
  const workerFinal = finalRanks(workerList.length, (x, y) => {
    const p = workerList[x] as string;
    const q = workerList[y] as string;
    return p < q ? -1 : p > q ? 1 : 0;
  });
  const workerIds = new Array<string>(workerList.length);
  workerList.forEach((id, provisional) => (workerIds[workerFinal[provisional] as number] = id));
  for (let a = 0; a < count; a++) workerOf[a] = workerFinal[workerOf[a] as number] as number;

  let objectIds: Float64Array;
  if (dense) {
    // Object ids are small non-negative integers (datasetObjectId = manifest line): rank by a table.
    const table = new Int32Array(maxObjectId + 1).fill(-1);
    for (let a = 0; a < count; a++) table[(answers[a] as ClassAnswer).objectId] = 0;
    let rank = 0;
    const ids: number[] = [];
    for (let id = 0; id <= maxObjectId; id++) {
      if (table[id] === 0) {
        table[id] = rank++;
        ids.push(id);
      }
    }
    objectIds = Float64Array.from(ids);
    for (let a = 0; a < count; a++) objectOf[a] = table[(answers[a] as ClassAnswer).objectId] as number;
  } else {
    const objectRank = new Map<number, number>();
    const objectList: number[] = [];
    for (let a = 0; a < count; a++) {
      const { objectId } = answers[a] as ClassAnswer;
      let o = objectRank.get(objectId);
      if (o === undefined) {
        o = objectList.length;
        objectRank.set(objectId, o);
        objectList.push(objectId);
      }
      objectOf[a] = o;
    }
    const objectFinal = finalRanks(
      objectList.length,
      (x, y) => (objectList[x] as number) - (objectList[y] as number),
    );
    objectIds = new Float64Array(objectList.length);
    objectList.forEach((id, provisional) => (objectIds[objectFinal[provisional] as number] = id));
    for (let a = 0; a < count; a++) objectOf[a] = objectFinal[objectOf[a] as number] as number;
  }

  const objectCount = objectIds.length;
  const groupStart = new Int32Array(objectCount + 1);
  for (let a = 0; a < count; a++) {
    const o = objectOf[a] as number;
    groupStart[o + 1] = (groupStart[o + 1] as number) + 1;
  }
  for (let o = 0; o < objectCount; o++) {
    groupStart[o + 1] = (groupStart[o + 1] as number) + (groupStart[o] as number);
  }
  // Counting sort by object; stable, so each group keeps input order.
  const grouped = new Int32Array(count);
  const fill = groupStart.slice(0, objectCount);
  for (let a = 0; a < count; a++) {
    const o = objectOf[a] as number;
    const at = fill[o] as number;
    grouped[at] = a;
    fill[o] = at + 1;
  }

  const objectStart = new Int32Array(objectCount + 1);
  const worker = new Int32Array(count);
  const source = new Int32Array(count);
  let out = 0;
  for (let o = 0; o < objectCount; o++) {
    const start = groupStart[o] as number;
    const end = groupStart[o + 1] as number;
    sortGroupByWorker(grouped, start, end, workerOf);
    for (let k = start; k < end; k++) {
      const a = grouped[k] as number;
      const w = workerOf[a] as number;
      // Sorted by (worker, input index): of a run of one worker's answers, keep the last.
      if (k + 1 < end && workerOf[grouped[k + 1] as number] === w) continue;
      worker[out] = w;
      source[out] = a;
      out++;
    }
    objectStart[o + 1] = out;
  }
  return {
    objectIds,
    workerIds,
    objectStart,
    worker: out === count ? worker : worker.slice(0, out),
    source: out === count ? source : source.slice(0, out),
  };
}

/** Sorts `grouped[start..end)` (answer indices) by (worker rank, answer index). */
function sortGroupByWorker(grouped: Int32Array, start: number, end: number, workerOf: Int32Array): void {
  if (end - start > SMALL_GROUP) {
    const sorted = Array.from(grouped.subarray(start, end)).sort(
      (x, y) => (workerOf[x] as number) - (workerOf[y] as number) || x - y,
    );
    grouped.set(sorted, start);
    return;
  }
  for (let k = start + 1; k < end; k++) {
    const a = grouped[k] as number;
    const w = workerOf[a] as number;
    let m = k - 1;
    // Input indices ascend within the group, so ties on worker keep their order (stable).
    while (m >= start && (workerOf[grouped[m] as number] as number) > w) {
      grouped[m + 1] = grouped[m] as number;
      m--;
    }
    grouped[m + 1] = a;
  }
}

/** Throws unless `labelCount` is a positive integer. */
export function checkLabelCount(labelCount: number): void {
  if (!Number.isInteger(labelCount) || labelCount < 1) {
    throw new RangeError(`labelCount must be a positive integer, got ${String(labelCount)}`);
  }
}

function checkLabel(label: number, labelCount: number, answer: ClassAnswer): void {
  if (!Number.isInteger(label) || label < 0 || label >= labelCount) {
    throw new RangeError(
      `label ${String(label)} of object ${answer.objectId} (worker ${answer.workerId}) is not in 0..${labelCount - 1}`,
    );
  }
}

/** The single label of each indexed position; throws unless every kept answer has exactly one in range. */
export function singleLabels(
  answers: readonly ClassAnswer[],
  index: AnswerIndex,
  labelCount: number,
): Int32Array {
  const { source } = index;
  const labels = new Int32Array(source.length);
  for (let k = 0; k < source.length; k++) {
    const answer = answers[source[k] as number] as ClassAnswer;
    if (answer.labels.length !== 1) {
      throw new RangeError(
        `single-label answer of object ${answer.objectId} (worker ${answer.workerId}) has ${answer.labels.length} labels`,
      );
    }
    const label = answer.labels[0] as number;
    checkLabel(label, labelCount, answer);
    labels[k] = label;
  }
  return labels;
}

/**
 * Multi-label answers as one yes/no column per label: `chose[label][k]` is 1 when the answer at
 * position `k` contains `label`. Repeated labels in one answer count once; an empty answer is "no" to all.
 */
export function labelChoices(
  answers: readonly ClassAnswer[],
  index: AnswerIndex,
  labelCount: number,
): Uint8Array[] {
  const { source } = index;
  const positions = source.length;
  const all = new Uint8Array(labelCount * positions); // one block, label-major
  for (let k = 0; k < positions; k++) {
    const answer = answers[source[k] as number] as ClassAnswer;
    const labels = answer.labels;
    for (let m = 0; m < labels.length; m++) {
      const label = labels[m] as number;
      if (!Number.isInteger(label) || label < 0 || label >= labelCount) checkLabel(label, labelCount, answer);
      all[label * positions + k] = 1;
    }
  }
  return Array.from({ length: labelCount }, (_, label) =>
    all.subarray(label * positions, (label + 1) * positions),
  );
}
