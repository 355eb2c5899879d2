/** Small DOM helpers shared by the crowd elements. Text always goes in through `textContent`. */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
/** The answer object a `crowd-form` submits: one key per named field. */
export type Answer = Record<string, Json>;

type Attrs = Record<string, string | boolean | undefined>;

/** Creates an element; `true` attributes are set empty, `false`/`undefined` ones left out. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  children: (Node | string)[] = [],
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(key, value === true ? "" : value);
  }
  element.append(...children);
  return element;
}

/** Moves every child node of `from` into `to` (keeping order) and returns `to`. */
export function adoptChildren<T extends Element>(from: Element, to: T): T {
  while (from.firstChild) to.appendChild(from.firstChild);
  return to;
}

export function isPlainObject(value: unknown): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Adds one field's contribution: objects under the same key merge (checkboxes sharing a name). */
export function mergeAnswer(into: Answer, contribution: Answer): void {
  for (const [key, value] of Object.entries(contribution)) {
    const existing = into[key];
    into[key] = isPlainObject(existing) && isPlainObject(value) ? { ...existing, ...value } : value;
  }
}

const NON_TEXT_INPUTS = new Set([
  "checkbox",
  "radio",
  "button",
  "submit",
  "reset",
  "range",
  "color",
  "file",
  "image",
]);

/** True when keys typed at `target` are text for it, not shortcuts for us. */
export function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !NON_TEXT_INPUTS.has(target.type);
  return false;
}

/** Runs `callback` once the document is parsed (children of parser-created elements exist then). */
export function whenParsed(callback: () => void): void {
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", callback, { once: true });
  } else {
    callback();
  }
}
