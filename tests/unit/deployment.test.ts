import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ENV_VARIABLES } from "@/lib/env";

/**
 * What can be checked of the container setup without Docker (which CI does not have):
 * compose.yaml's services and the settings they share, and the Dockerfile's stages, user and
 * commands against the files and package.json scripts they run.
 */
type Service = {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  deploy?: { replicas?: number };
};
const compose = parse(readFileSync("compose.yaml", "utf8"), { merge: true }) as { services: Record<string, Service> };
const dockerfile = readFileSync("Dockerfile", "utf8");
const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts;
const { postgres, web, worker } = compose.services;

/** The Dockerfile's instructions, continuation lines joined, comments dropped. */
const instructions = dockerfile
  .replace(/\\\n/g, " ")
  .split("\n")
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith("#"));
const stages = instructions.reduce<string[][]>((all, line) => {
  if (line.startsWith("FROM ")) all.push([]);
  all.at(-1)?.push(line);
  return all;
}, []);
const exec = (line: string) => JSON.parse(line.replace(/^(CMD|HEALTHCHECK .*CMD)\s+/, "")) as string[];

/** The files a command runs (bin/*.ts, .worker-build/worker.mjs), which must exist or be built by prepare.mjs. */
function programFiles(command: string[]): string[] {
  return command.filter((arg) => /^(bin\/.+\.(ts|mjs)|\.worker-build\/.+\.mjs)$/.test(arg));
}

describe("compose.yaml", () => {
  it("runs a real PostgreSQL, one web and two workers", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["postgres", "web", "worker"]);
    expect(postgres!.image).toMatch(/^postgres:17/);
    expect(web!.deploy?.replicas ?? 1).toBe(1);
    expect(worker!.deploy?.replicas).toBe(2);
  });

  it("gives web and workers the same image, database and secrets, after PostgreSQL is healthy", () => {
    expect(web!.image).toBe(worker!.image);
    expect(web!.build).toEqual(worker!.build);
    for (const name of ["DATABASE_URL", "NEXTAUTH_SECRET", "INTAKE_ENCRYPTION_KEY", "NEXTAUTH_URL"])
      expect(web!.environment?.[name], name).toBe(worker!.environment?.[name]);
    const url = new URL(web!.environment!.DATABASE_URL!.replace(/\$\{[^}]*\}/, "password"));
    expect(url.hostname).toBe("postgres");
    expect(url.pathname).toBe(`/${postgres!.environment!.POSTGRES_DB}`);
    expect(url.username).toBe(postgres!.environment!.POSTGRES_USER);
    for (const service of [web!, worker!]) {
      expect(service.depends_on?.postgres?.condition).toBe("service_healthy");
      for (const name of Object.keys(service.environment ?? {})) expect(ENV_VARIABLES, name).toContain(name);
    }
  });

  it("has a healthcheck on every service, and runs commands that exist", () => {
    for (const [name, service] of Object.entries(compose.services))
      expect(service.healthcheck?.test, name).toBeDefined();
    for (const command of [web!.command!, worker!.command!, web!.healthcheck!.test, worker!.healthcheck!.test]) {
      const files = programFiles(command);
      expect(files.length, command.join(" ")).toBe(1);
      for (const file of files.filter((f) => f.startsWith("bin/"))) expect(existsSync(file), file).toBe(true);
    }
    // The same commands `npm run web` and `npm run worker` end with.
    expect(scripts.web).toContain(`&& ${web!.command!.join(" ")}`);
    expect(scripts.worker).toContain(`&& ${worker!.command!.join(" ")}`);
    expect(scripts.worker).toContain("--worker");
  });
});

describe("Dockerfile", () => {
  const runtime = stages.at(-1)!;

  it("builds in one stage and runs from another, from official Node images", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage[0]).toMatch(/^FROM node:20-bookworm-slim( AS \w+)?$/);
    // No fetches beyond npm and Debian: no ADD of URLs, no curl or wget.
    expect(dockerfile).not.toMatch(/^\s*ADD\s+https?:|\bcurl\b|\bwget\b/m);
  });

  it("runs as a user that is not root", () => {
    const users = runtime.filter((line) => line.startsWith("USER "));
    expect(users.length).toBe(1);
    expect(users[0]!.slice(5).trim()).not.toMatch(/^(root|0)(:.*)?$/);
  });

  it("runs the web console by default, with files the runtime stage holds", () => {
    const cmd = exec(runtime.find((line) => line.startsWith("CMD "))!);
    expect(cmd).toEqual(web!.command);
    const health = exec(runtime.find((line) => line.startsWith("HEALTHCHECK "))!);
    expect(health).toEqual(web!.healthcheck!.test.slice(1));
    const copied = runtime.filter((line) => line.startsWith("COPY ")).join("\n");
    for (const needed of [
      "/app/node_modules",
      "/app/bin",
      "/app/lib",
      "/app/prisma",
      "/app/.next",
      "/app/.worker-build",
    ])
      expect(copied, needed).toContain(needed);
  });
});
