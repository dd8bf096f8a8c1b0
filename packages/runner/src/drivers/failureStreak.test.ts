import { describe, expect, it } from 'vitest';
import { describeFailureStreak, failureGist } from './failureStreak.ts';

const crash = (lines: string[]): string =>
  `exited with code 1; last lines of its output:\n${lines.map((line) => `  ${line}`).join('\n')}`;

describe('failure streak', () => {
  it("takes a crash's last quoted line as its gist, and other reasons' first line", () => {
    expect(
      failureGist(
        crash(['Traceback (most recent call last):', "ModuleNotFoundError: No module named 'xgboost'"]),
      ),
    ).toBe("ModuleNotFoundError: No module named 'xgboost'");
    expect(failureGist('exited with code 3; it printed nothing')).toBe(
      'exited with code 3; it printed nothing',
    );
    expect(failureGist('metric loss never matched; closest lines:\n  lss=1')).toBe(
      'metric loss never matched; closest lines:',
    );
    expect(failureGist('x'.repeat(500))).toHaveLength(163);
  });

  it('groups the reasons by gist, most frequent first, whatever else differs between them', () => {
    const missing = "ModuleNotFoundError: No module named 'xgboost'";
    expect(
      describeFailureStreak([
        crash(['  File "train.py", line 3', missing]),
        'exited with code 3; it printed nothing',
        crash(['  File "train.py", line 7', missing]),
        crash([missing]),
      ]),
    ).toBe(
      `4 trials failed in a row: 3 x "ModuleNotFoundError: No module named 'xgboost'", 1 x "exited with code 3; it printed nothing"`,
    );
  });
});
