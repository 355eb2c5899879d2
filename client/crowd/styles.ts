const STYLE_ID = "gt-local-crowd-styles";

/** One small stylesheet for every crowd element; low specificity so task templates can override it. */
const CSS = `
.gtc-help { position: fixed; right: 16px; bottom: 16px; z-index: 10; background: #fff; border: 1px solid #aab7b8; border-radius: 6px;
  padding: 12px 16px; box-shadow: 0 4px 16px rgb(0 0 0 / 15%); }
.gtc-help dl { display: grid; grid-template-columns: auto 1fr; gap: 4px 12px; margin: 8px 0 0; }
.gtc-help dt { font-weight: 600; font-family: ui-monospace, monospace; }
.gtc-help dd { margin: 0; }
.gtc-rate { position: fixed; left: 16px; bottom: 16px; background: #232f3e; color: #fff; border-radius: 4px; padding: 4px 8px; }
:where(crowd-form) { display: block; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #16191f; }
:where(crowd-classifier, crowd-classifier-multi-select, crowd-image-classifier, crowd-image-classifier-multi-select,
  crowd-instructions, crowd-alert, crowd-input, crowd-text-area, crowd-radio-group) { display: block; margin: 0 0 12px; }
:where(crowd-checkbox, crowd-radio-button, crowd-button) { display: inline-block; margin: 0 12px 8px 0; }
:where(crowd-radio-group) { display: flex; flex-wrap: wrap; }
.gtc-classifier { display: grid; grid-template-columns: minmax(180px, 1fr) minmax(0, 3fr) minmax(180px, 1fr); gap: 16px; align-items: start; }
@media (max-width: 760px) { .gtc-classifier { grid-template-columns: 1fr; } }
.gtc-instructions, .gtc-side { background: #f2f3f3; border: 1px solid #d5dbdb; border-radius: 6px; padding: 12px; }
.gtc-instructions h3 { margin: 0 0 8px; font-size: 15px; }
.gtc-full summary { cursor: pointer; color: #0073bb; margin-top: 8px; }
.gtc-header { margin: 0 0 12px; font-size: 20px; }
.gtc-target img, .gtc-target video { max-width: 100%; }
.gtc-categories { display: flex; flex-direction: column; gap: 6px; }
.gtc-category { display: flex; align-items: center; gap: 10px; width: 100%; padding: 8px 10px; font: inherit; text-align: left;
  background: #fff; border: 1px solid #aab7b8; border-radius: 4px; cursor: pointer; color: inherit; }
.gtc-category:hover { border-color: #0073bb; }
.gtc-category:focus-visible, .gtc-button:focus-visible { outline: 2px solid #0073bb; outline-offset: 2px; }
.gtc-category.gtc-selected { background: #e6f2fa; border-color: #0073bb; box-shadow: inset 3px 0 0 #0073bb; font-weight: 600; }
.gtc-key { display: inline-flex; justify-content: center; align-items: center; min-width: 22px; height: 22px; border-radius: 4px;
  background: #eaeded; border: 1px solid #aab7b8; font-size: 12px; font-weight: 600; }
.gtc-selected .gtc-key { background: #0073bb; border-color: #0073bb; color: #fff; }
.gtc-hint { margin: 10px 0 0; font-size: 12px; color: #545b64; }
.gtc-error { margin: 6px 0 0; color: #d13212; font-size: 13px; }
.gtc-error[hidden] { display: none; }
.gtc-field { display: flex; flex-direction: column; gap: 4px; }
.gtc-field-label { font-weight: 600; }
.gtc-control { font: inherit; padding: 6px 8px; border: 1px solid #aab7b8; border-radius: 4px; max-width: 100%; }
.gtc-counter { font-size: 12px; color: #545b64; }
.gtc-toggle { display: inline-flex; align-items: center; gap: 6px; cursor: pointer; }
.gtc-form-actions { display: flex; justify-content: flex-end; gap: 8px; margin-top: 16px; }
.gtc-button { font: inherit; padding: 6px 18px; border-radius: 4px; border: 1px solid #545b64; background: #fff; color: #16191f; cursor: pointer; }
.gtc-button--primary { background: #ec7211; border-color: #ec7211; color: #fff; font-weight: 600; }
.gtc-button--link { border-color: transparent; background: none; color: #0073bb; }
.gtc-button:disabled { opacity: .5; cursor: default; }
.gtc-icon { width: 16px; height: 16px; vertical-align: middle; margin: 0 4px; }
.gtc-link { color: #0073bb; }
.gtc-dialog { max-width: min(720px, 90vw); border: 1px solid #aab7b8; border-radius: 6px; }
.gtc-alert { position: relative; padding: 10px 36px 10px 12px; border-radius: 4px; border: 1px solid; }
.gtc-alert--info { background: #f1faff; border-color: #0073bb; }
.gtc-alert--success { background: #f2f8f0; border-color: #1d8102; }
.gtc-alert--warning { background: #fffce6; border-color: #ff9900; }
.gtc-alert--error { background: #fdf3f1; border-color: #d13212; }
.gtc-dismiss { position: absolute; top: 6px; right: 8px; border: 0; background: none; font-size: 18px; cursor: pointer; }
`;

/** Adds the stylesheet to the document head the first time any crowd element renders. */
export function ensureStyles(): void {
  if (document.getElementById(STYLE_ID)) return;
  const style = document.createElement("style");
  style.id = STYLE_ID;
  style.textContent = CSS;
  ((document.head as HTMLHeadElement | null) ?? document.documentElement).prepend(style);
}
