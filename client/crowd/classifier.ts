import { CrowdField } from "./base.js";
import type { Answer } from "./dom.js";
import { adoptChildren, h, isPlainObject, isTextEntry } from "./dom.js";

export const CLASSIFIER_TAGS =
  "crowd-classifier, crowd-classifier-multi-select, crowd-image-classifier, crowd-image-classifier-multi-select";

/** Parses the `categories` attribute: a JSON array (the browser already decoded the HTML entities). */
export function parseCategories(raw: string | null): string[] {
  if (raw === null || raw.trim() === "") return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    if (Array.isArray(parsed)) return parsed.map((item) => String(item));
  } catch {
    // Fall through: a hand-written template may list plain comma-separated names.
  }
  return raw
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

interface SubmittableForm extends HTMLElement {
  submit(): boolean;
}

function isSubmittableForm(element: Element | null): element is SubmittableForm {
  return element !== null && typeof (element as Partial<SubmittableForm>).submit === "function";
}

/**
 * `crowd-classifier` and its variants: the target (a child region, or `src` for images), short and
 * full instructions, and one button per category. Digits 1–9 pick a category, arrows move between
 * them, Enter submits the enclosing `crowd-form` once something is chosen.
 */
export abstract class ClassifierBase extends CrowdField {
  protected abstract readonly multi: boolean;
  protected readonly selected = new Set<string>();
  #categories: string[] = [];
  #buttons: HTMLButtonElement[] = [];
  #error: HTMLElement | undefined;
  readonly #onKeyDown = (event: KeyboardEvent): void => {
    this.#handleKey(event);
  };

  get categories(): string[] {
    return [...this.#categories];
  }

  /** The chosen labels, in category order. */
  get labels(): string[] {
    return this.#categories.filter((category) => this.selected.has(category));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener("keydown", this.#onKeyDown);
  }

  disconnectedCallback(): void {
    document.removeEventListener("keydown", this.#onKeyDown);
  }

  /** The content being classified; the image variants build it from `src`. */
  protected target(): HTMLElement {
    const region = this.querySelector(":scope > classification-target");
    const target = h("div", { class: "gtc-target" });
    if (region) target.append(region);
    return target;
  }

  protected render(): void {
    this.#categories = parseCategories(this.getAttribute("categories"));
    const header = this.getAttribute("header") ?? "";
    const headerId = `gtc-header-${String(nextId++)}`;

    const target = this.target();
    const shortRegion = this.querySelector(":scope > short-instructions");
    const fullRegion = this.querySelector(":scope > full-instructions");
    const instructions = h("aside", { class: "gtc-instructions" });
    if (shortRegion) instructions.append(h("h3", {}, ["Instructions"]), shortRegion);
    if (fullRegion) {
      const summary = fullRegion.getAttribute("header") ?? "Full instructions";
      instructions.append(h("details", { class: "gtc-full" }, [h("summary", {}, [summary]), fullRegion]));
    }
    // Whatever else the template put inside stays visible with the target.
    adoptChildren(this, target);

    this.#buttons = this.#categories.map((category, index) => {
      const button = h(
        "button",
        {
          type: "button",
          class: "gtc-category",
          role: this.multi ? "checkbox" : "radio",
          "aria-checked": "false",
          "data-category": category,
          "aria-keyshortcuts": index < 9 ? String(index + 1) : undefined,
        },
        [
          h("span", { class: "gtc-key", "aria-hidden": "true" }, [index < 9 ? String(index + 1) : ""]),
          h("span", { class: "gtc-label" }, [category]),
        ],
      );
      button.addEventListener("click", () => {
        this.choose(category);
      });
      return button;
    });
    const group = h(
      "div",
      {
        class: "gtc-categories",
        role: this.multi ? "group" : "radiogroup",
        "aria-labelledby": header === "" ? undefined : headerId,
        "aria-label": header === "" ? "Categories" : undefined,
      },
      this.#buttons,
    );
    this.#error = h("p", { class: "gtc-error", role: "alert", hidden: true });
    const hint = h("p", { class: "gtc-hint" }, [
      this.multi
        ? "Press 1–9 to toggle a category, Enter to submit."
        : "Press 1–9 to choose a category, Enter to submit.",
    ]);

    this.append(
      h("div", { class: "gtc-classifier" }, [
        instructions,
        h("section", { class: "gtc-main" }, [
          h("h2", { class: "gtc-header", id: headerId }, [header]),
          target,
        ]),
        h("section", { class: "gtc-side" }, [group, this.#error, hint]),
      ]),
    );
    this.#sync();
  }

  /** Picks a category (toggles it for the multi-select variants). */
  choose(category: string): void {
    if (!this.#categories.includes(category)) return;
    if (this.multi) {
      if (this.selected.has(category)) this.selected.delete(category);
      else this.selected.add(category);
    } else {
      this.selected.clear();
      this.selected.add(category);
    }
    this.#sync();
    this.changed();
  }

  reset(): void {
    this.selected.clear();
    this.#sync();
  }

  override validate(): string | undefined {
    const message = this.selected.size === 0 ? "Please choose a category before submitting." : undefined;
    if (this.#error) {
      this.#error.textContent = message ?? "";
      this.#error.hidden = message === undefined;
    }
    return message;
  }

  override focus(): void {
    const button = this.#buttons.find((b) => b.getAttribute("aria-checked") === "true") ?? this.#buttons[0];
    (button ?? this).focus();
  }

  #sync(): void {
    const firstSelected = this.#buttons.findIndex((b) => this.selected.has(b.dataset.category ?? ""));
    this.#buttons.forEach((button, index) => {
      const on = this.selected.has(button.dataset.category ?? "");
      button.setAttribute("aria-checked", String(on));
      button.classList.toggle("gtc-selected", on);
      // Roving tab stop for the radio group: the chosen button, else the first.
      if (!this.multi) button.tabIndex = index === (firstSelected < 0 ? 0 : firstSelected) ? 0 : -1;
    });
    if (this.selected.size > 0 && this.#error) this.#error.hidden = true;
  }

  /** Only one classifier on a page answers the keyboard: the one holding focus, else the first. */
  #ownsKeyboard(): boolean {
    const focused = document.activeElement?.closest(CLASSIFIER_TAGS);
    if (focused) return focused === this;
    return document.querySelector(CLASSIFIER_TAGS) === this;
  }

  #handleKey(event: KeyboardEvent): void {
    if (!this.isConnected || !this.rendered || event.defaultPrevented) return;
    if (event.ctrlKey || event.metaKey || event.altKey || isTextEntry(event.target)) return;
    if (!this.#ownsKeyboard()) return;
    const index = /^[1-9]$/.test(event.key) ? Number(event.key) - 1 : -1;
    const category = this.#categories[index];
    if (category !== undefined) {
      event.preventDefault();
      this.choose(category);
      this.#buttons[index]?.focus();
      return;
    }
    if (event.key === "Enter") {
      const target = event.target instanceof Element ? event.target : null;
      // Enter on another button or link activates that control, not the form.
      const control = target?.closest("button, a[href], summary, [role=button]");
      if (control && !control.classList.contains("gtc-category")) return;
      if (this.selected.size === 0) return;
      const form = this.closest("crowd-form");
      if (!isSubmittableForm(form)) return;
      event.preventDefault();
      form.submit();
      return;
    }
    const arrows: Record<string, number> = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };
    const step = arrows[event.key];
    const current = this.#buttons.findIndex((b) => b === document.activeElement);
    if (step !== undefined && current >= 0 && this.#buttons.length > 0) {
      event.preventDefault();
      const next = (current + step + this.#buttons.length) % this.#buttons.length;
      const nextButton = this.#buttons[next];
      nextButton?.focus();
      const nextCategory = this.#categories[next];
      if (!this.multi && nextCategory !== undefined) this.choose(nextCategory);
    }
  }
}

let nextId = 1;

export class CrowdClassifier extends ClassifierBase {
  protected readonly multi = false;

  answer(): Answer | undefined {
    const label = this.labels[0];
    if (this.name === "" || label === undefined) return undefined;
    return { [this.name]: { label } };
  }

  restore(answer: Answer): void {
    const saved = answer[this.name];
    if (!isPlainObject(saved) || typeof saved.label !== "string") return;
    if (!this.categories.includes(saved.label)) return;
    this.selected.clear();
    this.choose(saved.label);
  }
}

export class CrowdClassifierMultiSelect extends ClassifierBase {
  protected readonly multi = true;

  answer(): Answer | undefined {
    if (this.name === "") return undefined;
    return { [this.name]: { labels: this.labels } };
  }

  restore(answer: Answer): void {
    const saved = answer[this.name];
    if (!isPlainObject(saved) || !Array.isArray(saved.labels)) return;
    this.selected.clear();
    for (const label of saved.labels) {
      if (typeof label === "string" && !this.selected.has(label)) this.choose(label);
    }
  }
}

function imageTarget(element: HTMLElement): HTMLElement {
  const src = element.getAttribute("src") ?? "";
  return h("div", { class: "gtc-target" }, [
    h("img", { class: "gtc-image", src, alt: element.getAttribute("header") ?? "Image to classify" }),
  ]);
}

export class CrowdImageClassifier extends CrowdClassifier {
  protected override target(): HTMLElement {
    return imageTarget(this);
  }
}

export class CrowdImageClassifierMultiSelect extends CrowdClassifierMultiSelect {
  protected override target(): HTMLElement {
    return imageTarget(this);
  }
}
