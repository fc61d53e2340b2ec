import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../workflow/case-model.js';
import {
  EXPORT_APPROVERS,
  EXPORT_KINDS,
  approvalRefusal,
  approvedCeiling,
  approvedUntil,
  downloadRefusal,
  needsApproval,
  pendingUntil,
  statusAt,
  type ExportParty,
} from './export-approval.js';

const T = new Date('2026-03-15T01:30:00Z');
const hours = (h: number) => new Date(T.getTime() + h * 3_600_000);
const party = (o: Partial<ExportParty> = {}): ExportParty => ({
  userId: 'u-clerk',
  role: 'clerk',
  scopeCode: '371403105',
  ...o,
});
const approved = (o: Partial<Parameters<typeof downloadRefusal>[0]> = {}) => ({
  status: 'approved' as const,
  expiresAt: hours(24),
  downloads: 0,
  maxDownloads: 3,
  requesterId: 'u-clerk',
  rows: 1000,
  ...o,
});

describe('needsApproval', () => {
  it('lets an export at the threshold through and asks for a second approver above it', () => {
    expect(needsApproval(500, 500)).toBe(false);
    expect(needsApproval(501, 500)).toBe(true);
    expect(needsApproval(0, 0)).toBe(false);
  });
});

describe('approvalRefusal', () => {
  const request = { kind: 'cases' as const, requester: party() };

  it('lets the leader of the township, the county or the city approve a township clerk’s case export', () => {
    for (const scopeCode of ['371403105', '371403', '3714']) {
      expect(approvalRefusal(party({ userId: 'u-l', role: 'leader', scopeCode }), request)).toBeNull();
    }
  });

  it('refuses a leader of a sibling township or another county', () => {
    expect(approvalRefusal(party({ userId: 'u-l', role: 'leader', scopeCode: '371403106' }), request)).toBe(
      'scope',
    );
    expect(approvalRefusal(party({ userId: 'u-l', role: 'leader', scopeCode: '371402' }), request)).toBe(
      'scope',
    );
  });

  it('refuses roles that do not approve the kind: a dispatcher for cases, an auditor for the audit log', () => {
    expect(approvalRefusal(party({ userId: 'u-d', role: 'dispatcher' }), request)).toBe('role');
    const audit = { kind: 'audit' as const, requester: party({ role: 'audit_admin', scopeCode: '3714' }) };
    expect(approvalRefusal(party({ userId: 'u-a2', role: 'audit_admin', scopeCode: '3714' }), audit)).toBe(
      'role',
    );
    expect(
      approvalRefusal(party({ userId: 'u-s', role: 'security_admin', scopeCode: '3714' }), audit),
    ).toBeNull();
  });

  it('never lets the requester approve their own request, even a leader', () => {
    const leader = party({ userId: 'u-l', role: 'leader', scopeCode: '371403' });
    expect(approvalRefusal(leader, { kind: 'cases', requester: leader })).toBe('own_request');
  });

  const roles = fc.constantFrom(...(ROLES as readonly Role[]));
  const codes = fc.constantFrom('3714', '371403', '371403105', '371403105001', '371402', '371402001', '');
  const parties = fc.record({ userId: fc.constantFrom('a', 'b', 'c'), role: roles, scopeCode: codes });

  it('allows exactly: another account, an approving role, a scope containing the requester’s (property)', () => {
    fc.assert(
      fc.property(parties, parties, fc.constantFrom(...EXPORT_KINDS), (approver, requester, kind) => {
        const allowed = approvalRefusal(approver, { kind, requester }) === null;
        const reference =
          approver.userId !== requester.userId &&
          EXPORT_APPROVERS[kind].includes(approver.role) &&
          approver.scopeCode !== '' &&
          requester.scopeCode.startsWith(approver.scopeCode);
        expect(allowed).toBe(reference);
        // whatever else holds, one's own request is never approvable
        if (approver.userId === requester.userId) expect(allowed).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('no one approves both kinds, and residents and the system approve none (property)', () => {
    fc.assert(
      fc.property(parties, parties, (approver, requester) => {
        const kinds = EXPORT_KINDS.filter((kind) => approvalRefusal(approver, { kind, requester }) === null);
        expect(kinds.length).toBeLessThanOrEqual(1);
        if (['resident', 'system', 'sys_admin', 'audit_admin'].includes(approver.role))
          expect(kinds).toEqual([]);
      }),
    );
  });
});

describe('statusAt and the windows', () => {
  it('lapses a pending request after 72 hours and an approval after its validity', () => {
    const pending = { status: 'pending' as const, expiresAt: pendingUntil(T), downloads: 0, maxDownloads: 3 };
    expect(statusAt(pending, hours(71))).toBe('pending');
    expect(statusAt(pending, hours(72))).toBe('expired');
    const ok = { ...pending, status: 'approved' as const, expiresAt: approvedUntil(T, 24) };
    expect(statusAt(ok, hours(23.9))).toBe('approved');
    expect(statusAt(ok, hours(24))).toBe('expired');
    expect(statusAt({ ...ok, downloads: 3 }, hours(1))).toBe('used');
    expect(statusAt({ ...ok, status: 'rejected' }, hours(100))).toBe('rejected');
  });
});

describe('downloadRefusal', () => {
  it('lets the requester download an approved request within its window', () => {
    expect(downloadRefusal(approved(), 'u-clerk', hours(1), 1000)).toBeNull();
  });

  it('refuses anyone but the requester, the approver included', () => {
    expect(downloadRefusal(approved(), 'u-leader', hours(1), 1000)).toBe('not_requester');
  });

  it('refuses a pending or rejected request, a lapsed approval and spent downloads', () => {
    expect(downloadRefusal(approved({ status: 'pending' }), 'u-clerk', hours(1), 1)).toBe('not_approved');
    expect(downloadRefusal(approved({ status: 'rejected' }), 'u-clerk', hours(1), 1)).toBe('not_approved');
    expect(downloadRefusal(approved(), 'u-clerk', hours(25), 1)).toBe('expired');
    expect(downloadRefusal(approved({ downloads: 3 }), 'u-clerk', hours(1), 1)).toBe('used');
  });

  it('delivers while the rows grew by at most 10 % and refuses beyond', () => {
    expect(approvedCeiling(1000)).toBe(1100);
    expect(approvedCeiling(501)).toBe(552);
    expect(downloadRefusal(approved(), 'u-clerk', hours(1), 1100)).toBeNull();
    expect(downloadRefusal(approved(), 'u-clerk', hours(1), 1101)).toBe('grown');
    expect(downloadRefusal(approved(), 'u-clerk', hours(1), 10)).toBeNull();
  });

  it('the ceiling always covers the approved count and at least one more row (property)', () => {
    fc.assert(
      fc.property(fc.nat(10_000_000), (rows) => {
        const c = approvedCeiling(rows);
        expect(c).toBeGreaterThan(rows);
        expect(c).toBeLessThanOrEqual(rows + Math.ceil(rows * 0.1) + 1);
      }),
    );
  });
});
