import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProcStat, processGroupCpuMeter, tickCounter, type ProcStat } from './proc-cpu.ts';

describe('parseProcStat', () => {
  it('reads pid, name, process group, start time and user + system ticks', () => {
    const line = '4242 (workerd) S 4200 4100 4100 0 -1 4194560 9 0 0 0 150 25 0 0 20 0 9 0 31337 2 3';
    expect(parseProcStat(line)).toEqual({ pid: 4242, comm: 'workerd', processGroup: 4100, startTicks: 31337, cpuTicks: 175 });
  });

  it('reads a name with spaces and parentheses', () => {
    expect(parseProcStat('7 (a (b) c) R 1 7 7 0 -1 0 0 0 0 0 3 4 0').comm).toBe('a (b) c');
  });

  it('rejects what is not a stat line', () => {
    expect(() => parseProcStat('nonsense')).toThrow();
  });
});

describe('tickCounter', () => {
  const proc = (pid: number, startTicks: number, cpuTicks: number): ProcStat => ({ pid, comm: 'workerd', processGroup: 1, startTicks, cpuTicks });

  it('never goes back when a process exits: it keeps what the process used when last seen', () => {
    const count = tickCounter();
    expect(count([proc(10, 500, 100), proc(11, 600, 50)])).toBe(150);
    // pid 11 restarted as pid 12: a plain sum of the live processes would drop to 120 + 5.
    expect(count([proc(10, 500, 120), proc(12, 900, 5)])).toBe(175);
    expect(count([])).toBe(175);
  });

  it('counts a reused pid as a new process', () => {
    const count = tickCounter();
    expect(count([proc(10, 500, 100)])).toBe(100);
    expect(count([proc(10, 800, 7)])).toBe(107);
  });
});

describe('processGroupCpuMeter', () => {
  it("counts this process's own CPU time by its group and name", () => {
    const self = parseProcStat(readFileSync(`/proc/${process.pid}/stat`, 'utf8'));
    const meter = processGroupCpuMeter(self.processGroup, self.comm);
    const before = meter();
    const start = Date.now();
    while (Date.now() - start < 60); // burn a little CPU
    expect(before).toBeGreaterThan(0);
    expect(meter()).toBeGreaterThan(before);
    expect(processGroupCpuMeter(self.processGroup, 'no-such-process')()).toBe(0);
    // No process group has this id (Linux pids stop at 2^22): only the named group counts.
    expect(processGroupCpuMeter(2 ** 30, self.comm)()).toBe(0);
  });
});
