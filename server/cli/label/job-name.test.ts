import { describe, expect, it } from "vitest";
import { jobNameFor } from "./job-name.js";

/** AWS's LabelingJobName pattern, from the SageMaker model. */
const LABELING_JOB_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/u;

describe("jobNameFor", () => {
  it("is the folder's name, lower-cased, and a hash of its path: the same folder, the same job", () => {
    expect(jobNameFor("Holiday Clips", "/home/ann/Holiday Clips")).toBe(
      jobNameFor("Holiday Clips", "/home/ann/Holiday Clips"),
    );
    expect(jobNameFor("Holiday Clips", "/home/ann/Holiday Clips")).toMatch(/^holiday-clips-[0-9a-f]{8}$/u);
  });

  it("tells apart two folders with the same name", () => {
    expect(jobNameFor("videos", "/a/videos")).not.toBe(jobNameFor("videos", "/b/videos"));
  });

  it.each([
    ["__weird__ name!!", /^weird-name-[0-9a-f]{8}$/u],
    ["...", /^videos-[0-9a-f]{8}$/u],
    ["", /^videos-[0-9a-f]{8}$/u],
    ["x".repeat(200), /^x{54}-[0-9a-f]{8}$/u],
    [`${"a".repeat(53)}_b`, /^a{53}-[0-9a-f]{8}$/u],
  ])("fits AWS's pattern for %j", (stem, expected) => {
    const name = jobNameFor(stem, `/somewhere/${stem}`);
    expect(name).toMatch(expected);
    expect(name).toMatch(LABELING_JOB_NAME);
    expect(name.length).toBeLessThanOrEqual(63);
  });
});
