import type { Answer } from "./dom.js";
import { whenParsed } from "./dom.js";
import { ensureStyles } from "./styles.js";

/**
 * Base of every crowd element. Light DOM: the element rewrites its own children once, when both it
 * and its children exist (after parsing, or at once for elements added later), so task templates'
 * CSS keeps applying.
 */
export abstract class CrowdElement extends HTMLElement {
  #rendered = false;

  connectedCallback(): void {
    whenParsed(() => {
      if (this.isConnected) this.ensureRendered();
    });
  }

  /** Renders once; safe to call early (a `crowd-form` renders its fields before restoring them). */
  ensureRendered(): void {
    if (this.#rendered) return;
    this.#rendered = true;
    ensureStyles();
    this.render();
  }

  get rendered(): boolean {
    return this.#rendered;
  }

  protected abstract render(): void;
}

/** A crowd element that contributes to the submitted answer. */
export abstract class CrowdField extends CrowdElement {
  get name(): string {
    return this.getAttribute("name") ?? "";
  }

  /** This element's part of the answer, or undefined when it has nothing to say. */
  abstract answer(): Answer | undefined;

  /** Puts back the state described by a saved answer (keys this element does not own are ignored). */
  abstract restore(answer: Answer): void;

  /** Clears the element back to its initial state. */
  abstract reset(): void;

  /** An error message when the value may not be submitted yet; the element shows it itself. */
  validate(): string | undefined {
    return undefined;
  }

  /** Moves keyboard focus to the element's control (after a failed validation). */
  override focus(): void {
    const control = this.querySelector<HTMLElement>("input, textarea, select, button, [tabindex]");
    (control ?? this).focus();
  }

  /** Tells the enclosing form that the in-progress answer changed. */
  protected changed(): void {
    this.dispatchEvent(new CustomEvent("crowd-change", { bubbles: true }));
  }
}
