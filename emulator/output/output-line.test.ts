import { describe, expect, it } from "vitest";
import { outputLine } from "./label-metadata.js";

const content = JSON.stringify({ label: 1, "label-metadata": { "class-name": "Sports" } });

describe("outputLine (an input line with the label keys appended)", () => {
  it("appends the keys before the closing brace, keeping the input's own text", () => {
    expect(outputLine('{"source-ref":"s3://b/v.mp4","10":"x"}', content)).toBe(
      '{"source-ref":"s3://b/v.mp4","10":"x","label":1,"label-metadata":{"class-name":"Sports"}}',
    );
  });

  it.each([
    ["spaces inside the braces", '{ "source-ref": "s3://b/v.mp4" }', '{ "source-ref": "s3://b/v.mp4" ,'],
    ["trailing spaces", '{"source-ref":"s3://b/v.mp4"}  \t', '{"source-ref":"s3://b/v.mp4",'],
    ["a non-ASCII last value", '{"source-ref":"s3://b/é"}', '{"source-ref":"s3://b/é",'],
    [
      "a line ending in a nested object",
      '{"source-ref":"s3://b/v","m":{}}',
      '{"source-ref":"s3://b/v","m":{},',
    ],
    ["an empty object", "{}", "{"],
    ["an empty object with spaces", "{ \u00a0}", "{ \u00a0"],
  ])("handles %s", (_name, line, start) => {
    expect(outputLine(line, content)).toBe(`${start}"label":1,"label-metadata":{"class-name":"Sports"}}`);
  });

  it("leaves the line as it is when there is nothing to add", () => {
    expect(outputLine('{"source-ref":"s3://b/v.mp4"} ', undefined)).toBe('{"source-ref":"s3://b/v.mp4"} ');
    expect(outputLine('{"source-ref":"s3://b/v.mp4"}', "{}")).toBe('{"source-ref":"s3://b/v.mp4"}');
  });

  it("gives every line the text JSON would give it", () => {
    for (const line of ['{"a":1}', '{"a":"}"}', '{"a":[1,2]}', '{"a":null}', '{"a":true}', '{ "a" : 1 }']) {
      expect(JSON.parse(outputLine(line, content))).toEqual({ ...JSON.parse(line), ...JSON.parse(content) });
    }
  });
});
