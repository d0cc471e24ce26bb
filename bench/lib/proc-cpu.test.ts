import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProcStat, processGroupCpuMs } from './proc-cpu.ts';

describe('parseProcStat', () => {
  it('reads pid, name, process group and user + system ticks', () => {
    const line = '4242 (workerd) S 4200 4100 4100 0 -1 4194560 9 0 0 0 150 25 0 0 20 0 9 0 1 2 3';
    expect(parseProcStat(line)).toEqual({ pid: 4242, comm: 'workerd', processGroup: 4100, cpuTicks: 175 });
  });

  it('reads a name with spaces and parentheses', () => {
    expect(parseProcStat('7 (a (b) c) R 1 7 7 0 -1 0 0 0 0 0 3 4 0').comm).toBe('a (b) c');
  });

  it('rejects what is not a stat line', () => {
    expect(() => parseProcStat('nonsense')).toThrow();
  });
});

describe('processGroupCpuMs', () => {
  it("counts this process's own CPU time by its group and name", () => {
    const start = Date.now();
    while (Date.now() - start < 60); // burn a little CPU
    const self = parseProcStat(readFileSync(`/proc/${process.pid}/stat`, 'utf8'));
    expect(processGroupCpuMs(self.processGroup, self.comm)).toBeGreaterThan(0);
    expect(processGroupCpuMs(self.processGroup, 'no-such-process')).toBe(0);
    // No process group has this id (Linux pids stop at 2^22): only the named group counts.
    expect(processGroupCpuMs(2 ** 30, self.comm)).toBe(0);
  });
});
