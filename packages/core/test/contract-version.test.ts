import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { caretIncludesContract } from '../src/contract/version.js';

const NUMBERS = [0, 1, 2, 3, 10];
const versions = NUMBERS.flatMap((a) => NUMBERS.flatMap((b) => NUMBERS.map((c) => `${a}.${b}.${c}`)));

describe('the contract check without semver (caretIncludesContract)', () => {
  it('never says yes where semver says no, for every caret range and version of small numbers', () => {
    let answered = 0;
    for (const low of versions) {
      for (const version of versions) {
        const fast = caretIncludesContract(`^${low}`, version);
        if (fast) answered += 1;
        const slow = semver.satisfies(version, `^${low}`);
        // Majors of 1 and more are answered exactly; the rest is left to semver (false).
        expect(fast, `^${low} vs ${version}`).toBe(low.startsWith('0.') ? false : slow);
      }
    }
    expect(answered).toBeGreaterThan(1000);
  });

  it('leaves every other form of range to semver', () => {
    for (const range of [
      '~1.0.0',
      '>=1.0.0',
      '^1.0',
      '^1',
      '1.x',
      '^01.0.0',
      ' ^1.0.0',
      '^1.0.0 || ^2.0.0',
      '^1.0.0-beta.1',
      '^99999999999999999999.0.0',
    ]) {
      expect(caretIncludesContract(range, '1.0.0'), range).toBe(false);
    }
  });
});
