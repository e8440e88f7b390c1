import { describe, expect, it } from 'vitest';
import { auditCsvRow, csvCell } from './audit-csv.js';

describe('csvCell', () => {
  it.each([
    ['plain', '"plain"'],
    ['=1+1', `"'=1+1"`],
    ['+1', `"'+1"`],
    ['-1', `"'-1"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\tx', `"'\tx"`],
    ['a "quoted", word', '"a ""quoted"", word"'],
    ['line\nbreak', '"line\nbreak"'],
    ['', '""'],
  ])('%j → %s', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });
});

describe('auditCsvRow', () => {
  it('writes the columns in header order, empty for nulls, details as JSON', () => {
    const row = auditCsvRow({
      id: 'x',
      createdAt: new Date('2026-12-01T00:00:00Z'),
      actorUserId: null,
      actorName: 'agent:edge-1',
      actorKind: 'agent',
      action: 'cluster.register',
      targetType: 'cluster',
      targetId: null,
      details: { name: 'edge-1' },
      ip: null,
      userAgent: null,
    });
    expect(row).toBe('"2026-12-01T00:00:00.000Z","agent:edge-1","agent","cluster.register","cluster","","","","{""name"":""edge-1""}"\r\n');
  });
});
