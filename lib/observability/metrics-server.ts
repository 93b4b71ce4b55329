// `npm run worker`'s metrics: GET /metrics on its own small port (WORKER_METRICS_PORT), plain
// node:http. Only that path and method answer; nothing else is served.
import "server-only";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { componentLogger } from "./logger";
import { metricsPage, type ScrapeOptions } from "./scrape";

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

export async function startMetricsServer(port: number, options: ScrapeOptions, host = "0.0.0.0"): Promise<MetricsServer> {
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
  const bound = (server.address() as AddressInfo).port;
  componentLogger("metrics").info({ port: bound }, "serving /metrics");
  return {
    port: bound,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
