/** The HTTP server: reads the request, sends /_control/* to the control API and the rest to the Rapid7 API. */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { Socket } from "node:net";
import { handleApiRequest } from "./api";
import type { SimulatorControl } from "./control";
import { CONTROL_PREFIX, handleControlRequest } from "./control-http";
import type { SimulatorRuntime } from "./runtime";

const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface SimulatorServer {
  server: Server;
  /** Stops listening and destroys open (keep-alive) connections so close() never hangs. */
  close(): Promise<void>;
}

export function createSimulatorServer(runtime: SimulatorRuntime, control: SimulatorControl): SimulatorServer {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(runtime, control, req, res).catch((error: unknown) => failRequest(res, error));
  });
  server.keepAliveTimeout = 5_000;
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  return {
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        runtime.sleeper.wakeAll();
        for (const socket of sockets) socket.destroy();
      }),
  };
}

async function handle(
  runtime: SimulatorRuntime,
  control: SimulatorControl,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? "/", runtime.origin);
  const body = req.method === "GET" || req.method === "HEAD" ? await drain(req) : await readBody(req);
  if (url.pathname === CONTROL_PREFIX || url.pathname.startsWith(`${CONTROL_PREFIX}/`)) {
    handleControlRequest(control, req.method ?? "GET", url, body, res);
    return;
  }
  await handleApiRequest(runtime, req, res, url, body);
}

async function drain(req: IncomingMessage): Promise<string> {
  for await (const _chunk of req) {
    // Bodies on GET are ignored, but must be consumed for the connection to be reused.
  }
  return "";
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error("request body too large");
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function failRequest(res: ServerResponse, error: unknown): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  const text = JSON.stringify({
    message: "Internal Server Error",
    detail: error instanceof Error ? error.message : String(error),
  });
  res.writeHead(500, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}
