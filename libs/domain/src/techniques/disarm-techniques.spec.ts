import { DomainError } from '../core/errors';
import { DISARM_TECHNIQUES, disarmTechnique, normaliseTechniques } from './disarm-techniques';

describe('DISARM techniques', () => {
  it('ships the Red Framework: techniques and sub-techniques with their tactic', () => {
    expect(DISARM_TECHNIQUES.length).toBeGreaterThan(300);
    expect(disarmTechnique('T0022')).toEqual({
      id: 'T0022',
      name: 'Leverage Conspiracy Theory Narratives',
      tactic: 'TA14',
    });
    expect(disarmTechnique('T0022.001')?.tactic).toBe('TA14');
    for (const t of DISARM_TECHNIQUES) {
      expect(t.id).toMatch(/^T\d{4}(\.\d{3})?$/);
      expect(t.tactic).toMatch(/^TA\d{2}$/);
    }
    // Countermeasures belong to the Blue Framework, not here.
    expect(DISARM_TECHNIQUES.some((t) => t.id.startsWith('C'))).toBe(false);
  });

  it('keeps known ids, upper-cased, once each, in order', () => {
    expect(normaliseTechniques(['t0022.001', 'T0002', 'T0022.001 '])).toEqual(['T0022.001', 'T0002']);
    expect(normaliseTechniques(undefined)).toEqual([]);
  });

  it('refuses an unknown id naming its place', () => {
    const refuse = () => normaliseTechniques(['T0002', 'T9999']);
    expect(refuse).toThrow(DomainError);
    try {
      refuse();
    } catch (error) {
      expect((error as DomainError).details).toEqual([
        { field: 'techniques[1]', message: 'T9999 is not a DISARM Red Framework technique' },
      ]);
    }
    expect(() => normaliseTechniques(['C00006'])).toThrow(/techniques\[0\]/);
  });
});
