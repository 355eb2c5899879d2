import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ObjectLocation, UrlSigner } from "../objects/object-store.js";
import { createTemplateEngine, renderTemplate } from "./render-template.js";

const signer: UrlSigner = {
  presignGet: (location: ObjectLocation, seconds: number) =>
    Promise.resolve(
      `http://127.0.0.1:4700/${location.bucket}/${location.key}?X-Amz-Expires=${seconds}&sig=a&b=c`,
    ),
};
const liquid = createTemplateEngine(signer);
const render = (template: string, input: unknown = {}) => renderTemplate(liquid, template, input);

describe("Ground Truth's Liquid", () => {
  it("escapes every output by default, as the Developer Guide shows", async () => {
    const result = await render(`{{ "Have you read 'James & the Giant Peach'?" }}`);
    expect(result.html).toBe("Have you read &#39;James &amp; the Giant Peach&#39;?");
    expect((await render("{{ task.input.text }}", { text: "<script>alert(1)</script>" })).html).toBe(
      "&lt;script&gt;alert(1)&lt;/script&gt;",
    );
  });

  it("escape and escape_once escape once; skip_autoescape outputs raw HTML", async () => {
    expect((await render("{{ task.input.t | escape }}", { t: `a "b" & <c>` })).html).toBe(
      "a &quot;b&quot; &amp; &lt;c&gt;",
    );
    expect((await render("{{ task.input.t | escape_once }}", { t: "&amp; & <" })).html).toBe(
      "&amp; &amp; &lt;",
    );
    expect((await render("{{ task.input.t | skip_autoescape }}", { t: "<b>bold</b>" })).html).toBe(
      "<b>bold</b>",
    );
  });

  it("to_json serializes; with escape it fits an HTML attribute, as the video template uses it", async () => {
    const labels = ["Sports", "News & Weather"];
    expect((await render("{{ task.input.labels | to_json | skip_autoescape }}", { labels })).html).toBe(
      '["Sports","News & Weather"]',
    );
    expect((await render('categories="{{ task.input.labels | to_json | escape }}"', { labels })).html).toBe(
      'categories="[&quot;Sports&quot;,&quot;News &amp; Weather&quot;]"',
    );
  });

  it("grant_read_access signs s3:// URIs and reports anything else as InvalidParameters", async () => {
    const ok = await render("{{ task.input.taskObject | grant_read_access }}", {
      taskObject: "s3://bucket/v/a.mp4",
    });
    expect(ok.errors).toEqual([]);
    // The URL is escaped like any output, so `&` in its query becomes `&amp;` (valid in HTML).
    expect(ok.html).toBe("http://127.0.0.1:4700/bucket/v/a.mp4?X-Amz-Expires=3600&amp;sig=a&amp;b=c");
    const bad = await render("{{ task.input.taskObject | grant_read_access }}", { taskObject: " " });
    expect(bad.errors).toEqual([
      { code: "InvalidParameters", message: '"grant_read_access" input is not a valid S3 URI: " ".' },
    ]);
  });

  it("renders the documentation's video classification template unchanged", async () => {
    const template = readFileSync(
      new URL("../../test/fixtures/video-classification.liquid.html", import.meta.url),
      "utf8",
    );
    const result = await render(template, {
      taskObject: "s3://bucket/videos/clip-1.mp4",
      labels: ["Sports", "News"],
    });
    expect(result.errors).toEqual([]);
    expect(result.html).toContain('categories="[&quot;Sports&quot;,&quot;News&quot;]"');
    expect(result.html).toContain(
      '<source src="http://127.0.0.1:4700/bucket/videos/clip-1.mp4?X-Amz-Expires=3600&amp;sig=a&amp;b=c" type="video/mp4"/>',
    );
    expect(result.html).toContain("<crowd-classifier");
  });

  it("reports Liquid syntax errors instead of throwing", async () => {
    const result = await render("{% if %}");
    expect(result.errors[0]?.code).toBe("TemplateError");
  });
});
