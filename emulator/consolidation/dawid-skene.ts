import { checkLabelCount, indexAnswers, singleLabels, type AnswerIndex } from "./answer-index.js";
import { numpyRound2 } from "./rounding.js";
import type { ClassAnswer, DawidSkeneOptions, SingleLabelResult } from "./types.js";

/**
 * AWS's "Modified Dawid-Skene" (MDS), as implemented by the `MulticlassDawidSkeneEM` class of the
 * notebook `ground_truth_labeling_jobs/annotation_consolidation/ACSBlogPost.ipynb` in
 * aws/amazon-sagemaker-examples, reproduced operation for operation so the floating-point results
 * are the notebook's (checked against a numpy port in `reference/`):
 *
 * - Start: every item posterior uniform (1/K); every worker's confusion matrix 0.7 on the diagonal
 *   and 0.3/(K-1) elsewhere; the "all-worker prior" accuracy is 0.7.
 * - E-step: class prior = sum of the current posteriors, normalised; posterior of item i =
 *   prior × Π over its workers of C_j[true, answered], normalised (skipped when the sum is 0).
 * - M-step: soft counts C_j[t, answered] += posterior_i[t]; n_j = total count; accuracy_j =
 *   trace / n_j; C_j += n_j · M(accuracy_j) + n_j · M(all-worker prior) / 2, where M(a) is the
 *   a-on-the-diagonal matrix above; rows normalised.
 * - Convergence: after each epoch the notebook computes a log-likelihood and stops when
 *   (ll - ll_prev) / ll_prev < 1e-8 (skipped while ll_prev is None or 0.0); otherwise the all-worker
 *   prior becomes the mean worker accuracy (workers in id order). At most 20 epochs. NOTE: the
 *   notebook takes `p_non_normalized = p.copy()` (a shallow dict copy) and then normalises the arrays
 *   in place, so its "log-likelihood" is Σ log(sum of each *normalised* posterior) — rounding noise
 *   around 0 — and the stop fires on that noise (and since ll_prev < 0, any rise of ll gives a negative
 *   ratio, which also stops). We reproduce it exactly, hence numpy's pairwise summation order in
 *   `numpySum`, so the epoch count matches the notebook's: typically 2 epochs; 20 when every sum is
 *   exactly 1.0 and the "log-likelihood" stays 0.0.
 * - Output: label = argmax of the posterior (first on ties — of the computed doubles, so a tie that is
 *   exact in real arithmetic may break on the last bit), confidence = `round(max(p), 2)` on a numpy
 *   float64, i.e. `numpyRound2` (not Python's float `round`; they differ next to .xx5 boundaries).
 *
 * Emulator rules on top: a single worker on an object → that worker's label and confidence 0 (AWS's
 * documented rule); K = 1 (which crashes the notebook) → label 0, posterior 1. Objects are processed in
 * ascending id, each object's workers in ascending worker id, and the all-worker prior is summed in
 * ascending worker id: the result does not depend on input order. (The notebook iterates in payload
 * order and Python set order — for worker ids that depends on the process's string hashing — so its
 * own results for a reordered payload can differ in the last bits and, through the noise-driven stop,
 * in epochs; the numpy port in `reference/` uses our order.) Like the notebook's `update()`, which
 * re-initialises every parameter and iterates over all answers received so far, a call is one complete
 * run over the answers given — pass every answer of the job for each pass.
 */

export const MDS_INITIAL_ACCURACY = 0.7;
export const MDS_MAX_EPOCHS = 20;
export const MDS_TOLERANCE = 1e-8;

export interface DawidSkeneRun {
  /** Posterior of object o over the K classes at `posteriors[o * K + t]`. */
  readonly posteriors: Float64Array;
  /** Number of EM epochs run. */
  readonly epochs: number;
}

/**
 * Sum of `n` values `values[offset + m * stride]` in exactly numpy's order for a float64 `ndarray.sum()`
 * (pairwise summation: a plain loop below 8 values, 8 interleaved accumulators up to 128, halves above).
 */
export function numpySum(values: Float64Array, offset: number, n: number, stride: number): number {
  if (n < 8) {
    let sum = -0;
    for (let m = 0; m < n; m++) sum += values[offset + m * stride] as number;
    return sum;
  }
  if (n <= 128) {
    let r0 = values[offset] as number;
    let r1 = values[offset + stride] as number;
    let r2 = values[offset + 2 * stride] as number;
    let r3 = values[offset + 3 * stride] as number;
    let r4 = values[offset + 4 * stride] as number;
    let r5 = values[offset + 5 * stride] as number;
    let r6 = values[offset + 6 * stride] as number;
    let r7 = values[offset + 7 * stride] as number;
    const blocked = n - (n % 8);
    let m = 8;
    for (; m < blocked; m += 8) {
      const at = offset + m * stride;
      r0 += values[at] as number;
      r1 += values[at + stride] as number;
      r2 += values[at + 2 * stride] as number;
      r3 += values[at + 3 * stride] as number;
      r4 += values[at + 4 * stride] as number;
      r5 += values[at + 5 * stride] as number;
      r6 += values[at + 6 * stride] as number;
      r7 += values[at + 7 * stride] as number;
    }
    let sum = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; m < n; m++) sum += values[offset + m * stride] as number;
    return sum;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return numpySum(values, offset, half, stride) + numpySum(values, offset + half * stride, n - half, stride);
}

/** Fills each worker's K×K block of `matrices` with `accuracy` on the diagonal, (1-accuracy)/(K-1) elsewhere. */
function fillPriorMatrix(matrices: Float64Array, offset: number, labelCount: number, accuracy: number): void {
  const off = (1 - accuracy) / (labelCount - 1);
  for (let t = 0; t < labelCount; t++) {
    for (let s = 0; s < labelCount; s++) matrices[offset + t * labelCount + s] = t === s ? accuracy : off;
  }
}

function checkOptions(options: DawidSkeneOptions): { maxEpochs: number; tolerance: number } {
  const maxEpochs = options.maxEpochs ?? MDS_MAX_EPOCHS;
  const tolerance = options.tolerance ?? MDS_TOLERANCE;
  if (!Number.isInteger(maxEpochs) || maxEpochs < 0) {
    throw new RangeError(`maxEpochs must be a non-negative integer, got ${String(maxEpochs)}`);
  }
  if (typeof tolerance !== "number" || Number.isNaN(tolerance)) {
    throw new RangeError(`tolerance must be a number, got ${String(tolerance)}`);
  }
  return { maxEpochs, tolerance };
}

/**
 * The EM over an indexed job. `label[k]` is the class answered at position `k` of `index`.
 * Allocates its buffers once; nothing is allocated per answer or per epoch.
 */
export function runDawidSkene(
  index: Pick<AnswerIndex, "objectStart" | "worker">,
  workerCount: number,
  label: Int32Array,
  labelCount: number,
  options: DawidSkeneOptions = {},
): DawidSkeneRun {
  const { maxEpochs, tolerance } = checkOptions(options);
  const { objectStart, worker } = index;
  const objectCount = objectStart.length - 1;
  const K = labelCount;
  if (K === 1) return { posteriors: new Float64Array(objectCount).fill(1), epochs: 0 };
  const KK = K * K;
  const posteriors = new Float64Array(objectCount * K).fill(1 / K);
  const confusion = new Float64Array(workerCount * KK);
  const counts = new Float64Array(workerCount * KK);
  const accuracy = new Float64Array(workerCount);
  const prior = new Float64Array(K);
  for (let w = 0; w < workerCount; w++) fillPriorMatrix(confusion, w * KK, K, MDS_INITIAL_ACCURACY);
  let allWorkerPrior = MDS_INITIAL_ACCURACY;
  let previousLogLikelihood: number | null = null;

  for (let epoch = 0; epoch < maxEpochs; epoch++) {
    // E-step. The class prior is the (normalised) sum of the previous posteriors.
    prior.fill(0);
    for (let o = 0; o < objectCount; o++) {
      const base = o * K;
      for (let t = 0; t < K; t++) prior[t] = (prior[t] as number) + (posteriors[base + t] as number);
    }
    const priorSum = numpySum(prior, 0, K, 1);
    for (let t = 0; t < K; t++) prior[t] = (prior[t] as number) / priorSum;
    for (let o = 0; o < objectCount; o++) {
      const base = o * K;
      for (let t = 0; t < K; t++) posteriors[base + t] = prior[t] as number;
      const end = objectStart[o + 1] as number;
      for (let k = objectStart[o] as number; k < end; k++) {
        // Column `label` of the worker's matrix: C_j[t, answered] for t = 0..K-1.
        const column = (worker[k] as number) * KK + (label[k] as number);
        for (let t = 0; t < K; t++) {
          posteriors[base + t] = (posteriors[base + t] as number) * (confusion[column + t * K] as number);
        }
      }
      const sum = numpySum(posteriors, base, K, 1);
      if (sum > 0) {
        for (let t = 0; t < K; t++) posteriors[base + t] = (posteriors[base + t] as number) / sum;
      }
    }

    // M-step: soft counts, accumulated object by object.
    counts.fill(0);
    for (let o = 0; o < objectCount; o++) {
      const base = o * K;
      const end = objectStart[o + 1] as number;
      for (let k = objectStart[o] as number; k < end; k++) {
        const column = (worker[k] as number) * KK + (label[k] as number);
        for (let t = 0; t < K; t++) {
          counts[column + t * K] = (counts[column + t * K] as number) + (posteriors[base + t] as number);
        }
      }
    }
    const allOff = (1 - allWorkerPrior) / (K - 1);
    for (let w = 0; w < workerCount; w++) {
      const block = w * KK;
      const n = numpySum(counts, block, KK, 1);
      const workerAccuracy = numpySum(counts, block, K, K + 1) / n;
      accuracy[w] = workerAccuracy;
      const workerOff = (1 - workerAccuracy) / (K - 1);
      for (let t = 0; t < K; t++) {
        for (let s = 0; s < K; s++) {
          const at = block + t * K + s;
          const own = t === s ? workerAccuracy : workerOff;
          const all = t === s ? allWorkerPrior : allOff;
          counts[at] = (counts[at] as number) + (own * n + (all * n) / 2);
        }
      }
      for (let t = 0; t < K; t++) {
        const row = block + t * K;
        const rowSum = numpySum(counts, row, K, 1);
        for (let s = 0; s < K; s++) {
          confusion[row + s] =
            rowSum > 0 ? (counts[row + s] as number) / rowSum : (counts[row + s] as number);
        }
      }
    }

    // The notebook's convergence test, on its (already normalised) posteriors — see the header.
    let logLikelihood = 0;
    for (let o = 0; o < objectCount; o++) logLikelihood += Math.log(numpySum(posteriors, o * K, K, 1));
    // Python's `if prev_log_likelihood:` — None and 0.0 are false, NaN is true.
    const relativeDiff =
      previousLogLikelihood !== null && previousLogLikelihood !== 0
        ? (logLikelihood - previousLogLikelihood) / previousLogLikelihood
        : null;
    previousLogLikelihood = logLikelihood;
    if (relativeDiff !== null && relativeDiff < tolerance) return { posteriors, epochs: epoch + 1 };

    let accuracySum = 0;
    for (let w = 0; w < workerCount; w++) accuracySum += accuracy[w] as number;
    allWorkerPrior = accuracySum / workerCount;
  }
  return { posteriors, epochs: maxEpochs };
}

/** The MDS posteriors of a single-label job, with the objects they belong to (ascending). */
export function dawidSkenePosteriors(
  answers: readonly ClassAnswer[],
  labelCount: number,
  options: DawidSkeneOptions = {},
): DawidSkeneRun & { objectIds: Float64Array; index: AnswerIndex; labels: Int32Array } {
  checkLabelCount(labelCount);
  const index = indexAnswers(answers);
  const labels = singleLabels(answers, index, labelCount);
  const run = runDawidSkene(index, index.workerIds.length, labels, labelCount, options);
  return { ...run, objectIds: index.objectIds, index, labels };
}

/**
 * AWS's modified Dawid-Skene for single-label classification. Results ascend by objectId; label =
 * argmax posterior (lowest index on ties), confidence = max posterior rounded like the notebook.
 */
export function dawidSkene(
  answers: readonly ClassAnswer[],
  labelCount: number,
  options: DawidSkeneOptions = {},
): SingleLabelResult[] {
  const { posteriors, objectIds, index, labels } = dawidSkenePosteriors(answers, labelCount, options);
  const { objectStart } = index;
  const K = labelCount;
  const results: SingleLabelResult[] = new Array<SingleLabelResult>(objectIds.length);
  for (let o = 0; o < objectIds.length; o++) {
    const objectId = objectIds[o] as number;
    const start = objectStart[o] as number;
    if ((objectStart[o + 1] as number) - start === 1) {
      results[o] = { objectId, label: labels[start] as number, confidence: 0 };
      continue;
    }
    const base = o * K;
    let best = 0;
    let bestPosterior = posteriors[base] as number;
    for (let t = 1; t < K; t++) {
      const posterior = posteriors[base + t] as number;
      if (posterior > bestPosterior) {
        best = t;
        bestPosterior = posterior;
      }
    }
    results[o] = { objectId, label: best, confidence: numpyRound2(bestPosterior) };
  }
  return results;
}
