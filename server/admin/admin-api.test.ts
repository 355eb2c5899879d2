import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ADMIN_ROUTES } from "./admin-api.js";
import { registeredAdminRoutes } from "./handle-admin.js";

/*
 * The admin API's schema (admin-api.ts) is the one list of routes: the compiler ties handlers and
 * the typed client to it; this test ties the router, the client's calls and the README to it.
 */
const schema = Object.keys(ADMIN_ROUTES).sort();
const read = (path: string) => readFileSync(new URL(path, import.meta.url), "utf8");
/** `/tasks/:taskId` and `/tasks/<id>` alike become `/tasks/*`. */
const shape = (route: string) => route.replace(/:\w+|<\w+>/gu, "*");

describe("the admin API schema", () => {
  it("lists exactly the routes the router serves", () => {
    expect(registeredAdminRoutes().sort()).toEqual(schema);
  });

  it("is covered by the typed client: one call site per route at least", () => {
    const calls = [...read("../programmatic/admin-client.ts").matchAll(/this\.call\("([A-Z]+ [^"]+)"/gu)].map(
      (match) => match[1],
    );
    expect([...new Set(calls)].sort()).toEqual(schema);
  });

  it("has every route in the README's reference", () => {
    const documented = [...read("../../README.md").matchAll(/^\| `([A-Z]+) \/_gt\/api(\/[^`?]*)/gmu)].map(
      (match) => shape(`${String(match[1])} ${String(match[2])}`),
    );
    expect([...new Set(documented)].sort()).toEqual(schema.map(shape).sort());
  });
});
