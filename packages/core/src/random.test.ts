import { describe, expect, it } from 'vitest';
import { ValueError } from './errors';
import { RandomState } from './random';

describe('RandomState', () => {
  it('reproduces numpy for seed 1 (np.random.seed(1); rand(3); randn(3); permutation(10))', () => {
    // Printed by numpy 2.4.6 with repr(); the full comparison lives in random.fixtures.test.ts.
    const rng = new RandomState(1);
    expect(Array.from(rng.rand(1, 3).data)).toEqual([0.417022004702574, 0.7203244934421581, 0.00011437481734488664]);
    expect(Array.from(rng.randn(1, 3).data)).toEqual([-0.8021728386486427, -0.4488778077207725, -1.1059350760083153]);
    expect(rng.permutation(10)).toEqual([1, 7, 0, 3, 8, 9, 5, 6, 4, 2]);
  });

  it('snapshots and restores the full state, including the cached normal draw', () => {
    const rng = new RandomState(7);
    rng.randn(1, 3); // odd count: one normal value is cached
    const snapshot = rng.getState();
    const expected = [rng.randn(1, 5).data, rng.rand(1, 2).data, rng.permutation(6)];
    const other = new RandomState(0);
    other.setState(JSON.parse(JSON.stringify(snapshot)));
    expect([other.randn(1, 5).data, other.rand(1, 2).data, other.permutation(6)]).toEqual(expected);
  });

  it('seed() restarts the stream and forgets the cached normal draw', () => {
    const a = new RandomState(3);
    a.randn(1, 1);
    a.seed(3);
    expect(a.randn(1, 4).data).toEqual(new RandomState(3).randn(1, 4).data);
  });

  it('shuffle permutes in place and keeps every element', () => {
    const items = ['a', 'b', 'c', 'd', 'e', 'f'];
    new RandomState(0).shuffle(items);
    expect([...items].sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(new RandomState(0).permutation(0)).toEqual([]);
    expect(new RandomState(0).permutation(1)).toEqual([0]);
  });

  it('rejects seeds outside numpy’s range and malformed states', () => {
    expect(() => new RandomState(-1)).toThrow(ValueError);
    expect(() => new RandomState(2 ** 32)).toThrow('between 0 and 2**32 - 1');
    expect(() => new RandomState(1.5)).toThrow(ValueError);
    expect(() => new RandomState(0).permutation(-2)).toThrow(ValueError);
    expect(() => new RandomState(0).setState({ key: [1, 2], pos: 0, hasGauss: false, gauss: 0 })).toThrow('624');
  });
});
