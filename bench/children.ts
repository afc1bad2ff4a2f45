// Starting the benchmark's child processes and talking to them. With --pin (and two or more
// cores) the server under test and the client driver are pinned to different cores with
// taskset; by default the scheduler places them, which copes better with other load.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

const TASKSET = '/usr/bin/taskset';

export const canPin = availableParallelism() >= 2 && existsSync(TASKSET);

export interface ChildOptions {
  /** Core to pin the process to (only when `pin` is set and pinning is possible). */
  core: number;
  pin: boolean;
  execArgv?: string[];
}

/** A child process with typed messages both ways. */
export class Child<In extends { type: string }, Out extends { type: string }> {
  private readonly process: ChildProcess;
  private readonly inbox: Out[] = [];
  private wake: (() => void) | null = null;
  private exited: string | null = null;

  constructor(script: string, args: string[], options: ChildOptions) {
    const path = fileURLToPath(new URL(script, import.meta.url));
    const nodeArgs = [...(options.execArgv ?? []), path, ...args];
    const [command, commandArgs] =
      options.pin && canPin
        ? [TASKSET, ['-c', String(options.core), process.execPath, ...nodeArgs]]
        : [process.execPath, nodeArgs];
    this.process = spawn(command, commandArgs, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.process.on('message', (message: Out) => {
      this.inbox.push(message);
      this.wake?.();
    });
    this.process.on('exit', (code, signal) => {
      this.exited = `${script} exited (code ${code}, signal ${signal})`;
      this.wake?.();
    });
  }

  send(message: In): void {
    this.process.send(message);
  }

  /** The next message of `type` (others are dropped), or an error after `timeoutMs`. */
  async next<T extends Out['type']>(
    type: T,
    timeoutMs: number,
  ): Promise<Extract<Out, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const message = this.inbox.shift();
      if (message?.type === type) return message as Extract<Out, { type: T }>;
      if (message) continue;
      if (this.exited) throw new Error(this.exited);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no "${type}" within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  async request<T extends Out['type']>(
    message: In,
    type: T,
    timeoutMs: number,
  ): Promise<Extract<Out, { type: T }>> {
    this.send(message);
    return this.next(type, timeoutMs);
  }

  /** Ends the child (it exits when its IPC channel closes) and waits for it. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    this.process.disconnect();
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}
