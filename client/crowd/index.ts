/**
 * gt-local's offline stand-in for `https://assets.crowd.aws/crowd-html-elements.js`: light-DOM custom
 * elements that render Ground Truth task templates and submit the worker's answer to the portal.
 */
import {
  CrowdClassifier,
  CrowdClassifierMultiSelect,
  CrowdImageClassifier,
  CrowdImageClassifierMultiSelect,
} from "./classifier.js";
import { CrowdAlert, CrowdInstructions } from "./display.js";
import { CrowdForm } from "./form.js";
import { installVideoKeys } from "./video-keys.js";
import {
  CrowdButton,
  CrowdCheckbox,
  CrowdInput,
  CrowdRadioButton,
  CrowdRadioGroup,
  CrowdTextArea,
} from "./inputs.js";

export type { SubmitMessage } from "./form.js";

// Fields first, `crowd-form` last: when the script runs after the markup, defining an element upgrades
// the existing ones, and the form must find its fields upgraded when it renders and restores them.
const ELEMENTS: [string, CustomElementConstructor][] = [
  ["crowd-classifier", CrowdClassifier],
  ["crowd-classifier-multi-select", CrowdClassifierMultiSelect],
  ["crowd-image-classifier", CrowdImageClassifier],
  ["crowd-image-classifier-multi-select", CrowdImageClassifierMultiSelect],
  ["crowd-radio-button", CrowdRadioButton],
  ["crowd-radio-group", CrowdRadioGroup],
  ["crowd-checkbox", CrowdCheckbox],
  ["crowd-input", CrowdInput],
  ["crowd-text-area", CrowdTextArea],
  ["crowd-instructions", CrowdInstructions],
  ["crowd-alert", CrowdAlert],
  ["crowd-button", CrowdButton],
  ["crowd-form", CrowdForm],
];

// Loading the script twice (a template that also includes it) must not throw.
for (const [tag, constructor] of ELEMENTS) {
  if (!customElements.get(tag)) customElements.define(tag, constructor);
}

// Video shortcuts for the whole task page, once the template's markup is there.
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", installVideoKeys);
else installVideoKeys();
