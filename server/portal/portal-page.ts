/**
 * The worker portal's one HTML shell (home and task pages): the script decides what to show from
 * the URL. Everything it does goes through the testing/admin API, as every other client would.
 * The dashboard uses the same shell with its own script, so both share the bar that links them.
 */
export function portalPage(
  page: { title: string; script: string } = { title: "gt-local worker portal", script: "/_gt/portal.js" },
): Response {
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title}</title>
<link rel="stylesheet" href="/_gt/portal.css">
</head>
<body>
<header class="bar"><a class="brand" href="/_gt/">gt-local</a><a class="brand" href="/_gt/preview">Template preview</a><a class="brand" href="/_gt/dashboard">Dashboard</a><span id="status" role="status" aria-live="polite"></span></header>
<main id="app" tabindex="-1"><p>Loading…</p></main>
<script src="${page.script}"></script>
</body>
</html>`;
  return new Response(html, {
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
  });
}
