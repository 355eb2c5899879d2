import { checkLabelCount, indexAnswers, labelChoices } from "./answer-index.js";
import { dawidSkene, runDawidSkene } from "./dawid-skene.js";
import { binaryMajority, majorityVote } from "./majority-vote.js";
import { numpyRound2 } from "./rounding.js";
import type { ClassAnswer, ConsolidationMethod, MultiLabelResult, SingleLabelResult } from "./types.js";

/** Single-label consolidation with the given method (majority vote is the emulator's default). */
export function consolidateSingleLabel(
  method: ConsolidationMethod,
  answers: readonly ClassAnswer[],
  labelCount: number,
): SingleLabelResult[] {
  switch (method) {
    case "majority-vote":
      return majorityVote(answers, labelCount);
    case "dawid-skene":
      return dawidSkene(answers, labelCount);
  }
}

/**
 * Multi-label consolidation. Each label is a yes/no question that every worker of an object answered
 * (choosing the label = yes, leaving it out = no), consolidated on its own over the whole job — the
 * binary one-vs-rest reading of AWS's documented "variant of the same EM" for multi-label jobs:
 *
 * - majority vote: chosen when more than half of the object's workers chose it (half is not enough);
 *   confidence = the share that chose it;
 * - dawid-skene: the MDS EM above with K = 2 (0 = no, 1 = yes) per label, its own worker confusion
 *   matrices per label; chosen when P(yes) > P(no) (a tie is no); confidence = P(yes), rounded as MDS.
 *
 * An object with one worker gets exactly that worker's labels, each with confidence 0. Every answered
 * object appears, with empty arrays when nothing was chosen. Results ascend by objectId, labels ascend.
 */
export function consolidateMultiLabel(
  method: ConsolidationMethod,
  answers: readonly ClassAnswer[],
  labelCount: number,
): MultiLabelResult[] {
  checkLabelCount(labelCount);
  const index = indexAnswers(answers);
  const chose = labelChoices(answers, index, labelCount);
  const { objectIds, objectStart } = index;
  const objectCount = objectIds.length;
  const results: MultiLabelResult[] = Array.from(objectIds, (objectId) => ({
    objectId,
    labels: [],
    confidences: [],
  }));
  const yes = new Uint8Array(objectCount);
  const confidence = new Float64Array(objectCount);
  for (let label = 0; label < labelCount; label++) {
    const column = chose[label] as Uint8Array;
    if (method === "majority-vote") {
      binaryMajority(objectStart, column, yes, confidence);
    } else {
      const { posteriors } = runDawidSkene(index, index.workerIds.length, Int32Array.from(column), 2);
      for (let o = 0; o < objectCount; o++) {
        const start = objectStart[o] as number;
        if ((objectStart[o + 1] as number) - start === 1) {
          yes[o] = column[start] as number;
          confidence[o] = 0;
        } else {
          const pYes = posteriors[2 * o + 1] as number;
          yes[o] = pYes > (posteriors[2 * o] as number) ? 1 : 0;
          confidence[o] = numpyRound2(pYes);
        }
      }
    }
    for (let o = 0; o < objectCount; o++) {
      if (yes[o] === 1) {
        const result = results[o] as MultiLabelResult;
        result.labels.push(label);
        result.confidences.push(confidence[o] as number);
      }
    }
  }
  return results;
}
