import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accurateLog } from './log';

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/log.json', import.meta.url), 'utf8')) as {
  cases: [number, number, number][];
  libm_misrounded: number;
};

describe('accurateLog', () => {
  it('is correctly rounded on every reference input (decimal, 60 digits)', () => {
    const wrong = fixture.cases.filter(([x, exact]) => accurateLog(x) !== exact);
    expect(wrong).toEqual([]);
  });

  it('is closer to the C library log than Math.log is', () => {
    let ours = 0;
    let mathLog = 0;
    for (const [x, , libm] of fixture.cases) {
      if (accurateLog(x) !== libm) ours++;
      if (Math.log(x) !== libm) mathLog++;
    }
    // ours differs from libm only where libm itself misrounds
    expect(ours).toBe(fixture.libm_misrounded);
    expect(ours).toBeLessThan(mathLog);
    console.log(`[log] differs from the C library on ${ours} of ${fixture.cases.length} inputs (Math.log: ${mathLog})`);
  });

  it('follows Math.log for 0, negative, NaN and Infinity', () => {
    expect(accurateLog(0)).toBe(-Infinity);
    expect(accurateLog(-1)).toBeNaN();
    expect(accurateLog(Number.NaN)).toBeNaN();
    expect(accurateLog(Infinity)).toBe(Infinity);
    expect(accurateLog(1)).toBe(0);
  });
});
