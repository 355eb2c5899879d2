import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { answerKeyOf } from "./crowd-element.js";

const VIDEO_TEMPLATE = readFileSync(
  new URL("../../test/fixtures/video-classification.liquid.html", import.meta.url),
  "utf8",
);

describe("the key an answer is filed under", () => {
  it("is the name of the template's classifier element", () => {
    expect(answerKeyOf(VIDEO_TEMPLATE, false)).toBe("crowd-classifier");
    expect(answerKeyOf('<crowd-form><crowd-classifier header="x" name="topic">', false)).toBe("topic");
    expect(answerKeyOf("<crowd-classifier-multi-select name='tags' categories=\"[]\">", true)).toBe("tags");
    expect(answerKeyOf('<crowd-image-classifier\n  name="animal"\n  src="x">', false)).toBe("animal");
  });

  it("falls back to the element's tag, then to crowd-classifier", () => {
    expect(answerKeyOf('<crowd-image-classifier-multi-select categories="[]">', true)).toBe(
      "crowd-image-classifier-multi-select",
    );
    expect(answerKeyOf("<p>no crowd element</p>", false)).toBe("crowd-classifier");
    expect(answerKeyOf(undefined, true)).toBe("crowd-classifier-multi-select");
  });

  it("does not mistake a data-name attribute for the name", () => {
    expect(answerKeyOf('<crowd-classifier data-name="no" name="yes">', false)).toBe("yes");
  });
});
