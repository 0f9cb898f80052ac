#!/usr/bin/env node
// Regenerates libs/domain/src/techniques/disarm-techniques.json, the DISARM Red Framework techniques the hub
// accepts on items, from DISARM's own data (github.com/DISARMFoundation/DISARMframeworks, CC BY-SA 4.0):
//   node scripts/disarm-techniques.js DISARM_MASTER_DATA/techniques.csv   (columns disarm_id, name, tactic_id)
//   node scripts/disarm-techniques.js generated_files/DISARM_STIX/DISARM.json   (the STIX 2.1 bundle)
// The repository ships its master data as a CSV export in older versions and as the STIX bundle since; both
// give the same three fields. Only techniques (T0000) and sub-techniques (T0000.000) are kept.
const fs = require('fs');
const path = require('path');

const ID = /^T\d{4}(\.\d{3})?$/;
const TACTIC = /^TA\d{2}$/;

/** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field), rows.push(row), (row = []), (field = '');
    } else field += c;
  }
  if (field || row.length) row.push(field), rows.push(row);
  return rows.filter((r) => r.some((f) => f.trim()));
}

function fromCsv(text) {
  const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
  const col = (name) => {
    const at = header.map((h) => h.trim()).indexOf(name);
    if (at < 0) throw new Error(`the CSV has no column ${name}`);
    return at;
  };
  const [id, name, tactic] = [col('disarm_id'), col('name'), col('tactic_id')];
  return rows.map((r) => ({ id: r[id].trim(), name: r[name].trim(), tactic: r[tactic].trim() }));
}

function fromStix(bundle) {
  const tactics = new Map();
  for (const o of bundle.objects) {
    if (o.type !== 'x-mitre-tactic') continue;
    const ref = (o.external_references || []).find((r) => TACTIC.test(r.external_id || ''));
    if (ref) tactics.set(o.x_mitre_shortname, ref.external_id);
  }
  return bundle.objects
    .filter((o) => o.type === 'attack-pattern' && !o.revoked && !o.x_mitre_deprecated)
    .map((o) => {
      const ref = (o.external_references || []).find((r) => ID.test((r.external_id || '').trim()));
      const phase = (o.kill_chain_phases || [])[0];
      return {
        id: ref ? ref.external_id.trim() : '',
        name: String(o.name || '').trim(),
        tactic: phase ? tactics.get(phase.phase_name) || '' : '',
      };
    });
}

const source = process.argv[2];
if (!source) {
  console.error('usage: node scripts/disarm-techniques.js <techniques.csv | DISARM.json> [out.json]');
  process.exit(2);
}
const out =
  process.argv[3] || path.join(__dirname, '..', 'libs/domain/src/techniques/disarm-techniques.json');
const text = fs.readFileSync(source, 'utf8');
const all = source.endsWith('.json') ? fromStix(JSON.parse(text)) : fromCsv(text);
const seen = new Set();
const techniques = all
  .filter((t) => ID.test(t.id) && t.name && TACTIC.test(t.tactic) && !seen.has(t.id) && seen.add(t.id))
  .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
fs.writeFileSync(out, JSON.stringify(techniques, null, 0).replace(/\},\{/g, '},\n{') + '\n');
console.log(`${techniques.length} techniques written to ${out}`);
