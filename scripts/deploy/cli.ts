import { execFile } from 'node:child_process';
import type { Cli, CliResult } from './steps.ts';

/**
 * Runs a wrangler-compatible CLI as a child process: `command` is the program and its leading
 * arguments (Node and wrangler's entry, or a stand-in in tests); every call gets `--config`.
 */
export function processCli(command: string[], configPath: string, env: NodeJS.ProcessEnv = process.env): Cli {
  const [program, ...prefix] = command;
  return {
    run: (args) =>
      new Promise<CliResult>((resolve) => {
        execFile(
          program,
          [...prefix, ...args, '--config', configPath],
          // CI=true keeps wrangler from prompting (migrations ask for confirmation on a terminal).
          { env: { ...env, CI: 'true', WRANGLER_SEND_METRICS: 'false' }, maxBuffer: 32 * 1024 * 1024 },
          (error, stdout, stderr) => {
            const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
            resolve({ code, stdout: String(stdout), stderr: String(stderr) });
          },
        );
      }),
  };
}
