import { randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Optional portal password (`--portal-password`): pages and the testing API then ask for it once
 * and remember the browser with an HttpOnly session cookie. Without a password (the default, on
 * loopback) everything is open, like any local emulator.
 */
const COOKIE = "gt-local-session";

export class PortalAuth {
  private readonly sessions = new Set<string>();

  constructor(private readonly password: string | undefined) {}

  get enabled(): boolean {
    return this.password !== undefined;
  }

  /** Whether a request with this Cookie header may pass: no password set, or our session cookie. */
  allows(cookie: string | undefined): boolean {
    if (this.password === undefined) return true;
    const token = /(?:^|;\s*)gt-local-session=([A-Za-z0-9_-]+)/u.exec(cookie ?? "")?.[1];
    return token !== undefined && this.sessions.has(token);
  }

  /** POST /_gt/login with a form or JSON `password`: a session cookie and back to the portal. */
  async login(request: Request): Promise<Response> {
    const type = request.headers.get("content-type") ?? "";
    const body = await request.text();
    const given = type.includes("json")
      ? passwordFromJson(body)
      : (new URLSearchParams(body).get("password") ?? "");
    if (!this.matches(given)) return loginPage(true, 401);
    const token = randomBytes(24).toString("base64url");
    this.sessions.add(token);
    return new Response(null, {
      status: 303,
      headers: {
        location: "/_gt/",
        "set-cookie": `${COOKIE}=${token}; Path=/_gt; HttpOnly; SameSite=Strict`,
      },
    });
  }

  private matches(given: string): boolean {
    const expected = Buffer.from(this.password ?? "");
    const actual = Buffer.from(given);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }
}

function passwordFromJson(body: string): string {
  try {
    const parsed = JSON.parse(body || "{}") as { password?: unknown };
    return typeof parsed.password === "string" ? parsed.password : "";
  } catch {
    return "";
  }
}

export function loginPage(failed = false, status = 200): Response {
  const html = `<!doctype html><html lang="en"><meta charset="utf-8"><title>gt-local sign-in</title>
<link rel="stylesheet" href="/_gt/portal.css">
<header class="bar"><span class="brand">gt-local</span></header>
<main><h1>Sign in</h1>${failed ? '<p class="error" role="alert">That password is not right.</p>' : ""}
<form method="post" action="/_gt/login"><label for="password">Portal password</label>
<input id="password" name="password" type="password" autofocus required>
<button class="primary" type="submit">Sign in</button></form></main></html>`;
  return new Response(html, {
    status,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
  });
}

export function unauthorized(): Response {
  return Response.json(
    {
      error: { code: "AccessDenied", message: "Sign in at /_gt/ first: this server has a portal password." },
    },
    { status: 401 },
  );
}
