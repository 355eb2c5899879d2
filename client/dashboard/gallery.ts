import type { GalleryItem } from "./api.js";
import { h } from "./dom.js";
import { percent, plural } from "./format.js";

/*
 * The gallery: one card per object with its media, consolidated label and confidence. Videos show
 * their first frame as a poster without a server-side decoder: a muted `<video
 * preload="metadata">` whose URL ends in `#t=0.1` makes the browser fetch just enough to paint it.
 * Cards are kept across refreshes when nothing about their object changed, so a live update never
 * reloads a video.
 */

export class Gallery {
  readonly element = h("div", { class: "gallery", role: "list" });
  private readonly cards = new Map<string, { signature: string; card: HTMLElement }>();

  update(items: readonly GalleryItem[]): void {
    const next: HTMLElement[] = [];
    for (const item of items) {
      // The URL is signed afresh on every request; only what the card shows decides a redraw.
      const signature = JSON.stringify({ ...item, url: undefined });
      const existing = this.cards.get(item.datasetObjectId);
      if (existing?.signature === signature) {
        next.push(existing.card);
        continue;
      }
      const card = galleryCard(item);
      this.cards.set(item.datasetObjectId, { signature, card });
      next.push(card);
    }
    const shown = new Set(items.map((item) => item.datasetObjectId));
    for (const id of this.cards.keys()) if (!shown.has(id)) this.cards.delete(id);
    this.element.replaceChildren(...next);
  }
}

function media(item: GalleryItem): HTMLElement {
  const name = `Object ${item.datasetObjectId}`;
  if (item.kind === "video" && item.url) {
    const video = h("video", {
      src: `${item.url}#t=0.1`,
      muted: true,
      preload: "metadata",
      playsinline: true,
      tabindex: 0,
      "aria-label": `${name}: video ${item.source}`,
    });
    video.muted = true;
    // Controls only while the video has focus or the pointer: the poster frame stays clean.
    const show = (): void => {
      video.controls = true;
    };
    const hide = (): void => {
      if (document.activeElement !== video) video.controls = false;
    };
    video.addEventListener("focus", show);
    video.addEventListener("mouseenter", show);
    video.addEventListener("blur", hide);
    video.addEventListener("mouseleave", hide);
    return h("div", { class: "media" }, [video]);
  }
  if (item.kind === "image" && item.url) {
    return h("div", { class: "media" }, [
      h("img", { src: item.url, alt: `${name}: ${item.source}`, loading: "lazy" }),
    ]);
  }
  if (item.kind === "text") return h("div", { class: "media text" }, [h("p", {}, [item.source])]);
  return h("div", { class: "media file" }, [h("span", {}, [item.source])]);
}

function labelLine(item: GalleryItem): HTMLElement {
  if (item.labels && item.labels.length > 0) {
    return h(
      "div",
      { class: "labels" },
      item.labels.map((label) => h("span", { class: "label-chip" }, [label])),
    );
  }
  if (item.failureReason)
    return h("p", { class: "failure", title: item.failureReason }, [item.failureReason]);
  const waiting: Record<GalleryItem["state"], string> = {
    queued: "Waiting to be handed out",
    open: `With workers · ${plural(item.answers, "answer")}`,
    labeled: "Labeled, not consolidated yet",
    failed: "Failed",
  };
  return h("p", { class: "muted small" }, [waiting[item.state]]);
}

function confidenceMeter(confidence: number): HTMLElement {
  return h("div", { class: "confidence" }, [
    h("span", { class: "small muted" }, ["Confidence"]),
    h("span", { class: "meter", "aria-hidden": "true" }, [
      h("span", { style: `width: ${String(confidence * 100)}%` }),
    ]),
    h("span", { class: "num" }, [confidence.toFixed(2)]),
  ]);
}

function galleryCard(item: GalleryItem): HTMLElement {
  const facts = [plural(item.answers, "answer")];
  if (item.agreement !== undefined && item.answers > 1) facts.push(`${percent(item.agreement)} agree`);
  return h(
    "article",
    { class: `tile-card ${item.state}`, role: "listitem", "data-object": item.datasetObjectId },
    [
      media(item),
      h("div", { class: "tile-body" }, [
        h("div", { class: "tile-head" }, [
          h("span", { class: "object-id" }, [`#${item.datasetObjectId}`]),
          h("span", { class: "sub source", title: item.source }, [
            item.source.split("/").at(-1) ?? item.source,
          ]),
        ]),
        labelLine(item),
        ...(item.confidence === undefined ? [] : [confidenceMeter(item.confidence)]),
        h("p", { class: "sub" }, [facts.join(" · ")]),
      ]),
    ],
  );
}
