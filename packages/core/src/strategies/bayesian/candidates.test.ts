import { describe, expect, it } from 'vitest';
import { candidateCount, globalCandidateCount, sobolCandidates } from './candidates.ts';

describe('globalCandidateCount', () => {
  it('keeps the full global set up to 10 dimensions, and above them until the model holds 2d observations', () => {
    expect(globalCandidateCount(6, 1000)).toBe(candidateCount(6, 1000));
    expect(globalCandidateCount(10, 100)).toBe(candidateCount(10, 100));
    expect(globalCandidateCount(30, 31)).toBe(7680);
    expect(globalCandidateCount(30, 60)).toBe(7680);
  });

  it('shrinks it to 1,024 above 10 dimensions past 2d observations, the first points of the same sequence', () => {
    expect(globalCandidateCount(30, 61)).toBe(1024);
    expect(globalCandidateCount(20, 100)).toBe(1024);
    expect(globalCandidateCount(11, 2000)).toBe(Math.min(1024, candidateCount(11, 2000)));
    const full = sobolCandidates(30, 7680, 7, 100);
    const shrunk = sobolCandidates(30, 1024, 7, 100);
    expect(Array.from(shrunk)).toEqual(Array.from(full.subarray(0, 1024 * 30)));
  });
});
