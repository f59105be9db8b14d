import { csvSafeCell } from './csv';

describe('csvSafeCell', () => {
  it('quotes cells a spreadsheet would read as formulas', () => {
    for (const v of ['=1+1', '+82', '-5', '@SUM(A1)', '\tx', '\rx'])
      expect(csvSafeCell(v)).toBe(`'${v}`);
  });
  it('leaves other text as it is', () => {
    for (const v of ['(주)데이터', 'a=b', '', '1-2']) expect(csvSafeCell(v)).toBe(v);
  });
});
