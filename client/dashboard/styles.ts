/**
 * The dashboard's stylesheet, added after the portal's (which gives the bar and base type). One
 * accent blue, greys, and a tint per job status; every colour pair keeps WCAG AA contrast.
 */
export const DASHBOARD_CSS = `
:root { --ink: #1d2530; --muted: #5b6776; --line: #e3e7ec; --card: #fff; --page: #f4f6f8;
  --accent: #0972d3; --accent-soft: #a9cdf0; --bad: #b42318; --radius: 10px; }
body { background: var(--page); color: var(--ink); }
main.dashboard { max-width: 84rem; padding: 1.25rem 2rem 3rem; }
.bar a[href="/_gt/dashboard"] { border-bottom: 2px solid transparent; }
main.dashboard h1 { font-size: 1.55rem; margin: .2rem 0 .35rem; letter-spacing: -.01em; display: flex; align-items: center; gap: .6rem; flex-wrap: wrap; }
main.dashboard h2 { font-size: .95rem; margin: 0 0 .9rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); font-weight: 650; }
a { color: var(--accent); }
main.dashboard table a, .crumbs a { text-decoration: none; font-weight: 650; }
main.dashboard table a:hover, .crumbs a:hover { text-decoration: underline; }
.sub.failure-line { color: var(--bad); max-width: 22rem; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
a:focus-visible, summary:focus-visible, video:focus-visible, button:focus-visible { outline: 3px solid #f89256; outline-offset: 2px; border-radius: 4px; }
.muted { color: var(--muted); }
.small { font-size: .82rem; }
.sub { display: block; color: var(--muted); font-size: .8rem; font-weight: 400; margin-top: .15rem; overflow-wrap: anywhere; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.page-head { display: flex; justify-content: space-between; align-items: flex-start; gap: 1rem; margin-bottom: 1rem; }
.page-head p { margin: 0; }
.crumbs { font-size: .85rem; color: var(--muted); margin-bottom: .4rem; }
.live { font-size: .78rem; font-weight: 600; padding: .25rem .65rem; border-radius: 999px; white-space: nowrap; border: 1px solid var(--line); background: #fff; color: var(--muted); }
.live::before { content: ""; display: inline-block; width: .5rem; height: .5rem; border-radius: 50%; margin-right: .4rem; background: #a0a9b4; vertical-align: .05rem; }
.live.live::before { background: #1f9d55; box-shadow: 0 0 0 3px #1f9d5533; }
.live.reconnecting::before { background: #d99a00; }

.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(9.5rem, 1fr)); gap: .75rem; margin-bottom: 1rem; }
.tile { background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); padding: .75rem 1rem; display: flex; flex-direction: column; gap: .2rem; }
.progress-tile { grid-column: span 2; }
.tile-label { font-size: .75rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); font-weight: 600; }
.tile-value { font-size: 1.6rem; font-weight: 650; font-variant-numeric: tabular-nums; }
.tile-note { font-size: .8rem; color: var(--muted); }

.card { background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); padding: 1.1rem 1.25rem 1.25rem; box-shadow: 0 1px 2px #1018280a; min-width: 0; }
.card.wide { margin-top: 1rem; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(26rem, 1fr)); gap: 1rem; align-items: start; }
.card-slot > .card { height: 100%; box-sizing: border-box; }
.empty { color: var(--muted); margin: .5rem 0; }

.badge { display: inline-block; font-size: .75rem; font-weight: 650; letter-spacing: .02em; padding: .18rem .6rem; border-radius: 999px; white-space: nowrap; }
.badge.initializing, .badge.stopping { background: #fff4d6; color: #7a4d00; }
.badge.in-progress { background: #e3efff; color: #0a4f96; }
.badge.completed { background: #e1f4e7; color: #17622f; }
.badge.failed { background: #fde8e8; color: #a11b1b; }
.badge.stopped { background: #eceff3; color: #434d5a; }

.progress { display: flex; height: .55rem; min-width: 8rem; background: #e6ebf1; border-radius: 999px; overflow: hidden; }
.progress .segment { display: block; height: 100%; transition: width .4s ease; }
.progress .human { background: var(--accent); }
.progress .machine { background: #5aa0e6; }
.progress .failed { background: #d64545; }

.table-wrap { overflow-x: auto; }
table { width: 100%; border-collapse: collapse; font-size: .9rem; }
th, td { text-align: left; padding: .65rem .75rem; border-bottom: 1px solid var(--line); vertical-align: middle; }
thead th { font-size: .72rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); font-weight: 650; border-bottom-width: 2px; }
tbody th { font-weight: 600; }
tbody tr:last-child > * { border-bottom: 0; }
tbody tr:hover { background: #f8fafc; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.bad { color: var(--bad); font-weight: 600; }
td.date { color: var(--muted); white-space: nowrap; font-variant-numeric: tabular-nums; }
td.progress-cell { min-width: 12rem; }
tr.flash > * { animation: flash 2.4s ease-out; }
@keyframes flash { from { background: #fff3c4; } to { background: transparent; } }

svg.chart { width: 100%; height: auto; display: block; font-family: inherit; }
svg.chart text { fill: var(--ink); font-size: 12px; }
svg.chart .tick, svg.chart .axis-title { fill: var(--muted); font-size: 11px; }
svg.chart .legend { font-size: 12px; fill: var(--muted); }
svg.chart .value { font-size: 11px; fill: var(--muted); font-variant-numeric: tabular-nums; }
svg.chart .category { font-size: 13px; font-weight: 600; }
svg.chart .grid { stroke: #edf0f3; }
svg.chart .axis { stroke: #c5ccd4; }
svg.chart .bar-consolidated { fill: var(--accent); }
svg.chart .bar-answers { fill: var(--accent-soft); }
svg.chart .step-0 { fill: #d2e4f7; } svg.chart .step-1 { fill: #a9cdf0; } svg.chart .step-2 { fill: #6eaae6; }
svg.chart .step-3 { fill: #2f86da; } svg.chart .step-4 { fill: #0a5cad; }

.metrics { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; margin-bottom: .75rem; }
.metric { display: flex; flex-direction: column; gap: .25rem; align-items: flex-start; }
.metric p { margin: .1rem 0 0; }
.metric-label { font-size: .8rem; color: var(--muted); font-weight: 600; }
.metric-value { font-size: 2.1rem; font-weight: 700; font-variant-numeric: tabular-nums; line-height: 1.1; }
.chip { font-size: .75rem; font-weight: 650; padding: .15rem .55rem; border-radius: 999px; }
.chip.good { background: #e1f4e7; color: #17622f; }
.chip.fair { background: #fff4d6; color: #7a4d00; }
.chip.poor { background: #fde8e8; color: #a11b1b; }

.meter { display: inline-block; width: 5rem; height: .4rem; background: #e6ebf1; border-radius: 999px; overflow: hidden; vertical-align: middle; margin-right: .5rem; }
.meter > span { display: block; height: 100%; background: var(--accent); border-radius: 999px; }
td.agreement-cell { white-space: nowrap; }
td.agreement-cell .sub { display: inline; margin-left: .4rem; }

.gallery { display: grid; grid-template-columns: repeat(auto-fill, minmax(13.5rem, 1fr)); gap: .9rem; margin: .5rem 0 .75rem; }
.tile-card { border: 1px solid var(--line); border-radius: var(--radius); overflow: hidden; background: #fff; display: flex; flex-direction: column; }
.tile-card.failed { border-color: #f3c2c2; }
.media { aspect-ratio: 16 / 9; background: #111820; display: flex; align-items: center; justify-content: center; }
.media video, .media img { width: 100%; height: 100%; object-fit: cover; display: block; }
.media.text, .media.file { background: #f4f6f8; padding: .75rem; box-sizing: border-box; align-items: flex-start; justify-content: flex-start; overflow: hidden; }
.media.text p { margin: 0; font-size: .9rem; display: -webkit-box; -webkit-line-clamp: 5; -webkit-box-orient: vertical; overflow: hidden; }
.media.file span { font: .8rem ui-monospace, monospace; color: var(--muted); overflow-wrap: anywhere; }
.tile-body { padding: .6rem .75rem .7rem; display: flex; flex-direction: column; gap: .35rem; }
.tile-body p { margin: 0; }
.tile-head { display: flex; gap: .5rem; align-items: baseline; min-width: 0; }
.tile-head .source { margin: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.object-id { font-weight: 700; font-variant-numeric: tabular-nums; }
.labels { display: flex; flex-wrap: wrap; gap: .3rem; }
.label-chip { background: #e3efff; color: #0a4f96; font-weight: 650; font-size: .82rem; padding: .15rem .55rem; border-radius: 6px; }
.confidence { display: flex; align-items: center; gap: .5rem; font-size: .85rem; }
.confidence .meter { width: auto; flex: 1; margin: 0; }
.failure { color: var(--bad); font-size: .85rem; overflow-wrap: anywhere; }
.tile-card .failure { display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow: hidden; }

button.ghost, a.ghost-link { font: inherit; font-size: .85rem; padding: .35rem .8rem; border-radius: 6px; border: 1px solid #c9d1da; background: #fff; color: var(--ink); text-decoration: none; margin: 0; cursor: pointer; }
button.ghost:hover, a.ghost-link:hover { background: #f3f6f9; }
.manifest-head { display: flex; align-items: center; gap: .6rem; flex-wrap: wrap; margin-bottom: .6rem; }
.manifest-head .spacer { flex: 1; }
code.uri { flex: 1 1 100%; font: .8rem ui-monospace, SFMono-Regular, Menlo, monospace; background: #f4f6f8; padding: .35rem .6rem; border-radius: 6px; overflow-wrap: anywhere; }
.manifest { border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
.manifest-line { border-bottom: 1px solid var(--line); }
.manifest-line:last-child { border-bottom: 0; }
.manifest-line summary { cursor: pointer; padding: .45rem .75rem; display: flex; gap: .75rem; font: .82rem ui-monospace, SFMono-Regular, Menlo, monospace; list-style: none; }
.manifest-line summary::-webkit-details-marker { display: none; }
.manifest-line summary::before { content: "▸"; color: var(--muted); width: .8rem; }
.manifest-line[open] summary::before { content: "▾"; }
.manifest-line summary:hover { background: #f8fafc; }
.line-no { color: #8a94a1; min-width: 2rem; text-align: right; font-variant-numeric: tabular-nums; }
.line-summary { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
pre.json { margin: 0; padding: .75rem 1rem .9rem 3.6rem; background: #fbfcfd; border-top: 1px solid var(--line); font: .8rem/1.5 ui-monospace, SFMono-Regular, Menlo, monospace; overflow-x: auto; }
.j-key { color: #0a4f96; } .j-string { color: #17622f; } .j-number { color: #9a3412; } .j-literal { color: #7c3aed; }
@media (max-width: 48rem) { main.dashboard { padding: 1rem; } .progress-tile { grid-column: auto; } .metrics { grid-template-columns: 1fr; } }
`;
