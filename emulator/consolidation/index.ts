export type {
  ClassAnswer,
  ConsolidationMethod,
  DawidSkeneOptions,
  MultiLabelResult,
  SingleLabelResult,
} from "./types.js";
export { majorityVote } from "./majority-vote.js";
export { dawidSkene } from "./dawid-skene.js";
export { consolidateMultiLabel, consolidateSingleLabel } from "./consolidate.js";
export { numpyRound2, pythonRound2 } from "./rounding.js";
