// `npm run worker` as a child process the test can SIGKILL: started in its own process group (so a
// kill reaches tsx and the node process it runs), "started" awaited from its log, and nothing left
// running when the test file ends. Needs PostgreSQL (the worker refuses the embedded database).
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** The same command `npm run worker` runs (`tsx scripts/worker.ts`), without npm/npx in between. */
const TSX_CLI = fileURLToPath(new URL("../../node_modules/tsx/dist/cli.mjs", import.meta.url));

export interface WorkerProcess {
  name: string;
  pid: number;
  child: ChildProcess;
  output(): string;
  /** Resolves once the jobs have logged "started"; rejects if the process exits first. */
  started: Promise<void>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<WorkerProcess>();

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

export function killAllWorkers(): void {
  for (const worker of running) signalGroup(worker.pid, "SIGKILL");
  running.clear();
}
process.on("exit", killAllWorkers); // last resort if the test process dies without its afterAll

export function startWorker(name: string, env: Record<string, string> = {}): WorkerProcess {
  const url = new URL(process.env.DATABASE_URL!);
  url.searchParams.set("application_name", name);
  const child = spawn(process.execPath, [TSX_CLI, "--conditions=react-server", "scripts/worker.ts"], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, DATABASE_URL: url.toString(), NODE_ENV: "test", LOG_LEVEL: "info", ...env },
  });
  if (child.pid === undefined) throw new Error(`could not start worker ${name}`);
  let output = "";
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-50_000);
  };
  child.stdout!.on("data", append);
  child.stderr!.on("data", append);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const started = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker ${name} did not start within 30 s:\n${output}`)), 30_000);
    const check = () => {
      if (!/"component":"jobs".*"message":"started"|"message":"started".*"component":"jobs"/.test(output)) return;
      clearTimeout(timer);
      child.stdout!.off("data", check);
      resolve();
    };
    child.stdout!.on("data", check);
    void exit.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`worker ${name} exited (code ${code}, signal ${signal}) before starting:\n${output}`));
    });
  });
  started.catch(() => {});
  const worker: WorkerProcess = { name, pid: child.pid, child, output: () => output, started, exit };
  running.add(worker);
  return worker;
}

/** SIGKILL to the whole group, then waits for the process to be gone. */
export async function killWorker(worker: WorkerProcess): Promise<void> {
  signalGroup(worker.pid, "SIGKILL");
  running.delete(worker);
  await worker.exit;
}

/** The worker's log lines at level error (50) or above. */
export function workerErrors(worker: WorkerProcess): string[] {
  return worker
    .output()
    .split("\n")
    .filter((line) => /"level":(50|60)/.test(line));
}
