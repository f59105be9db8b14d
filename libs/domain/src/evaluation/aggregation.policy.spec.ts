import {
  aggregateProgram,
  aggregateTotals,
  meanCents,
  SheetTotal,
  zScoreNormalize,
} from './aggregation.policy';

const mean = { aggregation: 'MEAN' as const, trimMinSheets: 5 };
const trimmed = { aggregation: 'TRIMMED_MEAN' as const, trimMinSheets: 5 };

describe('aggregation', () => {
  it('takes the mean to two decimals, half-up', () => {
    expect(aggregateTotals([8100, 8200, 8400], mean).baseCents).toBe(8233); // 247 / 3 = 82.333…
    expect(aggregateTotals([8100, 8200, 8450], mean).baseCents).toBe(8250);
    expect(meanCents([1, 2])).toBe(2); // 0.015 → 0.02
  });

  it('keeps a single evaluator as it is', () => {
    expect(aggregateTotals([7350], mean)).toEqual({
      baseCents: 7350,
      sheets: 1,
      usedCents: [7350],
      droppedCents: [],
    });
    expect(aggregateTotals([7350], trimmed).baseCents).toBe(7350);
  });

  it('drops one highest and one lowest total from trimMinSheets sheets on', () => {
    const r = aggregateTotals([9000, 8000, 7000, 6000, 2000], trimmed);
    expect(r).toEqual({
      baseCents: 7000,
      sheets: 5,
      usedCents: [6000, 7000, 8000],
      droppedCents: [2000, 9000],
    });
  });

  it('falls back to the plain mean below trimMinSheets', () => {
    expect(aggregateTotals([9000, 8000, 7000, 2000], trimmed).baseCents).toBe(6500);
    expect(aggregateTotals([9000, 8000, 2000], { ...trimmed, trimMinSheets: 3 }).baseCents).toBe(
      8000,
    );
  });

  it('gives the same score for all-equal totals, trimmed or not', () => {
    expect(aggregateTotals([7500, 7500, 7500, 7500, 7500], trimmed).baseCents).toBe(7500);
    expect(aggregateTotals([7500, 7500, 7500], mean).baseCents).toBe(7500);
  });

  it('drops only one of tied extremes', () => {
    expect(aggregateTotals([9000, 9000, 8000, 6000, 6000], trimmed)).toMatchObject({
      usedCents: [6000, 8000, 9000],
      baseCents: 7667,
    });
  });

  describe('z-score normalization', () => {
    const sheet = (
      sheetId: string,
      evaluatorId: string,
      applicationId: string,
      totalCents: number,
    ): SheetTotal => ({
      sheetId,
      evaluatorId,
      applicationId,
      totalCents,
    });
    // A lenient (90, 80) and a strict (70, 50) evaluator on the same two applications.
    const sheets = [
      sheet('s1', 'lenient', 'app1', 9000),
      sheet('s2', 'lenient', 'app2', 8000),
      sheet('s3', 'strict', 'app1', 7000),
      sheet('s4', 'strict', 'app2', 5000),
    ];

    it('maps each evaluator onto the overall scale (worked by hand)', () => {
      // overall mean 72.5, population sd √218.75 = 14.7902; both evaluators' z are +1 / −1
      const n = zScoreNormalize(sheets, 10_000);
      expect([...n.entries()]).toEqual([
        ['s1', 8729],
        ['s2', 5771],
        ['s3', 8729],
        ['s4', 5771],
      ]);
      const base = aggregateProgram(
        sheets,
        ['app1', 'app2'],
        { ...mean, normalization: 'Z_SCORE' },
        10_000,
      );
      expect(base.get('app1')!.baseCents).toBe(8729);
      expect(base.get('app2')!.baseCents).toBe(5771);
      const raw = aggregateProgram(
        sheets,
        ['app1', 'app2'],
        { ...mean, normalization: 'NONE' },
        10_000,
      );
      expect(raw.get('app1')!.baseCents).toBe(8000);
      expect(raw.get('app2')!.baseCents).toBe(6500);
    });

    it('keeps raw totals of an evaluator with one sheet or no spread', () => {
      const n = zScoreNormalize(
        [
          ...sheets,
          sheet('s5', 'once', 'app3', 4000),
          sheet('s6', 'flat', 'app1', 6000),
          sheet('s7', 'flat', 'app2', 6000),
        ],
        10_000,
      );
      expect(n.get('s5')).toBe(4000);
      expect(n.get('s6')).toBe(6000);
      expect(n.get('s7')).toBe(6000);
    });

    it('clamps to the scale', () => {
      // overall 100, 0, 100, 100: mean 75, sd 43.30; the spread evaluator's 100 maps to 118.30
      const n = zScoreNormalize(
        [
          sheet('a', 'spread', 'x', 10_000),
          sheet('b', 'spread', 'y', 0),
          sheet('c', 'flat', 'x', 10_000),
          sheet('d', 'flat', 'y', 10_000),
        ],
        10_000,
      );
      expect(n.get('a')).toBe(10_000);
      expect(n.get('b')).toBe(3170);
    });
  });

  it('aggregates only the asked applications and skips those without sheets', () => {
    const r = aggregateProgram(
      [{ sheetId: 's', evaluatorId: 'e', applicationId: 'a', totalCents: 5000 }],
      ['a', 'b'],
      { ...mean, normalization: 'NONE' },
      10_000,
    );
    expect([...r.keys()]).toEqual(['a']);
  });
});
