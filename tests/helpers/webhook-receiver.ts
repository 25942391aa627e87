import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type Received = { path: string; headers: IncomingHttpHeaders; body: string };
export type Reply = { status: number; headers?: Record<string, string>; body?: string; hang?: boolean };

/** A webhook receiver: records every request and answers from a script per path (200 once the script runs out). */
export class Receiver {
  readonly requests: Received[] = [];
  private readonly scripts = new Map<string, Reply[]>();
  private server!: Server;
  origin = "";

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const path = request.url ?? "/";
        this.requests.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
        const reply = this.scripts.get(path)?.shift() ?? { status: 200, body: "ok" };
        if (reply.hang) return;
        response.writeHead(reply.status, reply.headers);
        response.end(reply.body ?? "");
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  script(path: string, replies: Reply[]): string {
    this.scripts.set(path, [...replies]);
    return `${this.origin}${path}`;
  }

  to(path: string): Received[] {
    return this.requests.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
