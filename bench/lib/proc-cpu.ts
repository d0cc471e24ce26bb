/**
 * CPU time of running processes from /proc (Linux): how the cost and load benchmarks meter workerd.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

export interface ProcStat {
  pid: number;
  comm: string;
  processGroup: number;
  /** When the process started, clock ticks after boot: a pid reused later starts later. */
  startTicks: number;
  /** User + system time, clock ticks. */
  cpuTicks: number;
}

/** One /proc/<pid>/stat line. The command name is in parentheses and may hold spaces or parentheses. */
export function parseProcStat(line: string): ProcStat {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error(`not a /proc stat line: ${line.slice(0, 80)}`);
  // After the name, from field 3 (state) on: utime and stime are fields 14 and 15, starttime 22.
  const rest = line.slice(close + 2).split(' ');
  return {
    pid: Number(line.slice(0, open).trim()),
    comm: line.slice(open + 1, close),
    processGroup: Number(rest[2]),
    startTicks: Number(rest[19]),
    cpuTicks: Number(rest[11]) + Number(rest[12]),
  };
}

/**
 * A running total of CPU ticks over successive samples of a set of processes. A process that
 * has exited (workerd restarted, say) keeps what it used when last sampled, so the total never
 * goes back: summing only the live processes, as a plain sample does, can.
 */
export function tickCounter(): (sample: ProcStat[]) => number {
  const lastSeen = new Map<string, number>();
  return (sample) => {
    for (const stat of sample) lastSeen.set(`${stat.pid}@${stat.startTicks}`, stat.cpuTicks);
    let total = 0;
    for (const ticks of lastSeen.values()) total += ticks;
    return total;
  };
}

let ticksPerSecond: number | undefined;

/** The live processes named `comm` in a process group. */
function groupSample(processGroup: number, comm: string): ProcStat[] {
  const sample: ProcStat[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: ProcStat;
    try {
      stat = parseProcStat(readFileSync(`/proc/${entry}/stat`, 'utf8'));
    } catch {
      continue; // exited while we looked
    }
    if (stat.processGroup === processGroup && stat.comm === comm) sample.push(stat);
  }
  return sample;
}

/**
 * CPU ms used so far by the processes named `comm` in a process group, those that have exited
 * included as of the last call that saw them: call it often enough that none goes unseen for long.
 */
export function processGroupCpuMeter(processGroup: number, comm: string): () => number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  const count = tickCounter();
  return () => (count(groupSample(processGroup, comm)) * 1000) / ticksPerSecond!;
}
