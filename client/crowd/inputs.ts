import { CrowdElement, CrowdField } from "./base.js";
import type { Answer } from "./dom.js";
import { adoptChildren, h, isPlainObject } from "./dom.js";

/** A native checkbox or radio with the element's children as its label; the native one has no name. */
abstract class ToggleField extends CrowdField {
  protected abstract readonly kind: "checkbox" | "radio";
  #input: HTMLInputElement | undefined;
  #initial = false;

  get value(): string {
    return this.getAttribute("value") ?? "on";
  }

  get checked(): boolean {
    return this.#input ? this.#input.checked : this.hasAttribute("checked");
  }

  set checked(on: boolean) {
    this.ensureRendered();
    if (this.#input) this.#input.checked = on;
  }

  /** The answer key; a radio button may take its group's name. */
  protected fieldName(): string {
    return this.name;
  }

  protected render(): void {
    this.#initial = this.hasAttribute("checked");
    this.#input = h("input", {
      type: this.kind,
      class: "gtc-toggle-input",
      checked: this.#initial,
      disabled: this.hasAttribute("disabled"),
      required: this.hasAttribute("required"),
    });
    this.#input.addEventListener("change", () => {
      this.toggled();
    });
    const text = adoptChildren(this, h("span", { class: "gtc-toggle-text" }));
    this.append(h("label", { class: `gtc-toggle gtc-${this.kind}` }, [this.#input, text]));
  }

  /** Called after the user changed the native control (change events bubble to the form already). */
  protected toggled(): void {
    this.changed();
  }

  answer(): Answer | undefined {
    const name = this.fieldName();
    if (name === "") return undefined;
    return { [name]: { [this.value]: this.checked } };
  }

  restore(answer: Answer): void {
    const saved = answer[this.fieldName()];
    if (!isPlainObject(saved)) return;
    const on = saved[this.value];
    if (typeof on === "boolean") this.checked = on;
  }

  reset(): void {
    this.checked = this.#initial;
  }

  override validate(): string | undefined {
    if (this.kind === "checkbox" && this.hasAttribute("required") && !this.checked) {
      return "Please check this box before submitting.";
    }
    return undefined;
  }
}

/** `crowd-checkbox` → `{"<name>": {"<value>": bool}}`; boxes sharing a name merge. */
export class CrowdCheckbox extends ToggleField {
  protected readonly kind = "checkbox";
}

/** `crowd-radio-button` → `{"<name>": {"<value>": bool}}`; exclusive within its `crowd-radio-group`. */
export class CrowdRadioButton extends ToggleField {
  protected readonly kind = "radio";

  protected override fieldName(): string {
    return this.name !== "" ? this.name : (this.closest("crowd-radio-group")?.getAttribute("name") ?? "");
  }

  protected override toggled(): void {
    if (this.checked) {
      const scope = this.closest("crowd-radio-group") ?? this.closest("crowd-form") ?? document;
      for (const other of scope.querySelectorAll("crowd-radio-button")) {
        if (other !== this && other instanceof CrowdRadioButton) {
          // Without a group, buttons sharing a name are exclusive, like native radios.
          if (scope instanceof HTMLElement && scope.localName === "crowd-radio-group") other.checked = false;
          else if (other.fieldName() === this.fieldName()) other.checked = false;
        }
      }
    }
    super.toggled();
  }
}

/** `crowd-radio-group`: a labelled radiogroup around its `crowd-radio-button`s. */
export class CrowdRadioGroup extends CrowdElement {
  protected render(): void {
    this.setAttribute("role", "radiogroup");
    const label = this.getAttribute("label") ?? this.getAttribute("header");
    if (label !== null && !this.hasAttribute("aria-label")) this.setAttribute("aria-label", label);
    this.classList.add("gtc-radio-group");
  }
}

/** Shared by `crowd-input` and `crowd-text-area`: a labelled native control without a name. */
abstract class TextField extends CrowdField {
  protected control: HTMLInputElement | HTMLTextAreaElement | undefined;
  #error: HTMLElement | undefined;

  get value(): string {
    return this.control ? this.control.value : (this.getAttribute("value") ?? "");
  }

  set value(text: string) {
    this.ensureRendered();
    if (this.control) this.control.value = text;
  }

  protected abstract createControl(): HTMLInputElement | HTMLTextAreaElement;

  protected render(): void {
    const control = this.createControl();
    const num = (attr: string): string | undefined => this.getAttribute(attr) ?? undefined;
    const settings: Record<string, string | boolean | undefined> = {
      class: "gtc-control",
      placeholder: num("placeholder"),
      maxlength: num("max-length") ?? num("maxlength"),
      minlength: num("min-length") ?? num("minlength"),
      required: this.hasAttribute("required"),
      disabled: this.hasAttribute("disabled"),
      autofocus: this.hasAttribute("auto-focus") || this.hasAttribute("autofocus"),
      "aria-label": this.getAttribute("label") === null ? (num("placeholder") ?? this.name) : undefined,
    };
    for (const [key, setting] of Object.entries(settings)) {
      if (setting === undefined || setting === false) continue;
      control.setAttribute(key, setting === true ? "" : setting);
    }
    control.value = this.getAttribute("value") ?? "";
    this.control = control;
    this.#error = h("span", { class: "gtc-error", role: "alert", hidden: true });
    const label = this.getAttribute("label");
    this.replaceChildren(
      h("label", { class: "gtc-field" }, [
        ...(label === null ? [] : [h("span", { class: "gtc-field-label" }, [label])]),
        control,
        this.#error,
      ]),
    );
    control.addEventListener("input", () => {
      if (this.#error) this.#error.hidden = true;
    });
    if (settings.autofocus === true) control.focus();
  }

  answer(): Answer | undefined {
    if (this.name === "" || this.value === "") return undefined;
    return { [this.name]: this.value };
  }

  restore(answer: Answer): void {
    const saved = answer[this.name];
    if (typeof saved === "string") this.value = saved;
  }

  reset(): void {
    this.value = this.getAttribute("value") ?? "";
  }

  override validate(): string | undefined {
    if (!this.control || this.control.checkValidity()) return undefined;
    const message = this.getAttribute("error-message") ?? this.control.validationMessage;
    if (this.#error) {
      this.#error.textContent = message;
      this.#error.hidden = false;
    }
    return message;
  }
}

/** `crowd-input` → `{"<name>": "<text>"}`; empty inputs are left out. */
export class CrowdInput extends TextField {
  protected createControl(): HTMLInputElement {
    const input = h("input", { type: this.getAttribute("type") ?? "text" });
    const pattern = this.getAttribute("allowed-pattern");
    if (pattern !== null) {
      // Ground Truth's allowed-pattern filters typed characters, e.g. "[0-9]".
      input.addEventListener("beforeinput", (event) => {
        if (event.data === null) return;
        try {
          const allowed = new RegExp(`^(?:${pattern})+$`, "u");
          if (!allowed.test(event.data)) event.preventDefault();
        } catch {
          // An invalid pattern filters nothing.
        }
      });
    }
    return input;
  }
}

/** `crowd-text-area` → `{"<name>": "<text with \n>"}`; empty areas are left out. */
export class CrowdTextArea extends TextField {
  protected createControl(): HTMLTextAreaElement {
    const area = h("textarea", { rows: this.getAttribute("rows") ?? "3" });
    if (this.hasAttribute("char-counter")) {
      const counter = h("span", { class: "gtc-counter", "aria-live": "polite" });
      const max = this.getAttribute("max-length");
      const update = (): void => {
        counter.textContent =
          max === null ? String(area.value.length) : `${String(area.value.length)}/${max}`;
      };
      area.addEventListener("input", update);
      queueMicrotask(() => {
        update();
        area.after(counter);
      });
    }
    return area;
  }
}

interface FormActions extends HTMLElement {
  submit(): boolean;
  reset(): void;
}

function isFormActions(element: Element | null): element is FormActions {
  const candidate = element as Partial<FormActions> | null;
  return typeof candidate?.submit === "function" && typeof candidate.reset === "function";
}

/** `crowd-button`: `form-action="submit"|"reset"` acts on the enclosing `crowd-form`; `href` navigates. */
export class CrowdButton extends CrowdElement {
  protected render(): void {
    const variant = this.getAttribute("variant") ?? "normal";
    const button = adoptChildren(
      this,
      h("button", {
        type: "button",
        class: `gtc-button gtc-button--${variant}`,
        disabled: this.hasAttribute("disabled") || this.hasAttribute("loading"),
      }),
    );
    const iconUrl = this.getAttribute("icon-url");
    if (iconUrl !== null) {
      const icon = h("img", { class: "gtc-icon", src: iconUrl, alt: "" });
      if (this.getAttribute("icon-align") === "right") button.append(icon);
      else button.prepend(icon);
    }
    button.addEventListener("click", () => {
      this.#activate();
    });
    this.append(button);
  }

  #activate(): void {
    const form = this.closest("crowd-form");
    const action = this.getAttribute("form-action");
    if (action === "submit" && isFormActions(form)) {
      form.submit();
      return;
    }
    if (action === "reset" && isFormActions(form)) {
      form.reset();
      return;
    }
    const href = this.getAttribute("href");
    if (href !== null) window.open(href, this.getAttribute("target") ?? "_self");
  }
}
