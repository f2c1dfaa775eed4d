import { describe, expect, it } from 'vitest';
import { isPamError } from '../../../main/errors/pamError';
import { parseOrRefuse } from '../../../main/launch/launchRefusal';
import { SshUrlRefused } from '../../../main/launch/ssh/sshUrl';

describe('parseOrRefuse', () => {
  it('passes the parsed value through and reports nothing', () => {
    const reasons: string[] = [];
    expect(
      parseOrRefuse(
        () => 42,
        SshUrlRefused,
        (reason) => reasons.push(reason),
      ),
    ).toBe(42);
    expect(reasons).toEqual([]);
  });

  it('turns the parser’s refusal into launch_refused with its sentence, reported once', () => {
    const reasons: string[] = [];
    let thrown: unknown;
    try {
      parseOrRefuse(
        () => {
          throw new SshUrlRefused('is empty');
        },
        SshUrlRefused,
        (reason) => reasons.push(reason),
      );
    } catch (error) {
      thrown = error;
    }
    expect(isPamError(thrown) && thrown.code).toBe('launch_refused');
    expect((thrown as Error).message).toBe(
      "PAM Desk did not start the SSH connection: the server's SSH address is empty.",
    );
    expect(reasons).toEqual([(thrown as Error).message]);
  });

  it('lets any other error through untouched, without reporting a refusal', () => {
    const reasons: string[] = [];
    const bug = new TypeError('a bug');
    expect(() =>
      parseOrRefuse(
        () => {
          throw bug;
        },
        SshUrlRefused,
        (reason) => reasons.push(reason),
      ),
    ).toThrow(bug);
    expect(reasons).toEqual([]);
  });
});
