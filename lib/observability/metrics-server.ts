// `npm run worker`'s metrics: GET /metrics on its own small port (WORKER_METRICS_PORT), plain
// node:http, on loopback unless WORKER_METRICS_HOST says otherwise, and behind METRICS_TOKEN when
// it is set, as the app's /api/metrics. Only that path and method answer; nothing else is served.
import "server-only";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { componentLogger } from "./logger";
import { METRICS_TOKEN_MESSAGE, metricsPage, metricsTokenAccepted, type ScrapeOptions } from "./scrape";

export interface MetricsServer {
  host: string;
  port: number;
  close(): Promise<void>;
}

export interface ListenOptions {
  /** Default loopback: the page names workspaces' activity, so it is not served to the network unasked. */
  host?: string;
  /** When set, requests must send `Authorization: Bearer <token>`. */
  token?: string;
}

export async function startMetricsServer(
  port: number,
  options: ScrapeOptions,
  { host = "127.0.0.1", token }: ListenOptions = {},
): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? "").split("?")[0];
    if (path !== "/metrics") {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain" }).end("method not allowed\n");
      return;
    }
    if (!metricsTokenAccepted(request.headers.authorization, token)) {
      const body = JSON.stringify({ error: { code: "unauthenticated", message: METRICS_TOKEN_MESSAGE } });
      response.writeHead(401, { "content-type": "application/json", "www-authenticate": "Bearer" }).end(body);
      return;
    }
    metricsPage(options).then(
      (page) => {
        response.writeHead(200, { "content-type": page.contentType, "cache-control": "no-store" });
        response.end(request.method === "HEAD" ? undefined : page.body);
      },
      (error: unknown) => {
        componentLogger("metrics").error({ err: error }, "metrics page failed");
        response.writeHead(500, { "content-type": "text/plain" }).end("metrics unavailable\n");
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const bound = server.address() as AddressInfo;
  componentLogger("metrics").info({ host: bound.address, port: bound.port, token: Boolean(token) }, "serving /metrics");
  return {
    host: bound.address,
    port: bound.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
