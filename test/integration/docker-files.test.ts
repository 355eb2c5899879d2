import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { report, run } from "../helpers/cross-client-scripts.js";

/*
 * No Docker engine runs here, so the Dockerfile and docker-compose.yml are checked by reading
 * them: the ports, volumes and health checks line up, and every gt-local setting they pass is one
 * the CLI really has (its --help lists each option's environment variable).
 */
const repoFile = (name: string) => readFileSync(new URL(`../../${name}`, import.meta.url), "utf8");

interface ComposeService {
  image?: string;
  build?: string;
  ports?: string[];
  volumes?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  command?: string[];
  entrypoint?: string[];
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
}

const compose = parse(repoFile("docker-compose.yml")) as ComposeFile;
const dockerfile = repoFile("Dockerfile");
/** The instructions of the runtime stage (after the last FROM), continuation lines joined. */
const runtime = dockerfile
  .slice(dockerfile.lastIndexOf("\nFROM "))
  .replace(/\\\n\s*/gu, " ")
  .split("\n")
  .filter((line) => line.trim() !== "" && !line.trim().startsWith("#"));
const instruction = (name: string) => runtime.filter((line) => line.startsWith(`${name} `));

let helpText = "";
beforeAll(async () => {
  const cli = new URL("../../bin/gt-local.js", import.meta.url).pathname;
  const result = await run(process.execPath, [cli, "start", "--help"], 30_000);
  expect(result.exitCode, report("gt-local start --help", result)).toBe(0);
  helpText = result.stdout.replace(/\s+/gu, " ");
});

describe("Dockerfile", () => {
  it("builds on node:20-slim (glibc for better-sqlite3) and runs as a non-root user", () => {
    expect(dockerfile.match(/^FROM (\S+)/gmu)).toEqual(["FROM node:20-slim", "FROM node:20-slim"]);
    expect(instruction("USER")).toEqual(["USER node"]);
  });

  it("keeps state in the /data volume and listens on 4700 on every interface", () => {
    expect(instruction("VOLUME")).toEqual(['VOLUME ["/data"]']);
    expect(instruction("EXPOSE")).toEqual(["EXPOSE 4700"]);
    const env = instruction("ENV").join(" ");
    expect(env).toContain("GT_LOCAL_DATA_DIR=/data");
    expect(env).toContain("GT_LOCAL_HOST=0.0.0.0");
    expect(env).toContain("GT_LOCAL_PORT=4700");
  });

  it("checks health on the port it exposes", () => {
    const [healthcheck] = instruction("HEALTHCHECK");
    expect(healthcheck).toContain("http://127.0.0.1:4700/_gt/health");
    expect(healthcheck).toMatch(/--interval=\d+s/u);
  });

  it("sets only environment variables the CLI knows", () => {
    const names = [
      ...instruction("ENV")
        .join(" ")
        .matchAll(/(GT_LOCAL_\w+)=/gu),
    ].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names)
      expect(helpText, `${String(name)} in gt-local --help`).toContain(`env: ${String(name)}`);
  });

  it("builds with everything npm run build reads", () => {
    const build = dockerfile.slice(0, dockerfile.lastIndexOf("\nFROM "));
    const copied = [...build.matchAll(/^COPY (.+) \S+$/gmu)].flatMap((m) => m[1]!.split(" "));
    const { scripts } = JSON.parse(repoFile("package.json")) as { scripts: { build: string } };
    // Every file or folder the build script names, and the sources tsc compiles.
    const read = [...scripts.build.matchAll(/(?:^|\s)((?:\w[\w.-]*\/)*\w[\w.-]*\.(?:json|ts))/gu)].map(
      (m) => m[1]!.split("/")[0]!,
    );
    expect(read).toEqual(["tsconfig.build.json", "scripts"]);
    for (const path of [...read, "tsconfig.json", "emulator", "server"]) expect(copied, path).toContain(path);
    expect(build).toContain("RUN npm run build");
  });

  it("starts the packaged CLI", () => {
    expect(instruction("ENTRYPOINT")).toEqual(['ENTRYPOINT ["node", "bin/gt-local.js"]']);
    expect(instruction("CMD")).toEqual(['CMD ["start"]']);
  });
});

describe("docker-compose.yml", () => {
  const gtLocal = compose.services["gt-local"]!;
  const minio = compose.services.minio!;

  it("publishes gt-local on 4700 with its data in a named volume", () => {
    expect(gtLocal.build).toBe(".");
    // Loopback on the host: the container binds every interface, the published port is the boundary.
    expect(gtLocal.ports).toEqual(["127.0.0.1:4700:4700"]);
    expect(gtLocal.volumes).toEqual(["gt-local-data:/data"]);
    expect(compose.volumes).toHaveProperty("gt-local-data");
  });

  it("points gt-local at MinIO as its external S3, once the bucket exists", () => {
    expect(gtLocal.environment?.GT_LOCAL_S3_ENDPOINT).toBe("http://minio:9000");
    expect(gtLocal.depends_on).toEqual({ "minio-setup": { condition: "service_completed_successfully" } });
    expect(compose.services["minio-setup"]?.depends_on).toEqual({ minio: { condition: "service_healthy" } });
    expect(compose.services["minio-setup"]?.entrypoint?.join(" ")).toContain(
      "mc mb --ignore-existing local/bucket",
    );
    expect(minio.ports).toContain("127.0.0.1:9000:9000");
    expect(minio.healthcheck?.test).toEqual(["CMD", "mc", "ready", "local"]);
    expect(minio.volumes).toEqual(["minio-data:/data"]);
  });

  it("passes gt-local only settings the CLI knows", () => {
    const names = Object.keys(gtLocal.environment ?? {}).filter((name) => name.startsWith("GT_LOCAL_"));
    expect(names.length).toBeGreaterThan(3);
    for (const name of names) expect(helpText, `${name} in gt-local --help`).toContain(`env: ${name}`);
  });

  it("gives MinIO's keys to gt-local's S3 client", () => {
    expect(gtLocal.environment?.AWS_ACCESS_KEY_ID).toBe(minio.environment?.MINIO_ROOT_USER);
    expect(gtLocal.environment?.AWS_SECRET_ACCESS_KEY).toBe(minio.environment?.MINIO_ROOT_PASSWORD);
  });
});
