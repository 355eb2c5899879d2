/** The portal's small stylesheet: readable on a laptop, visible focus, nothing fetched from outside. */
const CSS = `
:root { font-family: system-ui, sans-serif; color: #1b1f24; background: #f6f7f9; }
body { margin: 0; }
.bar { display: flex; gap: 1rem; align-items: center; padding: .6rem 1rem; background: #232f3e; color: #fff; }
.brand { color: #fff; font-weight: 700; text-decoration: none; }
main { padding: 1rem 1.5rem; max-width: 72rem; margin: 0 auto; }
h1 { font-size: 1.3rem; }
button, select { font: inherit; padding: .45rem .9rem; border-radius: .4rem; border: 1px solid #8a96a3; background: #fff; margin: .25rem; }
button.primary { background: #0972d3; color: #fff; border-color: #0972d3; }
button:focus-visible, select:focus-visible, iframe:focus-visible { outline: 3px solid #f89256; outline-offset: 2px; }
.timer { font-variant-numeric: tabular-nums; margin-right: 1rem; }
.actions { display: inline-block; }
iframe { display: block; width: 100%; height: 72vh; border: 1px solid #c6cdd5; border-radius: .4rem; background: #fff; margin-top: .75rem; }
.error { color: #b3261e; font-weight: 600; }
.job { background: #fff; border: 1px solid #d5dbdb; border-radius: .5rem; padding: .5rem 1rem 1rem; margin: .75rem 0; }
.job h3 { margin: .5rem 0 .25rem; }
.muted { color: #5f6b7a; }
progress { width: 16rem; vertical-align: middle; }
textarea.code { display: block; width: 100%; font: 13px/1.4 ui-monospace, monospace; margin: .5rem 0; }
`;

export function portalCss(): Response {
  return new Response(CSS, {
    headers: { "content-type": "text/css; charset=utf-8", "cache-control": "no-cache" },
  });
}
