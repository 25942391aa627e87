import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { webServerArgs } from "@/bin/launcher/children";
import { serverActions } from "../e2e/support/server-actions";

/**
 * The real `npm start` launcher (bin/start.ts) as a test's subject: built first,
 * started the way a terminal starts it (its own foreground process group, so a Ctrl-C
 * can be sent to the whole group), with its output and its children's kept for asserts.
 */
export type Launcher = {
  child: ChildProcess;
  baseUrl: string;
  output(): string;
  /** Ctrl-C in a terminal: SIGINT to every process in the foreground process group. */
  interruptGroup(): void;
  /** Resolves with the exit code once the launcher has exited and its output is drained. */
  exited: Promise<number | null>;
  /** Test clean-up: kills the group, whatever state it is in. */
  kill(): void;
};

/**
 * Builds the console and the worker bundle exactly as `npm start` does (or only what
 * `parts` name, e.g. ["--worker"]); a no-op when up to date. Test files run in parallel,
 * so one build at a time: the others wait for it.
 */
export async function buildOnce(parts: string[] = ["--build", "--worker"]): Promise<void> {
  const lock = path.resolve("node_modules", ".intake-test-build.lock");
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: "wx" });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(readFileSync(lock, "utf8"));
      if (!(holder > 0) || !processExists(holder)) rmSync(lock, { force: true });
      else await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    const build = spawnSync(process.execPath, ["bin/prepare.mjs", ...parts], { stdio: "inherit" });
    if (build.status !== 0) throw new Error("Building the console for the launcher tests failed.");
  } finally {
    rmSync(lock, { force: true });
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The environment of a launcher: this process's, minus what must not leak in, plus the given settings. */
export function launcherEnv(settings: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    INTAKE_LOG_LEVEL: "info",
  };
  for (const [name, value] of Object.entries(settings)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

export function startLauncher(env: NodeJS.ProcessEnv): Launcher {
  return startGroup(["--import", "tsx", "bin/start.ts"], env);
}

/**
 * Only the web server, started as the launcher starts it (`next start` with the same
 * preloads), for tests that need real HTTP through Next but no worker.
 */
export function startWebServer(env: NodeJS.ProcessEnv): Launcher {
  return startGroup(
    webServerArgs({ processes: Number(env.INTAKE_WEB_PROCESSES ?? 1), port: Number(env.PORT), host: "127.0.0.1" }),
    env,
  );
}

/** A node process leading a new process group, as a shell makes for a foreground job. */
function startGroup(args: string[], env: NodeJS.ProcessEnv): Launcher {
  const child = spawn(process.execPath, args, { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  const group = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // the group is gone already
    }
  };
  return {
    child,
    baseUrl: `http://127.0.0.1:${env.PORT}`,
    output: () => output,
    interruptGroup: () => group("SIGINT"),
    exited,
    kill: () => group("SIGKILL"),
  };
}

/** Waits until /api/health says the database answers (and, unless told otherwise, a worker is online). */
export async function waitForHealthy(
  launcher: Launcher,
  timeoutMs = 120_000,
  options: { worker?: boolean } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (launcher.child.exitCode !== null)
      throw new Error(`The launcher exited during start-up (exit ${launcher.child.exitCode}):\n${launcher.output()}`);
    try {
      const response = await fetch(`${launcher.baseUrl}/api/health`);
      const body = (await response.json()) as { worker?: string };
      if (response.ok && (options.worker === false || body.worker === "online")) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The console did not become healthy within ${timeoutMs / 1000} s:\n${launcher.output()}`);
}

export async function waitForExit(launcher: Launcher, timeoutMs = 90_000): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`The launcher did not exit within ${timeoutMs / 1000} s:\n${launcher.output()}`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([launcher.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Stops an embedded PostgreSQL a killed launcher left behind (clean-up after a failed test). */
export function stopLeftoverPostgres(clusterDir: string): void {
  const pidFile = path.join(clusterDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  try {
    if (pid > 0) process.kill(pid, "SIGINT");
  } catch {
    // not running
  }
}

const cookieHeader = (cookies: Map<string, string>) =>
  [...cookies].map(([name, value]) => `${name}=${value}`).join("; ");

function keepCookies(cookies: Map<string, string>, response: Response): void {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const index = pair!.indexOf("=");
    cookies.set(pair!.slice(0, index), pair!.slice(index + 1));
  }
}

/**
 * Signs in over HTTP the way the sign-in page does, through next-auth's credentials
 * endpoint. Returns the session cookies on success, or next-auth's error text.
 */
export async function signInOverHttp(
  baseUrl: string,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<{ ok: true; cookie: string } | { ok: false; error: string }> {
  const cookies = new Map<string, string>();
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`, { headers });
  keepCookies(cookies, csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded", Cookie: cookieHeader(cookies) },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${baseUrl}/log-sources`, json: "true" }),
  });
  keepCookies(cookies, response);
  const target =
    response.headers.get("location") ?? ((await response.json().catch(() => ({}))) as { url?: string }).url ?? "";
  const error = new URL(target, baseUrl).searchParams.get("error");
  if (error || ![...cookies.keys()].some((name) => name.endsWith("next-auth.session-token"))) {
    return { ok: false, error: error ?? `no session (HTTP ${response.status})` };
  }
  return { ok: true, cookie: cookieHeader(cookies) };
}

/** Who next-auth says the cookie belongs to (null when it is not a valid session). */
export async function sessionUser(baseUrl: string, cookie: string): Promise<{ email: string; name: string } | null> {
  const response = await fetch(`${baseUrl}/api/auth/session`, { headers: { Cookie: cookie } });
  const body = (await response.json()) as { user?: { email: string; name: string } };
  return body.user ?? null;
}

/** Calls a server action over HTTP the way React does; returns the RSC response text. */
export async function callServerAction(
  baseUrl: string,
  actionName: string,
  args: unknown[],
  cookie: string,
): Promise<string> {
  const action = serverActions().find((candidate) => candidate.name === actionName);
  if (!action) throw new Error(`No server action named ${actionName} in the build.`);
  const response = await fetch(`${baseUrl}${action.pagePath}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "Next-Action": action.id,
      "Content-Type": "text/plain;charset=UTF-8",
      Accept: "text/x-component",
      Origin: baseUrl,
      Cookie: cookie,
    },
    body: JSON.stringify(args),
  });
  return response.text();
}
