import { CrowdElement, CrowdField } from "./base.js";
import type { Answer, Json } from "./dom.js";
import { h, mergeAnswer } from "./dom.js";

/** What the form posts to the portal frame around it. */
export interface SubmitMessage {
  type: "gt-local:submit";
  answer: Answer;
}

/** Where the in-progress answer lives, so a reload keeps the worker's choices. */
export function storageKey(): string {
  return `gt-local:crowd-answer:${location.pathname}${location.search}`;
}

function readSaved(): Answer | undefined {
  try {
    const raw = sessionStorage.getItem(storageKey());
    if (raw === null) return undefined;
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Answer)
      : undefined;
  } catch {
    return undefined; // No storage on opaque origins (about:blank, sandboxed frames).
  }
}

function writeSaved(answer: Answer | undefined): void {
  // In the portal's sandboxed frame there is no storage: the portal keeps the draft for us.
  if (window.parent !== window)
    window.parent.postMessage({ type: "gt-local:draft", answer: answer ?? null }, "*");
  try {
    if (answer === undefined) sessionStorage.removeItem(storageKey());
    else sessionStorage.setItem(storageKey(), JSON.stringify(answer));
  } catch {
    // Storage is best effort.
  }
}

type NativeField = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
const SKIPPED_INPUTS = new Set(["submit", "button", "reset", "image", "file"]);

function isNativeField(element: Element): element is NativeField {
  return (
    element instanceof HTMLInputElement ||
    element instanceof HTMLTextAreaElement ||
    element instanceof HTMLSelectElement
  );
}

/** A plain named control's part of the answer: text → string, radio → checked value, checkbox → bool. */
function nativeAnswer(field: NativeField): Answer | undefined {
  if (field.name === "" || field.disabled) return undefined;
  if (field instanceof HTMLSelectElement) {
    const value: Json = field.multiple
      ? [...field.selectedOptions].map((option) => option.value)
      : field.value;
    return { [field.name]: value };
  }
  if (field instanceof HTMLInputElement) {
    if (SKIPPED_INPUTS.has(field.type)) return undefined;
    if (field.type === "checkbox") return { [field.name]: field.checked };
    if (field.type === "radio") return field.checked ? { [field.name]: field.value } : undefined;
  }
  return { [field.name]: field.value };
}

function restoreNative(field: NativeField, answer: Answer): void {
  if (field.name === "" || !(field.name in answer)) return;
  const saved = answer[field.name];
  if (field instanceof HTMLInputElement && field.type === "checkbox") {
    if (typeof saved === "boolean") field.checked = saved;
  } else if (field instanceof HTMLInputElement && field.type === "radio") {
    field.checked = saved === field.value;
  } else if (field instanceof HTMLSelectElement && field.multiple && Array.isArray(saved)) {
    for (const option of field.options) option.selected = saved.includes(option.value);
  } else if (
    typeof saved === "string" &&
    !(field instanceof HTMLInputElement && SKIPPED_INPUTS.has(field.type))
  ) {
    field.value = saved;
  }
}

/**
 * `crowd-form`: wraps the task. Submitting validates the fields, dispatches a cancelable `submit`
 * event (so an `onsubmit` attribute can veto), then posts `{type: "gt-local:submit", answer}` to the
 * parent frame and dispatches `gt-local-submit` with `detail.answer` on itself.
 */
export class CrowdForm extends CrowdElement {
  #submitted = false;

  protected render(): void {
    // Fields render before the form restores into them.
    for (const element of this.querySelectorAll("*")) {
      if (element instanceof CrowdElement) element.ensureRendered();
    }
    if (!this.querySelector('crowd-button[form-action="submit"]')) {
      const button = document.createElement("crowd-button");
      button.setAttribute("form-action", "submit");
      button.setAttribute("variant", "primary");
      button.textContent = "Submit";
      this.append(h("div", { class: "gtc-form-actions" }, [button]));
    }
    const saved = readSaved();
    if (saved) this.#restore(saved);

    const save = (): void => {
      if (!this.#submitted) writeSaved(this.collect());
    };
    this.addEventListener("input", save);
    this.addEventListener("change", save);
    this.addEventListener("crowd-change", save);
    window.addEventListener("message", (event: MessageEvent<unknown>) => {
      const data = event.data as { type?: unknown } | null;
      // The portal says the answer did not get through: let the worker try again.
      if (typeof data === "object" && data !== null && data.type === "gt-local:submit-failed") {
        this.#submitted = false;
      }
      // The portal hands back the draft it kept for this task (the frame itself cannot store it).
      const message = event.data as { type?: unknown; answer?: unknown } | null;
      const restored = message?.answer;
      if (message?.type === "gt-local:restore" && typeof restored === "object" && restored !== null) {
        this.#restore(restored as Answer);
      }
    });
  }

  /** The answer object as it stands: every named crowd element and plain named control inside. */
  collect(): Answer {
    const answer: Answer = {};
    for (const element of this.querySelectorAll("*")) {
      let part: Answer | undefined;
      if (element instanceof CrowdField) part = element.answer();
      else if (isNativeField(element)) part = nativeAnswer(element);
      if (part) mergeAnswer(answer, part);
    }
    return answer;
  }

  /** Submits like a form; returns whether the answer went out. */
  submit(): boolean {
    this.ensureRendered();
    if (this.#submitted) return false;
    const invalid = this.#fields().find((field) => field.validate() !== undefined);
    if (invalid) {
      invalid.focus();
      return false;
    }
    const event = new Event("submit", { bubbles: true, cancelable: true });
    if (!this.dispatchEvent(event)) return false;
    const answer = this.collect();
    this.#submitted = true;
    writeSaved(undefined);
    const message: SubmitMessage = { type: "gt-local:submit", answer };
    window.parent.postMessage(message, "*");
    this.dispatchEvent(
      new CustomEvent("gt-local-submit", { bubbles: true, composed: true, detail: { answer } }),
    );
    return true;
  }

  /** Clears every field and the saved answer. */
  reset(): void {
    for (const field of this.#fields()) field.reset();
    for (const element of this.querySelectorAll("*")) {
      if (!isNativeField(element)) continue;
      if (element instanceof HTMLInputElement && (element.type === "checkbox" || element.type === "radio")) {
        element.checked = element.defaultChecked;
      } else if (element instanceof HTMLSelectElement) {
        for (const option of element.options) option.selected = option.defaultSelected;
      } else {
        element.value = element.defaultValue;
      }
    }
    writeSaved(undefined);
  }

  #fields(): CrowdField[] {
    return [...this.querySelectorAll("*")].filter((element) => element instanceof CrowdField);
  }

  #restore(answer: Answer): void {
    for (const element of this.querySelectorAll("*")) {
      if (element instanceof CrowdField) element.restore(answer);
      else if (isNativeField(element)) restoreNative(element, answer);
    }
  }
}
