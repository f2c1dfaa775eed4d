import { describe, expect, it } from 'vitest';
import { csvCell, csvFileName, toCsv } from '../../../renderer/common/csv';

describe('CSV for spreadsheets', () => {
  it('quotes separators, quotes and line breaks', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
  });

  it('neutralises cells a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('writes a header and CRLF-terminated rows', () => {
    expect(
      toCsv(
        ['Host', 'User'],
        [
          ['web01', 'alice'],
          ['db, prod', '=x'],
        ],
      ),
    ).toBe('Host,User\r\nweb01,alice\r\n"db, prod",\'=x\r\n');
  });

  it('names files with a sortable timestamp', () => {
    expect(csvFileName('pam-active-sessions', new Date(2026, 10, 26, 8, 5))).toBe(
      'pam-active-sessions-2026-11-26-0805.csv',
    );
  });
});

import { compareIso } from '../../../renderer/common/formatDate';

describe('timestamp order', () => {
  it('orders by instant, whatever the offset, with missing values last', () => {
    expect(compareIso('2026-11-26T08:00:00.000Z', '2026-11-26T09:00:00.000Z')).toBe(-1);
    expect(compareIso('2026-11-26T10:00:00+02:00', '2026-11-26T09:00:00.000Z')).toBe(-1);
    expect(compareIso(null, '2026-11-26T09:00:00.000Z')).toBe(1);
    expect(compareIso('2026-11-26T09:00:00.000Z', '2026-11-26T09:00:00.000Z')).toBe(0);
  });
});
