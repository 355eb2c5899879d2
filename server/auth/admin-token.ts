import { timingSafeEqual } from "node:crypto";

/**
 * `--admin-token <token>`: the testing/admin API (`/_gt/api/*`) then needs
 * `Authorization: Bearer <token>`, the way scripts, the typed admin client and the CLI call it.
 * The portal's own pages call the same API from the browser with their session cookie instead
 * (server/app.ts), so the token also works as the portal's sign-in password when no
 * `--portal-password` is set.
 */
export class AdminToken {
  constructor(private readonly token: string | undefined) {}

  get enabled(): boolean {
    return this.token !== undefined;
  }

  /** Whether an Authorization header is `Bearer <this token>`. */
  matches(authorization: string | undefined): boolean {
    if (this.token === undefined || authorization === undefined) return false;
    const match = /^Bearer\s+(\S+)\s*$/iu.exec(authorization);
    if (!match?.[1]) return false;
    const expected = Buffer.from(this.token);
    const given = Buffer.from(match[1]);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}

/** 401 in the admin API's error format, naming both ways in. */
export function adminTokenRequired(): Response {
  return Response.json(
    {
      error: {
        code: "AccessDenied",
        message:
          "This server's testing API needs its admin token: send Authorization: Bearer <token> (gt-local start --admin-token), or sign in at /_gt/.",
      },
    },
    { status: 401, headers: { "www-authenticate": 'Bearer realm="gt-local"' } },
  );
}
