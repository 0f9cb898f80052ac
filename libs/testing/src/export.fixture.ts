/** The export specs' fixture: an incident with one item of each kind the exports carry. */
import {
  newOrganisation,
  type IncidentRecord,
  type ItemRecord,
  type OrganisationRecord,
  type ExportSource,
} from '@hub/domain';
import { anItem } from './domain-fixtures';

const T0 = new Date('2026-03-01T10:00:00.000Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

export const HASHES = {
  pdq: 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22',
  md5: 'd41d8cd98f00b204e9800998ecf8427e',
  sha1: 'da39a3ee5e6b4b0d3255bfef95601890afd80709',
  sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
};

const org = (
  id: string,
  name: string,
  kind: OrganisationRecord['kind'],
  platformKey: string | null = null,
): OrganisationRecord => newOrganisation({ id, name, kind, platformKey, createdAt: T0 });

function item(id: string, minutes: number, fields: Partial<ItemRecord>): ItemRecord {
  return anItem({
    id,
    incidentId: '5b0c1d56-0a43-4a1e-8d4f-6d1f1e6f0a01',
    dedupKey: `key:${id}`,
    reporters: ['org-be'],
    createdBy: 'member-1',
    createdAt: at(minutes),
    ...fields,
  });
}

const hashItem = (id: string, minutes: number, algorithm: keyof typeof HASHES): ItemRecord =>
  item(id, minutes, { kind: 'hash', hashAlgorithm: algorithm, hashValue: HASHES[algorithm] });

export function exportSource(): ExportSource {
  const incident: IncidentRecord = {
    id: '5b0c1d56-0a43-4a1e-8d4f-6d1f1e6f0a01',
    ref: 'CH-2026-0007',
    title: "Attack livestream 'copies'",
    summary: 'A livestream of an attack is being re-uploaded.',
    category: 'terrorist_content',
    protocol: 'eu-crisis-protocol',
    level: 'crisis',
    mode: 'live',
    status: 'active',
    participants: ['org-coord', 'org-be', 'org-vs'],
    platforms: ['videoshare'],
    criteria: [],
    rationale: null,
    closingSummary: null,
    reviewSummary: null,
    createdBy: 'member-0',
    createdAt: T0,
    updatedAt: at(1),
    closedAt: null,
    lastSeq: 12,
    configVersion: 2,
  };
  return {
    incident,
    organisations: [
      org('org-coord', 'EU coordination', 'coordinator'),
      org('org-be', 'Federal police', 'authority'),
      org('org-vs', 'VideoShare', 'platform', 'videoshare'),
    ],
    items: [
      item('7d6e1c2a-1111-4000-8000-000000000001', 2, {
        kind: 'url',
        url: "https://videoshare.example/v/it's",
        platformKey: 'videoshare',
      }),
      hashItem('7d6e1c2a-1111-4000-8000-000000000002', 3, 'pdq'),
      hashItem('7d6e1c2a-1111-4000-8000-000000000003', 4, 'md5'),
      hashItem('7d6e1c2a-1111-4000-8000-000000000004', 5, 'sha1'),
      hashItem('7d6e1c2a-1111-4000-8000-000000000005', 6, 'sha256'),
      item('7d6e1c2a-1111-4000-8000-000000000006', 7, {
        kind: 'account',
        accountPlatform: 'videoshare',
        accountHandle: 'perp_uploader',
        platformKey: 'videoshare',
      }),
    ],
  };
}
