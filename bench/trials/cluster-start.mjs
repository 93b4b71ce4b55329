// A trial: `next start` in N processes sharing one port (node:cluster, round robin), for
// `bench:api --workers N`. Each worker runs Next, its instrumentation (its own metering
// consumer, jobs and caches) as a single `next start` would. Not how the app is deployed.
import cluster from "node:cluster";
import path from "node:path";
import { pathToFileURL } from "node:url";

if (cluster.isPrimary) {
  const workers = Number(process.env.BENCH_WORKERS || 2);
  let stopping = false;
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on("exit", (worker, code, signal) => {
    if (!stopping) {
      console.error(`worker ${worker.process.pid} exited (${signal ?? code}); stopping`);
      process.exit(1);
    }
  });
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.on(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers)) worker.process.kill(signal);
      setTimeout(() => process.exit(0), 5000).unref();
      cluster.on("exit", () => Object.keys(cluster.workers).length === 0 && process.exit(0));
    });
  }
} else {
  // process.argv[2…] is what `next start` was given (start -p PORT -H HOST).
  await import(pathToFileURL(path.resolve("node_modules/next/dist/bin/next")).href);
}
