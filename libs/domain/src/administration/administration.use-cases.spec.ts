import { fixedClock, InMemoryAdministrationRepository, unitCast } from '@hub/testing';
import { DomainError } from '../core/errors';
import { adminEntryDigest, adminEntryHash, type AdminAuditEntry } from './admin-audit.model';
import {
  RotateWebhookSecretUseCase,
  UpdateMemberUseCase,
  UpdateOrganisationUseCase,
} from './administration.use-cases';

function setup() {
  const cast = unitCast();
  const hub = cast.identities.addOrganisation({ name: 'crisis-hub', kind: 'hub' });
  const admin = cast.identities.addActor(hub, 'admin');
  const other = cast.identities.addActor(hub, 'admin', 'Second admin');
  cast.identities.organisations[cast.identities.organisations.indexOf(cast.orgs.videoshare)] = {
    ...cast.orgs.videoshare,
    webhookUrl: 'https://videoshare.example/hook',
    webhookSecret: 'old-secret-0123456789',
  };
  const repo = new InMemoryAdministrationRepository(cast.identities);
  const clock = fixedClock('2026-03-01T10:00:00Z');
  return {
    ...cast,
    hub,
    admin,
    other,
    repo,
    clock,
    updateOrganisation: new UpdateOrganisationUseCase(repo, clock),
    updateMember: new UpdateMemberUseCase(repo, clock),
    rotate: new RotateWebhookSecretUseCase(repo, clock),
  };
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (e: DomainError) => e.code,
  );

describe('administration', () => {
  it('replaces a webhook and ends a rotation under way; logs no secret', async () => {
    const s = setup();
    await s.rotate.execute(s.admin, s.orgs.videoshare.id, { graceMinutes: 30 });
    const { organisation } = await s.updateOrganisation.execute(s.admin, s.orgs.videoshare.id, {
      webhook: { url: 'https://videoshare.example/v2', secret: 'brand-new-secret-0123' },
    });
    expect(organisation).toMatchObject({
      webhookUrl: 'https://videoshare.example/v2',
      webhookSecret: 'brand-new-secret-0123',
      webhookPreviousSecret: null,
      webhookPreviousSecretUntil: null,
    });
    expect(s.repo.audit.map((e) => e.action)).toEqual([
      'organisation.webhook_secret_rotated',
      'organisation.updated',
    ]);
    expect(JSON.stringify(s.repo.audit)).not.toMatch(/secret-0123/);
    expect(await s.repo.verifyAudit()).toEqual({ ok: true, checked: 2 });
  });

  it('refuses platform fields on other kinds, and changes nothing when a check fails', async () => {
    const s = setup();
    const attempt = s.updateOrganisation.execute(s.admin, s.orgs.be.id, {
      name: 'Renamed',
      webhook: { url: 'https://be.example/', secret: 'a-long-enough-secret' },
    });
    await expect(attempt).rejects.toThrow(/webhook: only a platform/);
    expect(s.identities.organisations.find((o) => o.id === s.orgs.be.id)?.name).toBe('Belgian referral unit');
    expect(s.repo.commits).toBe(0);
  });

  it('keeps an active admin: not oneself, not one’s organisation, not the last one', async () => {
    const s = setup();
    expect(await codeOf(s.updateMember.execute(s.admin, s.admin.memberId, { active: false }))).toBe(
      'CONFLICT',
    );
    expect(await codeOf(s.updateOrganisation.execute(s.admin, s.hub.id, { active: false }))).toBe('CONFLICT');
    expect(await codeOf(s.updateMember.execute(s.admin, s.other.memberId, { active: false }))).toBe('ok');
    // The other admin is off: the first is the last one left, and cannot be switched off by anyone.
    expect(await codeOf(s.updateMember.execute(s.other, s.admin.memberId, { active: false }))).toBe(
      'CONFLICT',
    );
    expect(s.repo.audit.map((e) => e.action)).toEqual(['member.deactivated']);
  });

  it('deactivates and reactivates an organisation, saying so once each', async () => {
    const s = setup();
    const off = await s.updateOrganisation.execute(s.admin, s.orgs.be.id, { active: false });
    expect(off).toMatchObject({
      deactivated: true,
      organisation: { active: false, deactivatedAt: s.clock.now() },
    });
    const again = await s.updateOrganisation.execute(s.admin, s.orgs.be.id, { active: false });
    expect(again.deactivated).toBe(false);
    const on = await s.updateOrganisation.execute(s.admin, s.orgs.be.id, { active: true });
    expect(on.organisation).toMatchObject({ active: true, deactivatedAt: null });
    expect(s.repo.audit.map((e) => e.action)).toEqual([
      'organisation.deactivated',
      'organisation.reactivated',
    ]);
    expect(s.repo.audit[0].actor).toEqual({ memberId: s.admin.memberId, organisationId: s.hub.id });
  });

  it('rotates a secret with a grace period from the clock, or none', async () => {
    const s = setup();
    const first = await s.rotate.execute(s.admin, s.orgs.videoshare.id, { graceMinutes: 30 });
    expect(first.previousSecretValidUntil).toEqual(new Date('2026-03-01T10:30:00Z'));
    const org = () => s.identities.organisations.find((o) => o.id === s.orgs.videoshare.id)!;
    expect(org()).toMatchObject({
      webhookSecret: first.secret,
      webhookPreviousSecret: 'old-secret-0123456789',
    });
    const second = await s.rotate.execute(s.admin, s.orgs.videoshare.id, { graceMinutes: 0 });
    expect(second.previousSecretValidUntil).toBeNull();
    expect(org()).toMatchObject({ webhookSecret: second.secret, webhookPreviousSecret: null });
    expect(await codeOf(s.rotate.execute(s.admin, s.orgs.clipcast.id, {}))).toBe('CONFLICT');
    expect(
      await codeOf(s.rotate.execute(s.admin, s.orgs.videoshare.id, { webhook: 'exerciseWebhook' })),
    ).toBe('CONFLICT');
  });
});

describe('the admin audit chain', () => {
  const entry: AdminAuditEntry = {
    action: 'member.updated',
    actor: { memberId: 'a', organisationId: 'b' },
    subject: { type: 'member', id: 'c' },
    data: { displayName: 'New name', role: 'authority' },
    at: new Date('2026-03-01T10:00:00.123Z'),
  };

  it('digests what an entry says whatever the order of its keys (jsonb reorders them)', () => {
    const reordered = { ...entry, data: { role: 'authority', displayName: 'New name' } };
    expect(adminEntryDigest(reordered)).toBe(adminEntryDigest(entry));
    expect(adminEntryDigest({ ...entry, data: { ...entry.data, role: 'liaison' } })).not.toBe(
      adminEntryDigest(entry),
    );
  });

  it('links each entry to the one before it and to its place', () => {
    const first = adminEntryHash('0'.repeat(64), 1, entry);
    expect(adminEntryHash(first, 2, entry)).not.toBe(adminEntryHash(first, 3, entry));
    expect(adminEntryHash('1'.repeat(64), 1, entry)).not.toBe(first);
  });
});
