import { useState } from 'preact/hooks';
import type { IncidentView } from '@hub/contracts';
import { canUpdateCell } from '@hub/domain';
import type { ExchangeFormat } from '../hub-api.client';
import { useSession } from '../session';
import { subjectOf } from '../state/containment-actions';
import { useDownload } from '../ui/download';
import { ErrorNote } from '../ui/forms';
import { tr } from '../language';

const EXCHANGES: { format: ExchangeFormat; label: string; type: string; ext: string }[] = [
  { format: 'stix', label: 'STIX', type: 'application/stix+json', ext: 'stix.json' },
  { format: 'misp', label: 'MISP', type: 'application/json', ext: 'misp.json' },
  { format: 'te', label: 'ThreatExchange', type: 'text/plain', ext: 'te.txt' },
];

/**
 * The incident's evidence as files: its items for threat-sharing tools (whoever sees the incident may take
 * them), and a platform's DSA statements of reasons (its own liaison, or a coordinator choosing the platform:
 * the same rule as changing that platform's cells).
 */
export function EvidenceExports(props: { incident: IncidentView }) {
  const session = useSession();
  const { incident } = props;
  const { download, error } = useDownload();
  const subject = subjectOf(session);
  const platforms = incident.platforms.filter((key) => canUpdateCell(subject, key));
  const [platformKey, setPlatformKey] = useState(platforms[0] ?? '');
  const chosen = platforms.includes(platformKey) ? platformKey : (platforms[0] ?? '');
  return (
    <div class="evidence-exports">
      <div class="actions" role="group" aria-label={tr('console.exports.label')}>
        {EXCHANGES.map((x) => (
          <button
            type="button"
            class="secondary"
            key={x.format}
            onClick={() =>
              void download(
                tr('console.exports.what', { format: x.label }),
                () => session.api.exportItems(incident.id, x.format),
                {
                  name: `${incident.ref}.${x.ext}`,
                  type: x.type,
                },
              )
            }
          >
            {x.label}
          </button>
        ))}
        {chosen && (
          <span class="statements-export">
            {platforms.length > 1 && (
              <>
                <label for="statements-platform" class="visually-hidden">
                  {tr('console.exports.platform')}
                </label>
                <select
                  id="statements-platform"
                  value={chosen}
                  onChange={(e) => setPlatformKey(e.currentTarget.value)}
                >
                  {platforms.map((key) => (
                    <option value={key} key={key}>
                      {key}
                    </option>
                  ))}
                </select>
              </>
            )}
            <button
              type="button"
              class="secondary"
              onClick={() =>
                void download(
                  tr('console.exports.statementsWhat'),
                  () => session.api.statementBatches(incident.id, chosen),
                  // One `{ statements }` batch a line (JSON Lines), as the CLI prints them.
                  { name: `${incident.ref}-${chosen}-statements.jsonl`, type: 'application/jsonl' },
                )
              }
            >
              {platforms.length > 1
                ? tr('console.exports.statements')
                : tr('console.exports.statementsOf', { platform: chosen })}
            </button>
          </span>
        )}
      </div>
      <ErrorNote error={error} />
    </div>
  );
}
