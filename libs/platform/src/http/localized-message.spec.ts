import { localizedMessage } from './http-exception.filter';

describe("an error's localized message", () => {
  it('words the common codes in the language asked', () => {
    const body = (code: string | undefined, statusCode: number, details: unknown[] = []) => ({
      statusCode,
      error: '',
      message: 'english',
      code,
      details,
    });
    expect(localizedMessage(body('NOT_FOUND', 404), 'fr')).toBe('L’objet demandé est introuvable.');
    expect(localizedMessage(body('NOT_A_PARTICIPANT', 403), 'de')).toBe(
      'Ihre Organisation ist an diesem Vorfall nicht beteiligt.',
    );
    expect(localizedMessage(body('ILLEGAL_TRANSITION', 409), 'nl')).toBe(
      'Deze wijziging is vanuit de huidige status niet toegestaan.',
    );
    expect(localizedMessage(body('INCIDENT_CLOSED', 409), 'it')).toBe(
      'Questo incidente è chiuso: non accetta più modifiche.',
    );
    expect(localizedMessage(body('RATE_LIMITED', 429), 'es')).toBe(
      'Demasiadas solicitudes: reduzca el ritmo e inténtelo de nuevo en breve.',
    );
  });

  it('names the field of a validation error, and reads a bare status as its code', () => {
    expect(
      localizedMessage(
        {
          statusCode: 400,
          error: '',
          message: 'x',
          code: 'VALIDATION_FAILED',
          details: [{ field: 'title' }],
        },
        'pl',
      ),
    ).toBe('Żądanie jest nieprawidłowe: proszę sprawdzić pole „title”.');
    expect(localizedMessage({ statusCode: 404, error: '', message: 'Cannot GET /x' }, 'fr')).toBe(
      'L’objet demandé est introuvable.',
    );
    expect(localizedMessage({ statusCode: 500, error: '', message: 'unexpected error' }, 'en')).toContain(
      'unexpected error occurred',
    );
  });
});
