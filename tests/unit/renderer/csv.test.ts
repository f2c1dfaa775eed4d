import { describe, expect, it } from 'vitest';
import { csvCell, csvFileName, toCsv } from '../../../renderer/common/csv';

describe('CSV for spreadsheets', () => {
  // [what, cell value, CSV text]
  const cells: Array<[string, unknown, string]> = [
    ['plain text', 'plain', 'plain'],
    ['nothing', null, ''],
    ['a comma', 'a,b', '"a,b"'],
    ['a semicolon (the separator of many locales)', 'a;b', '"a;b"'],
    ['a tab', 'a\tb', '"a\tb"'],
    ['double quotes', 'say "hi"', '"say ""hi"""'],
    ['a line feed', 'two\nlines', '"two\nlines"'],
    ['a carriage return', 'two\rlines', '"two\rlines"'],
    ['leading space', ' padded', '" padded"'],
    ['an = inside', 'a=b', 'a=b'],
    ['=', '=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
    ['+', '+1', "'+1"],
    ['-', '-2+3', "'-2+3"],
    ['@', '@SUM(A1)', "'@SUM(A1)"],
    ['a leading tab', '\tcmd', `"'\tcmd"`],
    ['a leading CR', '\r=cmd', `"'\r=cmd"`],
    ['a leading LF', '\n=cmd', `"'\n=cmd"`],
    ['full-width ＝', '＝1+1', "'＝1+1"],
    ['full-width ＋', '＋1', "'＋1"],
    ['full-width －', '－1', "'－1"],
    ['full-width ＠', '＠SUM(A1)', "'＠SUM(A1)"],
    ['spaces before =', '  =1+1', "'  =1+1"],
    ['= with a semicolon', '=SUM(1;2)', `"'=SUM(1;2)"`],
    ['full-width = with a comma', '＝HYPERLINK("x","y")', `"'＝HYPERLINK(""x"",""y"")"`],
  ];

  it.each(cells)('writes a cell with %s safely', (_what, value, csv) => {
    expect(csvCell(value)).toBe(csv);
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
