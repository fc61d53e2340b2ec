import type { Insertable, Selectable } from 'kysely';
import type { Channel, HandlingLevel, RiskLevel } from '../../../core/workflow/case-model.js';
import { decide } from '../../../core/workflow/workflow.js';
import { canonicalJson } from '../../../core/ledger/canonical-json.js';
import { formatCaseNo, shanghaiDay } from '../../../core/time/china-time.js';
import { levelOfCode } from '../../../core/regions/region-code.js';
import { maskAddress } from '../../../core/pii/masking.js';
import { addressKey, namePinyinKey } from '../../../core/analysis/repeat-keys.js';
import { maxLevel } from '../../../core/triage/risk-rules.js';
import {
  isValidIdNumber,
  isValidPhone,
  normalizeIdNumber,
  normalizePhone,
} from '../../../core/pii/validation.js';
import type { AppDeps } from '../../deps.js';
import type { Trx } from '../../db/transaction.js';
import { withTransaction } from '../../db/transaction.js';
import type { CasesTable, PartiesTable, UnitsTable } from '../../db/tables.js';
import { writeTogether } from '../../db/write-together.js';
import { HttpError, forbidden, unprocessable } from '../../http/errors.js';
import type { AuthContext } from '../auth/auth.service.js';
import type { Actor } from '../../../core/workflow/relations.js';
import { auditInsert } from '../audit/audit.service.js';
import { registrationRollups } from '../analytics/rollups.service.js';
import { PRIVACY_NOTICE } from '../resident/privacy-notice.js';
import { suggestTriage } from '../triage/triage.service.js';
import { findRepeats, raiseIntakeWarnings } from '../warnings/intake-warnings.js';
import { chainedEvent } from './case-ledger.js';
import { snapshotOf } from './case-mapper.js';
import { assertVisible } from './case-access.js';
import { caseDetailOf, timelineUnitIds } from './read-case.js';
import * as q from './cases.queries.js';
import { sealPartyFields } from './party-fields.js';
import { auditActor, workflowError } from './case-errors.js';

export interface PartyInput {
  role: 'applicant' | 'respondent' | 'third_party';
  kind?: 'person' | 'organization';
  name: string;
  phone?: string;
  idNumber?: string;
  address?: string;
}

/** What a clerk, grid worker or resident gives when registering (登记) a dispute. */
export interface RegisterInput {
  categoryCode: string;
  channel: Channel;
  /** the place: a township, village or grid code */
  regionCode: string;
  title?: string;
  description: string;
  address?: string;
  latitude?: number;
  longitude?: number;
  riskLevel?: RiskLevel;
  parties: PartyInput[];
  privacyNoticeVersion?: string;
}

export interface Registered {
  id: string;
  caseNo: string;
  /** true when an earlier request with the same Idempotency-Key created it */
  replayed: boolean;
  /** what this request wrote (absent on a replay) */
  written?: WrittenCase;
}

type Unit = Selectable<UnitsTable>;

/**
 * The system registering on nobody's session (Open311 clients, the hotline import): placed like a
 * resident's case, at the township center of the place; `label` names the source in the audit log.
 */
export interface SystemContext {
  kind: 'system';
  actor: Actor;
  label: string;
}

export function systemContext(label: string): SystemContext {
  return { kind: 'system', label, actor: { role: 'system', userId: null, unitId: null, scopeCode: null } };
}

/** Who registers: a staff user, a resident, or the system. */
export type RegisteringContext = AuthContext | SystemContext;

/** Registers a case once per Idempotency-Key; answers after COMMIT. */
export async function registerCase(
  deps: AppDeps,
  auth: AuthContext,
  input: RegisterInput,
  meta: { ip: string | null; idempotencyKey?: string },
): Promise<Registered> {
  const scope = auth.kind === 'staff' ? `user:${auth.user.id}` : `resident:${auth.phoneBidx}`;
  const requestSm3 = deps.crypto.sm3Hex(canonicalJson(input));
  const key = meta.idempotencyKey;
  return withTransaction(deps.db, async (trx) => {
    const id = deps.newId();
    // the key is claimed first: a concurrent request with the same key waits here for this one's
    // COMMIT and then finds its case
    if (
      key &&
      !(await q.claimIdempotencyKey(trx, {
        scope,
        key,
        request_sm3: requestSm3,
        resource_id: id,
        created_at: deps.clock(),
      }))
    ) {
      const seen = (await q.findIdempotencyKey(trx, scope, key))!;
      if (seen.request_sm3 !== requestSm3) throw unprocessable('case.idempotency_mismatch');
      const row = await q.getCaseRow(trx, seen.resource_id);
      return { id: seen.resource_id, caseNo: row!.case_no, replayed: true };
    }
    const created = await registerCaseInTx(trx, deps, auth, input, meta.ip, { id });
    return { ...created, replayed: false };
  });
}

/**
 * The answer to a registration, built from the rows it wrote instead of read back: the case page
 * exactly as getCaseDetail shows it just after COMMIT (a new case has no unit links, no
 * attachments and one ledger event).
 */
export async function registeredDetail(deps: AppDeps, auth: AuthContext, w: WrittenCase) {
  // a resident registers only as an applicant with their verified phone (registerCaseInTx)
  const actor: Actor = auth.kind === 'resident' ? { ...auth.actor, isParty: true } : auth.actor;
  assertVisible(actor, snapshotOf(w.row, []));
  const e = w.event;
  const resident = auth.kind === 'resident';
  const pageIds = [w.row.owner_unit_id, w.row.center_unit_id, ...(resident ? [] : timelineUnitIds([e]))];
  const known = new Map(w.units.map((u) => [u.id, u.name]));
  const missing = [...pageIds, ...(e.actor_unit_id ? [e.actor_unit_id] : [])].filter((u) => !known.has(u));
  if (missing.length) for (const [u, name] of await q.unitNames(deps.db.kysely, missing)) known.set(u, name);
  const names = new Map(pageIds.flatMap((u) => (known.has(u) ? [[u, known.get(u)!] as const] : [])));
  return caseDetailOf(deps, auth, {
    row: w.row,
    links: [],
    actor,
    // the order the page reads them in: by created_at (one instant here), then id
    parties: w.parties
      .map((p) => ({
        id: p.id,
        role: p.role,
        kind: p.kind ?? 'person',
        name: p.name,
        phone_masked: p.phone_masked ?? null,
        id_number_masked: p.id_number_masked ?? null,
        address_masked: p.address_masked ?? null,
        created_at: new Date(p.created_at),
      }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    events: [
      {
        seq: e.seq,
        at: e.at,
        action: e.action,
        from_state: e.from_state,
        to_state: e.to_state,
        actor_role: e.actor_role,
        actor_id: e.actor_id,
        actor_name: auth.kind === 'staff' && e.actor_id === auth.user.id ? auth.user.displayName : null,
        actor_unit_id: e.actor_unit_id,
        actor_unit_name: e.actor_unit_id ? (known.get(e.actor_unit_id) ?? null) : null,
        payload: JSON.parse(e.payload) as Record<string, unknown>,
        hash: e.hash,
      },
    ],
    attachments: [],
    regionName: w.regionName,
    names,
  });
}

/** What a registration wrote, for its answer (registeredDetail). */
export interface WrittenCase {
  row: Selectable<CasesTable>;
  event: ReturnType<typeof chainedEvent>;
  parties: (Insertable<PartiesTable> & { id: string })[];
  regionName: string;
  /** the owner and the center */
  units: Unit[];
}

/**
 * What registrations made together in one transaction (an import's batch) may look up once: the
 * place, category and unit checks and the township centers. Lives for one transaction only, so it
 * sees what that transaction would see.
 */
export interface IntakeMemo {
  lookups: Map<string, ReturnType<typeof q.intakeLookups>>;
  centers: Map<string, ReturnType<typeof q.findCenterAt>>;
}

export function intakeMemo(): IntakeMemo {
  return { lookups: new Map(), centers: new Map() };
}

function remembered<T>(memo: Map<string, Promise<T>> | undefined, key: string, load: () => Promise<T>) {
  if (!memo) return load();
  let hit = memo.get(key);
  if (!hit) memo.set(key, (hit = load()));
  return hit;
}

/**
 * The registration itself, inside the caller's transaction: the case row, its parties (personal
 * data encrypted), the first ledger event, the audit record and the notification job.
 */
export async function registerCaseInTx(
  trx: Trx,
  deps: AppDeps,
  auth: RegisteringContext,
  input: RegisterInput,
  ip: string | null,
  opts: { id?: string; memo?: IntakeMemo } = {},
): Promise<{ id: string; caseNo: string; written: WrittenCase }> {
  const now = deps.clock();
  const unitId = auth.kind === 'staff' ? auth.user.unitId : null;
  const found = await remembered(
    opts.memo?.lookups,
    `${input.regionCode}|${input.categoryCode}|${unitId}`,
    () => q.intakeLookups(trx, { regionCode: input.regionCode, categoryCode: input.categoryCode, unitId }),
  );
  const regionName = found.regionName;
  if (regionName === null) throw unprocessable('case.unknown_region', { code: input.regionCode });
  if (input.regionCode.length < 9) throw unprocessable('case.region_not_leaf_enough');
  if (!found.categoryActive) throw unprocessable('case.unknown_category', { code: input.categoryCode });
  if (!input.parties.some((p) => p.role === 'applicant')) throw unprocessable('case.no_applicant');
  for (const p of input.parties) {
    if (p.idNumber && !isValidIdNumber(p.idNumber))
      throw unprocessable('case.bad_id_number', { name: p.name });
    if (p.phone && !isValidPhone(p.phone)) throw unprocessable('case.bad_phone', { name: p.name });
  }
  if (auth.kind === 'resident') {
    // a resident comes through the 解纷码 and is the applicant: the verified phone must be theirs
    if (input.channel !== 'qr') throw unprocessable('case.resident_channel');
    const own = input.parties.some(
      (p) =>
        p.role === 'applicant' &&
        p.phone &&
        deps.crypto.blindIndex('phone', normalizePhone(p.phone)) === auth.phoneBidx,
    );
    if (!own) throw unprocessable('case.resident_not_applicant');
    // the notice the resident read and accepted is the current one (its version is kept with the case)
    if (input.privacyNoticeVersion !== PRIVACY_NOTICE.version) {
      throw unprocessable('case.privacy_notice_version', { version: PRIVACY_NOTICE.version });
    }
  }

  const findCenter = (code: string) => remembered(opts.memo?.centers, code, () => q.findCenterAt(trx, code));
  const { owner, center, level } = await firstContact(auth, input.regionCode, found.unit, findCenter, trx);
  const decision = decide(
    null,
    { action: 'register', regionCode: input.regionCode, handlingLevel: level, ownerUnitId: owner.id },
    auth.actor,
  );
  if (!decision.ok) throw workflowError(decision.error);

  const id = opts.id ?? deps.newId();
  const countyCode = input.regionCode.slice(0, 6);
  const parties = input.parties.map((p) => ({ id: deps.newId(), ...p }));
  const keyed = parties.map((p) => partyKeys(deps, p));
  const caseAddress = addressKey(input.address);
  const caseAddressBidx = caseAddress ? deps.crypto.blindIndex('address', caseAddress) : '';

  // 研判 at intake, from every channel: earlier cases of the same applicant or address (repeats
  // raise the risk), then the triage suggestion; the case keeps the higher of the level chosen at
  // registration and the level the rules found (a threat is never lost to a form's default)
  const applicants = keyed.filter((_, i) => parties[i]!.role === 'applicant');
  const repeats = await findRepeats(trx, {
    caseId: id,
    regionCode: input.regionCode,
    now,
    keys: {
      idNumber: applicants.flatMap((k) => (k.idNumberBidx ? [k.idNumberBidx] : [])),
      phone: applicants.flatMap((k) => (k.phoneBidx ? [k.phoneBidx] : [])),
      namePinyin: applicants.flatMap((k) => (k.namePinyinBidx ? [k.namePinyinBidx] : [])),
      address: [
        ...new Set([...applicants.map((k) => k.addressBidx), caseAddressBidx].filter((b) => b !== '')),
      ],
    },
  });
  const suggestion = suggestTriage({
    description: input.description,
    title: input.title,
    partyCount: input.parties.length,
    repeats: repeats.confirmed,
    at: now,
    categoryCode: input.categoryCode,
  });
  const riskLevel = maxLevel(input.riskLevel ?? 'blue', suggestion.risk);
  // the job of the chain's first event (seq 1) needs no case number: queued before it is taken
  await deps.jobs?.sendInTransaction(trx, 'case-event', { caseId: id, seq: 1, action: 'register' });

  // The case number comes last: the center's counter row stays locked from here to COMMIT, so
  // what follows is one statement (and, for a risky case or a repeat, its warnings).
  const serial = await q.nextCaseSerial(trx, center.region_code, shanghaiDay(now));
  const caseNo = formatCaseNo(center.region_code, now, serial);
  // the ledger names parties by id only, so correcting personal data never breaks a chain
  const draft = {
    ...decision.event,
    payload: {
      ...decision.event.payload,
      case_no: caseNo,
      category_code: input.categoryCode,
      channel: input.channel,
      risk_level: riskLevel,
      party_ids: parties.map((p) => p.id),
      // the suggestion as it was made: category, risk and the words and rules behind them
      triage: {
        category: suggestion.category,
        confidence: suggestion.confidence,
        risk: suggestion.risk,
        reasons: suggestion.reasons,
      },
    },
  };
  const event = chainedEvent(
    deps.crypto,
    { countyCode, caseId: id, lastSeq: 0, lastHash: null },
    draft,
    auth.actor,
    now,
  );
  const s = decision.next;
  const partyRows = parties.map((p, i) => ({
    county_code: countyCode,
    id: p.id,
    case_id: id,
    role: p.role,
    kind: p.kind ?? 'person',
    name: p.name,
    ...sealPartyFields(deps, p),
    name_pinyin_bidx: keyed[i]!.namePinyinBidx ?? '',
    created_at: now,
  }));
  // the case, its first event, parties, the dashboards' figures (analytics rollups) and the audit
  // record: one round trip, all in this transaction
  const [row] = await writeTogether<Selectable<CasesTable>>(
    trx,
    trx
      .insertInto('cases')
      .values({
        county_code: countyCode,
        id,
        case_no: caseNo,
        center_unit_id: center.id,
        region_code: input.regionCode,
        category_code: input.categoryCode,
        channel: input.channel,
        title: input.title?.trim() || input.description.trim().slice(0, 30),
        description: input.description,
        address_masked: input.address ? maskAddress(input.address) : null,
        address_enc: input.address ? deps.crypto.encrypt('address', input.address) : null,
        latitude: input.latitude ?? null,
        longitude: input.longitude ?? null,
        risk_level: riskLevel,
        address_bidx: caseAddressBidx,
        party_count: input.parties.length,
        state: s.state,
        handling_level: s.handlingLevel,
        owner_unit_id: s.ownerUnitId,
        lead_unit_id: s.leadUnitId,
        privacy_notice_version: input.privacyNoticeVersion ?? null,
        registered_by: auth.kind === 'staff' ? auth.user.id : null,
        version: s.version,
        last_seq: event.seq,
        last_hash: event.hash,
        created_at: now,
        updated_at: now,
      })
      .returningAll(),
    [
      trx.insertInto('case_events').values(event),
      partyRows.length ? trx.insertInto('parties').values(partyRows) : null,
      ...registrationRollups(trx, {
        countyCode,
        caseId: id,
        seq: event.seq,
        at: now,
        payload: draft.payload,
        leadUnitId: s.leadUnitId,
        ownerUnitId: s.ownerUnitId,
      }),
      auditInsert(trx, deps.newId(), {
        ...(auth.kind === 'system'
          ? { actorId: null, actorRole: 'system', actorLabel: auth.label.slice(0, 64) }
          : auditActor(auth)),
        at: now,
        ip,
        action: 'case.register',
        targetType: 'case',
        targetId: id,
        result: 'success',
        detail: { case_no: caseNo, channel: input.channel },
      }),
    ],
  );
  await raiseIntakeWarnings(
    trx,
    deps,
    {
      caseId: id,
      caseNo,
      regionCode: input.regionCode,
      categoryCode: input.categoryCode,
      channel: input.channel,
      handlingLevel: decision.next.handlingLevel,
      risk: riskLevel,
      chosenRisk: input.riskLevel ?? null,
      triage: suggestion,
    },
    repeats,
  );
  return {
    id,
    caseNo,
    written: { row: row!, event, parties: partyRows, regionName, units: [owner, center] },
  };
}

/**
 * A party's blind indexes (HMAC-SM3): phone and ID number for lookups, and for repeat warnings the
 * pinyin of a person's name and the normalized address ('' when there is nothing to key).
 */
function partyKeys(deps: AppDeps, p: PartyInput) {
  const phone = p.phone ? normalizePhone(p.phone) : null;
  const idNo = p.idNumber ? normalizeIdNumber(p.idNumber) : null;
  const pinyinKey = (p.kind ?? 'person') === 'person' ? namePinyinKey(p.name) : null;
  const address = addressKey(p.address);
  return {
    phoneBidx: phone ? deps.crypto.blindIndex('phone', phone) : null,
    idNumberBidx: idNo ? deps.crypto.blindIndex('id_number', idNo) : null,
    namePinyinBidx: pinyinKey ? deps.crypto.blindIndex('name_pinyin', pinyinKey) : null,
    addressBidx: address ? deps.crypto.blindIndex('address', address) : '',
  };
}

const LEVEL_OF_CENTER: Record<string, HandlingLevel> = {
  city: 'city',
  county: 'county',
  township: 'township',
};

/**
 * The first-contact unit (首问负责) and the center whose case number the case gets: the staff
 * member's own unit, or for a resident the township center of the place.
 */
async function firstContact(
  auth: RegisteringContext,
  regionCode: string,
  /** the staff member's unit, as intakeLookups found it */
  unit: Unit | null,
  findCenterAt: (code: string) => Promise<Unit | undefined>,
  trx: Trx,
): Promise<{ owner: Unit; center: Unit; level: HandlingLevel }> {
  if (auth.kind === 'resident' || auth.kind === 'system') {
    const center = await findCenterAt(regionCode.slice(0, 9));
    if (!center) throw unprocessable('case.no_center');
    return { owner: center, center, level: 'township' };
  }
  if (!unit) throw forbidden();
  if (unit.kind === 'center') {
    const level = LEVEL_OF_CENTER[levelOfCode(unit.region_code) ?? ''];
    if (!level) throw new HttpError(500, 'common.internal');
    return { owner: unit, center: unit, level };
  }
  if (unit.kind === 'village_committee') {
    const center = await findCenterAt(unit.region_code.slice(0, 9));
    if (!center) throw unprocessable('case.no_center');
    return { owner: unit, center, level: 'village' };
  }
  const [center] = unit.center_id ? await q.findUnits(trx, [unit.center_id]) : [];
  const c = center ?? (await findCenterAt(unit.region_code));
  if (!c) throw unprocessable('case.no_center');
  return { owner: unit, center: c, level: LEVEL_OF_CENTER[levelOfCode(c.region_code) ?? ''] ?? 'township' };
}
