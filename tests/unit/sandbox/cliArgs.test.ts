import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../../sandbox/cliArgs';

describe('sandbox command-line options', () => {
  it('defaults to HTTPS, a free port and ./.sandbox-data', () => {
    expect(parseCliArgs([], '/repo')).toEqual({
      help: false,
      port: 0,
      sshPort: 0,
      rdpPort: 0,
      http: false,
      dataDir: path.resolve('/repo', '.sandbox-data'),
      seedActive: 0,
      seedHistorical: 0,
      autoLoginMs: null,
      shapes: 'sandbox',
      pageCap: null,
      recordsTotal: true,
    });
  });

  it('reads every option', () => {
    const options = parseCliArgs(
      [
        '--port',
        '6500',
        '--ssh-port',
        '6522',
        '--rdp-port',
        '6589',
        '--http',
        '--data',
        'demo',
        '--seed-sessions',
        '10000',
        '--seed-historical',
        '100000',
        '--auto-login',
        '20',
        '--shapes',
        'published',
        '--page-cap',
        '3',
        '--no-records-total',
      ],
      '/repo',
    );
    expect(options).toEqual({
      help: false,
      port: 6500,
      sshPort: 6522,
      rdpPort: 6589,
      http: true,
      dataDir: path.resolve('/repo', 'demo'),
      seedActive: 10_000,
      seedHistorical: 100_000,
      autoLoginMs: 20_000,
      shapes: 'published',
      pageCap: 3,
      recordsTotal: false,
    });
    expect(parseCliArgs(['--memory'], '/repo').dataDir).toBeNull();
    expect(parseCliArgs(['--help'], '/repo').help).toBe(true);
  });

  it.each([
    [['--port', '70000']],
    [['--port', '-1']],
    [['--seed-sessions', 'many']],
    [['--memory', '--data', 'x']],
    [['--unknown']],
    [['positional']],
    [['--shapes', 'real']],
    [['--page-cap', '5']],
    [['--shapes', 'published', '--page-cap', '0']],
    [['--no-records-total']],
  ])('rejects %j', (args) => {
    expect(() => parseCliArgs(args, '/repo')).toThrow();
  });
});
