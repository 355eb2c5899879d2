"""Reference port of AWS's "Modified Dawid-Skene" for the gt-local consolidation tests.

Independent numpy re-implementation of the EM in the MulticlassDawidSkeneEM class of
aws/amazon-sagemaker-examples ground_truth_labeling_jobs/annotation_consolidation/ACSBlogPost.ipynb,
with the same numpy operations on the same data structures, so its floating-point results are the
notebook's. It keeps the notebook's quirks on purpose:
  * the log-likelihood is taken from a shallow dict copy of the posteriors, whose arrays are then
    normalised in place, so it is computed from normalised posteriors (rounding noise around 0);
  * the convergence test is `if prev: rel = (ll - prev) / prev` and stops when rel < tolerance;
  * confidence = round(max(p), 2) on a numpy float64 (numpy's rint-based rounding).
The one deliberate difference is order: objects are taken in ascending id, each object's workers and
the all-worker mean in ascending worker id (the notebook uses payload and set order), which is the
canonical order gt-local uses.

stdin: JSON {"mode": "mds", "datasets": [{"labelCount": K, "answers": [[objectId, workerId, label], ...],
             "maxEpochs"?: n, "tolerance"?: x}, ...]}
    or  {"mode": "round", "values": [...]}  -> Python round(x, 2) and round(np.float64(x), 2) of each
python3 mds_reference.py --golden  -> fixed random datasets with their results; golden.json is
    `python3 mds_reference.py --golden > golden.json && npx prettier --write golden.json`
stdout: JSON.
"""

import json
import random
import sys

import numpy as np


def prior_matrix(k, accuracy):
    matrix = np.ones((k, k)) * ((1 - accuracy) / (k - 1))
    np.fill_diagonal(matrix, accuracy)
    return matrix


def modified_dawid_skene(answers, k, max_epochs=20, tolerance=1e-8):
    by_object = {}
    for object_id, worker_id, label in answers:
        by_object.setdefault(object_id, {})[worker_id] = label  # a later answer replaces an earlier one
    objects = sorted(by_object)
    lij = {i: {j: by_object[i][j] for j in sorted(by_object[i])} for i in objects}
    workers = sorted({j for i in objects for j in lij[i]})

    posterior = {i: np.ones(k) / k for i in objects}
    confusion = {j: prior_matrix(k, 0.7) for j in workers}
    all_worker_prior = 0.7
    previous = None
    epochs = 0
    for epoch in range(max_epochs):
        epochs = epoch + 1
        # E-step
        class_prior = np.zeros(k)
        for i in objects:
            class_prior += posterior[i]
        class_prior /= class_prior.sum()
        for i in objects:
            estimate = class_prior.copy()
            for j, answered in lij[i].items():
                for t in range(k):
                    estimate[t] *= confusion[j][t, answered]
            posterior[i] = estimate
        unnormalised = posterior.copy()  # shallow, like the notebook: aliases the arrays below
        for i in objects:
            if posterior[i].sum() > 0:
                posterior[i] /= float(posterior[i].sum())
        # M-step
        counts = {j: np.zeros((k, k)) for j in workers}
        for i in objects:
            for j, answered in lij[i].items():
                for t in range(k):
                    counts[j][t, answered] += posterior[i][t]
        accuracy = {}
        for j in workers:
            total = counts[j].sum()
            accuracy[j] = counts[j].diagonal().sum() / total
            counts[j] += prior_matrix(k, accuracy[j]) * total + prior_matrix(k, all_worker_prior) * total / 2
            for t in range(k):
                if counts[j][t].sum() > 0:
                    counts[j][t] /= float(counts[j][t].sum())
        confusion = counts
        # convergence test
        log_likelihood = 0.0
        for i in objects:
            log_likelihood += np.log(unnormalised[i].sum())
        relative = None
        if previous:
            relative = (log_likelihood - previous) / previous
        previous = log_likelihood
        if relative is not None and relative < tolerance:
            break
        all_worker_prior = sum([accuracy[j] for j in workers]) / len(workers)

    return {
        "objectIds": objects,
        "epochs": epochs,
        "posteriors": [[float(x) for x in posterior[i]] for i in objects],
        "labels": [int(np.argmax(posterior[i])) for i in objects],
        "confidences": [float(round(max(posterior[i]), 2)) for i in objects],
    }


def run_datasets(datasets):
    return [
        modified_dawid_skene(
            [tuple(a) for a in d["answers"]],
            d["labelCount"],
            d.get("maxEpochs", 20),
            d.get("tolerance", 1e-8),
        )
        for d in datasets
    ]


def golden_datasets():
    rng = random.Random(20240501)
    datasets = []
    for k, n_objects, n_workers in [(2, 30, 4), (3, 40, 5), (5, 40, 6), (9, 30, 5), (12, 30, 7)]:
        skill = [rng.choice([0.95, 0.8, 0.6, 0.3]) for _ in range(n_workers)]
        answers = []
        for obj in range(n_objects):
            truth = rng.randrange(k)
            for w in rng.sample(range(n_workers), rng.randint(1, min(4, n_workers))):
                label = truth if rng.random() < skill[w] else rng.randrange(k)
                answers.append([obj * 7 + 3, "worker-%02d" % w, label])
        rng.shuffle(answers)
        datasets.append({"labelCount": k, "answers": answers})
    return datasets


def main():
    if sys.argv[1:] == ["--golden"]:
        datasets = golden_datasets()
        json.dump({"datasets": datasets, "results": run_datasets(datasets)}, sys.stdout)
        return
    request = json.load(sys.stdin)
    if request["mode"] == "round":
        values = request["values"]
        json.dump(
            {
                "python": [round(float(x), 2) for x in values],
                "numpy": [float(round(np.float64(x), 2)) for x in values],
            },
            sys.stdout,
        )
    else:
        json.dump(run_datasets(request["datasets"]), sys.stdout)


if __name__ == "__main__":
    main()
