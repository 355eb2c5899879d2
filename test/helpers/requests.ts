import type { CreateLabelingJobCommandInput } from "@aws-sdk/client-sagemaker";
import { readFileSync } from "node:fs";

/** The documentation's video classification request, as shipped in the product's fixtures. */
export const seedRequest = (): CreateLabelingJobCommandInput =>
  JSON.parse(
    readFileSync(
      new URL("../fixtures/create-labeling-job.video-classification.json", import.meta.url),
      "utf8",
    ),
  ) as CreateLabelingJobCommandInput;

/** A valid video classification request with the given name, for tests that need many jobs. */
export function videoJobRequest(name: string, overrides: Partial<CreateLabelingJobCommandInput> = {}) {
  const request = seedRequest();
  return { ...request, LabelingJobName: name, Tags: [], ...overrides };
}
