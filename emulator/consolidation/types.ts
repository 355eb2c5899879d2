/** One worker's answer for one object: label indices (one for single-label, any number for multi-label). */
export interface ClassAnswer {
  objectId: number;
  workerId: string;
  labels: readonly number[];
}

/** Consolidated single-label result; `confidence` is rounded to 2 decimals. */
export interface SingleLabelResult {
  objectId: number;
  label: number;
  confidence: number;
}

/** Consolidated multi-label result: chosen labels ascending, `confidences[k]` belongs to `labels[k]`. */
export interface MultiLabelResult {
  objectId: number;
  labels: number[];
  confidences: number[];
}

export type ConsolidationMethod = "majority-vote" | "dawid-skene";

/** Tuning of the Dawid-Skene EM; the defaults are the AWS notebook's (20 epochs, 1e-8). */
export interface DawidSkeneOptions {
  maxEpochs?: number;
  tolerance?: number;
}
