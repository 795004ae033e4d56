import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait-for.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface RunningService {
  name: string;
  port: number;
  process: ChildProcess;
  output: string[];
  /** Resolves with the exit code or signal. */
  exited: Promise<string>;
}

/** Starts apps/<app>/src/main.ts as its own process (as in production) and waits for /readyz. */
export async function startService(app: string, env: Record<string, string>, readyTimeoutMs = 90_000): Promise<RunningService> {
  const port = Number(env['HTTP_PORT'] ?? (await freePort()));
  // e.g. AUTHWATCH_SERVICE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the services of a bench.
  const nodeArgs = (process.env['AUTHWATCH_SERVICE_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', `apps/${app}/src/main.ts`], {
    cwd: repoRoot,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, HTTP_HOST: '127.0.0.1', HTTP_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<string>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? String(code))));
  let exitedEarly = false;
  void exited.then(() => (exitedEarly = true));
  await waitFor(
    async () => {
      if (exitedEarly) throw new Error(`${app} exited during start:\n${output.join('').slice(-3000)}`);
      const response = await fetch(`http://127.0.0.1:${port}/readyz`);
      return response.ok;
    },
    { timeoutMs: readyTimeoutMs, intervalMs: 250, what: `${app} to be ready` },
  ).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  return { name: app, port, process: child, output, exited };
}

export async function stopService(service: RunningService, signal: NodeJS.Signals = 'SIGTERM'): Promise<string> {
  if (service.process.exitCode !== null || service.process.signalCode !== null) return service.exited;
  service.process.kill(signal);
  return service.exited;
}
