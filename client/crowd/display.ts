import { CrowdElement } from "./base.js";
import { adoptChildren, h } from "./dom.js";

/**
 * `crowd-instructions`: `short-summary` stays visible; a link (or button, `link-type="button"`)
 * opens a dialog with `detailed-instructions`, `positive-example` and `negative-example`.
 */
export class CrowdInstructions extends CrowdElement {
  protected render(): void {
    const region = (tag: string): Element | null => this.querySelector(`:scope > ${tag}`);
    const summary = region("short-summary");
    const dialog = h("dialog", { class: "gtc-dialog", "aria-label": "Instructions" });
    const sections: [string, string][] = [
      ["detailed-instructions", "Instructions"],
      ["positive-example", "Good example"],
      ["negative-example", "Bad example"],
    ];
    for (const [tag, title] of sections) {
      const content = region(tag);
      if (content) dialog.append(h("section", {}, [h("h3", {}, [title]), content]));
    }
    adoptChildren(this, dialog);
    const close = h("button", { type: "button", class: "gtc-button gtc-button--normal" }, ["Close"]);
    close.addEventListener("click", () => {
      dialog.close();
    });
    dialog.append(h("div", { class: "gtc-form-actions" }, [close]));

    const text = this.getAttribute("link-text") ?? "Click for instructions";
    const opener =
      this.getAttribute("link-type") === "button"
        ? h("button", { type: "button", class: "gtc-button gtc-button--normal" }, [text])
        : h("a", { href: "#", class: "gtc-link" }, [text]);
    opener.addEventListener("click", (event) => {
      event.preventDefault();
      dialog.showModal();
    });
    this.append(h("div", { class: "gtc-instructions-bar" }, [...(summary ? [summary] : []), opener]), dialog);
  }
}

/** `crowd-alert` (`type` info|success|error|warning, `dismissible`): display only. */
export class CrowdAlert extends CrowdElement {
  protected render(): void {
    const type = this.getAttribute("type") ?? "info";
    const box = adoptChildren(
      this,
      h("div", { class: `gtc-alert gtc-alert--${type}`, role: type === "error" ? "alert" : "status" }),
    );
    if (this.hasAttribute("dismissible")) {
      const dismiss = h("button", { type: "button", class: "gtc-dismiss", "aria-label": "Dismiss" }, ["×"]);
      dismiss.addEventListener("click", () => {
        this.hidden = true;
      });
      box.append(dismiss);
    }
    this.append(box);
  }
}
