import { describe, expect, it } from 'vitest';
import { PROGRESS_DELAY_MS, PROGRESS_EVERY_MS, slowProgress } from './slow-progress';

describe('slowProgress', () => {
  it('says nothing for a short phase, then at most a line a second, closing at 100%', () => {
    let clock = 0;
    const lines: string[] = [];
    const quick = slowProgress((text) => lines.push(text), 'reading a.csv', () => clock);
    quick(50, 100);
    clock = PROGRESS_DELAY_MS - 1;
    quick(100, 100);
    expect(lines).toEqual([]);

    clock = 0;
    const slow = slowProgress((text) => lines.push(text), 'evaluating', () => clock);
    clock = PROGRESS_DELAY_MS;
    slow(10, 100);
    clock += PROGRESS_EVERY_MS / 2;
    slow(20, 100);
    clock += PROGRESS_EVERY_MS;
    slow(333, 1000);
    slow(1000, 1000);
    expect(lines).toEqual(['evaluating: 10%', 'evaluating: 33%', 'evaluating: 100%']);
  });
});
