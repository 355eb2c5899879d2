import { checkLabelCount, indexAnswers, singleLabels } from "./answer-index.js";
import { pythonRound2 } from "./rounding.js";
import type { ClassAnswer, SingleLabelResult } from "./types.js";

/**
 * Majority vote, the emulator's default: the most frequent label wins, a tie goes to the lowest label
 * index, confidence = the winner's share of the object's answers (Python `round(…, 2)`). An object
 * answered by one worker gets that worker's label with confidence 0 (AWS's documented rule). One answer
 * per (object, worker): a repeated pair keeps the last (see `indexAnswers`). Results ascend by objectId.
 */
export function majorityVote(answers: readonly ClassAnswer[], labelCount: number): SingleLabelResult[] {
  checkLabelCount(labelCount);
  const index = indexAnswers(answers);
  const labels = singleLabels(answers, index, labelCount);
  const { objectIds, objectStart } = index;
  const votes = new Int32Array(labelCount);
  const results: SingleLabelResult[] = new Array<SingleLabelResult>(objectIds.length);
  for (let o = 0; o < objectIds.length; o++) {
    const start = objectStart[o] as number;
    const end = objectStart[o + 1] as number;
    const objectId = objectIds[o] as number;
    if (end - start === 1) {
      results[o] = { objectId, label: labels[start] as number, confidence: 0 };
      continue;
    }
    for (let k = start; k < end; k++) {
      const label = labels[k] as number;
      votes[label] = (votes[label] as number) + 1;
    }
    let best = labelCount;
    let bestVotes = 0;
    for (let k = start; k < end; k++) {
      const label = labels[k] as number;
      const count = votes[label] as number;
      if (count > bestVotes || (count === bestVotes && label < best)) {
        best = label;
        bestVotes = count;
      }
    }
    for (let k = start; k < end; k++) votes[labels[k] as number] = 0;
    results[o] = { objectId, label: best, confidence: pythonRound2(bestVotes / (end - start)) };
  }
  return results;
}

/**
 * Binary majority vote for one label of a multi-label job: "yes" when more than half of the object's
 * workers chose it (a tie is "no", the lower index), confidence = the share that chose it (0 for one
 * worker). Writes `yes` (0/1) and `confidence` per object; `confidence` is 0 where the answer is "no".
 */
export function binaryMajority(
  objectStart: Int32Array,
  chose: Uint8Array,
  yes: Uint8Array,
  confidence: Float64Array,
): void {
  const objectCount = objectStart.length - 1;
  for (let o = 0; o < objectCount; o++) {
    const start = objectStart[o] as number;
    const end = objectStart[o + 1] as number;
    let chosen = 0;
    for (let k = start; k < end; k++) chosen += chose[k] as number;
    const total = end - start;
    const chosenByMajority = 2 * chosen > total;
    yes[o] = chosenByMajority ? 1 : 0;
    // Only read for chosen labels, so only computed for them.
    confidence[o] = chosenByMajority && total > 1 ? pythonRound2(chosen / total) : 0;
  }
}
