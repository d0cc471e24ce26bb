/**
 * CPU time of running processes from /proc (Linux): how the cost benchmark meters workerd.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

export interface ProcStat {
  pid: number;
  comm: string;
  processGroup: number;
  /** User + system time, clock ticks. */
  cpuTicks: number;
}

/** One /proc/<pid>/stat line. The command name is in parentheses and may hold spaces or parentheses. */
export function parseProcStat(line: string): ProcStat {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error(`not a /proc stat line: ${line.slice(0, 80)}`);
  // After the name: state, ppid, pgrp, session, tty_nr, tpgid, flags, minflt, cminflt, majflt, cmajflt, utime, stime.
  const rest = line.slice(close + 2).split(' ');
  return {
    pid: Number(line.slice(0, open).trim()),
    comm: line.slice(open + 1, close),
    processGroup: Number(rest[2]),
    cpuTicks: Number(rest[11]) + Number(rest[12]),
  };
}

let ticksPerSecond: number | undefined;

/** CPU ms used so far by the live processes named `comm` in a process group. */
export function processGroupCpuMs(processGroup: number, comm: string): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: ProcStat;
    try {
      stat = parseProcStat(readFileSync(`/proc/${entry}/stat`, 'utf8'));
    } catch {
      continue; // exited while we looked
    }
    if (stat.processGroup === processGroup && stat.comm === comm) ticks += stat.cpuTicks;
  }
  return (ticks * 1000) / ticksPerSecond;
}
