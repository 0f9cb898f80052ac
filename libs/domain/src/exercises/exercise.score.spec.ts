import { scoreExercise, type ScoredCell } from './exercise.score';
import type { Expectation } from './scenario.model';

/** Cells are timed in scenario seconds; the tests write scenario minutes. */
const min = (minutes: number): number => minutes * 60;
const cast = { vs: 'videoshare', cc: 'clipcast' };

const cell = (
  platformKey: string,
  createdAt: number,
  ack: number | null,
  act: number | null,
): ScoredCell => ({
  platformKey,
  createdAt: min(createdAt),
  acknowledgedAt: ack === null ? null : min(ack),
  actedAt: act === null ? null : min(act),
});

const both: Expectation = { platform: 'vs', acknowledgeWithinSeconds: 15 * 60, actWithinSeconds: 60 * 60 };

describe('scoreExercise', () => {
  it('meets expectations done in time, with one entry per kind, keyed by platform key', () => {
    const score = scoreExercise([both], [cell('videoshare', 0, 4, 9)], true, cast);
    expect(score).toEqual({
      overall: 100,
      expectations: [
        { platformKey: 'videoshare', kind: 'acknowledge', withinMinutes: 15, actualMinutes: 4, met: true },
        { platformKey: 'videoshare', kind: 'act', withinMinutes: 60, actualMinutes: 9, met: true },
      ],
    });
  });

  it('misses expectations done too late', () => {
    const score = scoreExercise([both], [cell('videoshare', 10, 51, 105)], true, cast);
    expect(score.expectations.map((e) => [e.kind, e.actualMinutes, e.met])).toEqual([
      ['acknowledge', 41, false],
      ['act', 95, false],
    ]);
    expect(score.overall).toBe(0);
  });

  it('counts exactly on the deadline as met', () => {
    const score = scoreExercise([both], [cell('videoshare', 0, 15, 60)], true, cast);
    expect(score.expectations.every((e) => e.met)).toBe(true);
  });

  it('judges the slowest cell of the platform', () => {
    const cells = [
      cell('videoshare', 0, 2, 5),
      cell('videoshare', 20, 40, 50),
      cell('videoshare', 30, 33, 35),
      cell('clipcast', 0, 1, 1),
    ];
    const score = scoreExercise([both], cells, true, cast);
    expect(score.expectations.map((e) => [e.kind, e.actualMinutes, e.met])).toEqual([
      ['acknowledge', 20, false],
      ['act', 30, true],
    ]);
    expect(score.overall).toBe(50);
  });

  it('fails what was never done once the run is finished', () => {
    const cells = [cell('videoshare', 0, 3, 8), cell('videoshare', 5, 7, null)];
    const score = scoreExercise([both], cells, true, cast);
    expect(score.expectations.map((e) => [e.kind, e.actualMinutes, e.met])).toEqual([
      ['acknowledge', 3, true],
      ['act', null, false],
    ]);
  });

  it('judges a running exercise on what is done so far', () => {
    const cells = [cell('videoshare', 0, 3, 8), cell('videoshare', 5, 7, null)];
    const running = scoreExercise([both], cells, false, cast);
    expect(running.expectations.map((e) => [e.kind, e.actualMinutes, e.met])).toEqual([
      ['acknowledge', 3, true],
      ['act', 8, true],
    ]);
    const nothingYet = scoreExercise([both], [cell('videoshare', 0, null, null)], false, cast);
    expect(nothingYet.expectations.map((e) => [e.actualMinutes, e.met])).toEqual([
      [null, false],
      [null, false],
    ]);
  });

  it('counts an outcome without an acknowledgement as both', () => {
    const score = scoreExercise([both], [cell('videoshare', 0, null, 12)], true, cast);
    expect(score.expectations.map((e) => [e.kind, e.actualMinutes, e.met])).toEqual([
      ['acknowledge', 12, true],
      ['act', 12, true],
    ]);
  });

  it('fails a platform that had no cell at all', () => {
    const score = scoreExercise([both], [cell('clipcast', 0, 1, 2)], true, cast);
    expect(score.expectations.map((e) => [e.platformKey, e.actualMinutes, e.met])).toEqual([
      ['videoshare', null, false],
      ['videoshare', null, false],
    ]);
  });

  it('rounds the overall share of checks met', () => {
    const expectations: Expectation[] = [both, { platform: 'cc', actWithinSeconds: 60 * 60 }];
    const cells = [cell('videoshare', 0, 12, 30), cell('clipcast', 0, 30, 90)];
    const score = scoreExercise(expectations, cells, true, cast);
    expect(score.expectations.map((e) => [e.platformKey, e.kind, e.actualMinutes, e.met])).toEqual([
      ['videoshare', 'acknowledge', 12, true],
      ['videoshare', 'act', 30, true],
      ['clipcast', 'act', 90, false],
    ]);
    expect(score.overall).toBe(67);
  });

  it('scores 100 when nothing is expected', () => {
    expect(scoreExercise([], [cell('videoshare', 0, null, null)], true, cast)).toEqual({
      overall: 100,
      expectations: [],
    });
  });
});
