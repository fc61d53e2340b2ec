// The rules of the registration form (登记), as pure functions the page and its tests share: what
// each field must hold, which channel a role registers through, the request body built from the
// form's values, the Idempotency-Key of a submission and what the receipt promises next. Errors
// are message keys of the "intake" words (i18n/intake.ts), never text.
import { DEFAULT_TIME_LIMITS, pickLimit } from '../../../../src/core/deadlines/time-limits';
import {
  isValidIdNumber,
  isValidPhone,
  normalizeIdNumber,
  normalizePhone,
} from '../../../../src/core/pii/validation';
import type { Channel, HandlingLevel, RiskLevel, Role } from '../../../../src/core/workflow/case-model';

export type PartyRole = 'applicant' | 'respondent' | 'third_party';
export type PartyKind = 'person' | 'organization';
export const PARTY_ROLES: readonly PartyRole[] = ['applicant', 'respondent', 'third_party'];
export const PARTY_KINDS: readonly PartyKind[] = ['person', 'organization'];
/** The server takes at most 20 parties (cases.schemas.ts). */
export const MAX_PARTIES = 20;
/** Field lengths of the server's schema, so the form stops where the API would refuse. */
export const MAX = { name: 100, phone: 30, idNumber: 18, address: 200, title: 100, description: 4000 };

/** One party as the form holds it. */
export interface PartyValues {
  role?: PartyRole;
  kind?: PartyKind;
  name?: string;
  phone?: string;
  idNumber?: string;
  address?: string;
}

/** The whole form as antd's Form holds it (`region` is the cascader's path, root first). */
export interface RegisterValues {
  parties?: PartyValues[];
  categoryCode?: string;
  channel?: Channel;
  region?: string[];
  address?: string;
  title?: string;
  description?: string;
  riskLevel?: RiskLevel;
}

/** The body of POST /api/cases (the server's RegisterBody). */
export interface RegisterBody {
  categoryCode: string;
  channel: Channel;
  regionCode: string;
  title?: string;
  description: string;
  address?: string;
  riskLevel?: RiskLevel;
  parties: {
    role: PartyRole;
    kind: PartyKind;
    name: string;
    phone?: string;
    idNumber?: string;
    address?: string;
  }[];
}

export type RuleError =
  | 'required'
  | 'phoneInvalid'
  | 'idNumberInvalid'
  | 'applicantPhoneRequired'
  | 'noParties'
  | 'noApplicant'
  | 'tooManyParties'
  | 'regionRequired'
  | 'regionTooHigh';

const blank = (s: string | undefined): boolean => !s || s.trim() === '';
const trimmed = (s: string | undefined): string | undefined => (blank(s) ? undefined : s!.trim());

/** An optional phone: empty is fine, anything else must be a mobile or a landline with area code. */
export function phoneError(value: string | undefined): RuleError | null {
  return blank(value) || isValidPhone(value!) ? null : 'phoneInvalid';
}

/** An optional resident ID number (GB 11643: region, birth date, check character). */
export function idNumberError(value: string | undefined): RuleError | null {
  return blank(value) || isValidIdNumber(value!) ? null : 'idNumberInvalid';
}

/**
 * The applicant is called back (回访) when the case is concluded, so an applicant gives a phone;
 * respondents and third parties may not be reachable at registration and need none.
 */
export function partyPhoneError(party: PartyValues): RuleError | null {
  if (blank(party.phone)) return party.role === 'applicant' ? 'applicantPhoneRequired' : null;
  return phoneError(party.phone);
}

/** Errors of one party, by field; an organization has no resident ID number. */
export function partyErrors(party: PartyValues): Partial<Record<keyof PartyValues, RuleError>> {
  const errors: Partial<Record<keyof PartyValues, RuleError>> = {};
  if (!party.role) errors.role = 'required';
  if (blank(party.name)) errors.name = 'required';
  const phone = partyPhoneError(party);
  if (phone) errors.phone = phone;
  if (party.kind !== 'organization') {
    const id = idNumberError(party.idNumber);
    if (id) errors.idNumber = id;
  }
  return errors;
}

/** Errors of the party list as a whole: at least one party, an applicant among them, at most 20. */
export function partiesError(parties: readonly PartyValues[] | undefined): RuleError | null {
  if (!parties || parties.length === 0) return 'noParties';
  if (parties.length > MAX_PARTIES) return 'tooManyParties';
  if (!parties.some((p) => p.role === 'applicant')) return 'noApplicant';
  return null;
}

/** The place must be chosen down to a township (9-digit code) at least: the server refuses less. */
export function regionError(path: readonly string[] | undefined): RuleError | null {
  const code = path?.at(-1);
  if (!code) return 'regionRequired';
  return code.length >= 9 ? null : 'regionTooHigh';
}

/** The fields a registration cannot go without (what the server requires, plus the place). */
export const REQUIRED_FIELDS = ['parties', 'categoryCode', 'channel', 'region', 'description'] as const;

/** Required fields still empty, in form order. */
export function missingRequired(values: RegisterValues): (typeof REQUIRED_FIELDS)[number][] {
  return REQUIRED_FIELDS.filter((f) => {
    const v = values[f];
    if (Array.isArray(v)) return v.length === 0;
    return typeof v === 'string' ? blank(v) : v === undefined || v === null;
  });
}

/** Every error of the form, by field path ('parties.0.phone'); empty when the form may be sent. */
export function formErrors(values: RegisterValues): Record<string, RuleError> {
  const errors: Record<string, RuleError> = {};
  for (const f of missingRequired(values)) errors[f] = 'required';
  const parties = partiesError(values.parties);
  if (parties) errors.parties = parties;
  (values.parties ?? []).forEach((p, i) => {
    for (const [field, e] of Object.entries(partyErrors(p))) errors[`parties.${i}.${field}`] = e;
  });
  const region = values.region?.length ? regionError(values.region) : null;
  if (region) errors.region = region;
  return errors;
}

/**
 * The request body from the form's values: texts trimmed, empty optional fields left out, the
 * place the last node of the cascader path, no ID number for an organization. Call it on values
 * that passed {@link formErrors}.
 */
export function buildRegisterBody(values: RegisterValues): RegisterBody {
  const body: RegisterBody = {
    categoryCode: values.categoryCode!,
    channel: values.channel!,
    regionCode: values.region!.at(-1)!,
    description: values.description!.trim(),
    parties: (values.parties ?? []).map((p) => {
      const kind = p.kind ?? 'person';
      const party: RegisterBody['parties'][number] = { role: p.role!, kind, name: p.name!.trim() };
      const phone = trimmed(p.phone);
      const idNumber = kind === 'person' ? trimmed(p.idNumber) : undefined;
      const address = trimmed(p.address);
      if (phone) party.phone = phone;
      if (idNumber) party.idNumber = normalizeIdNumber(idNumber);
      if (address) party.address = address;
      return party;
    }),
  };
  const title = trimmed(values.title);
  const address = trimmed(values.address);
  if (title) body.title = title;
  if (address) body.address = address;
  if (values.riskLevel) body.riskLevel = values.riskLevel;
  return body;
}

/** Channels staff register through (the QR channel is the resident's, `api` the system's). */
export const STAFF_CHANNELS: readonly Channel[] = ['window', 'grid', 'patrol', 'hotline', 'petition'];

/** The channel a role usually registers through: the window for clerks, grid reports for grid workers. */
export function defaultChannel(role: Role): Channel {
  switch (role) {
    case 'grid_worker':
      return 'grid';
    case 'security_member':
      return 'patrol';
    default:
      return 'window';
  }
}

/** A look-up of earlier cases of a party: by ID number and/or phone, each only once valid. */
export type KnownQuery = { phone: string } | { idNumber: string };

/** What to look up for a party as it is typed: nothing until a number is valid; normal forms. */
export function knownQueries(party: PartyValues | undefined): KnownQuery[] {
  if (!party) return [];
  const out: KnownQuery[] = [];
  if (party.kind !== 'organization' && !blank(party.idNumber) && isValidIdNumber(party.idNumber!)) {
    out.push({ idNumber: normalizeIdNumber(party.idNumber!) });
  }
  if (!blank(party.phone) && isValidPhone(party.phone!)) out.push({ phone: normalizePhone(party.phone!) });
  return out;
}

/** One earlier case of a known party, as GET /api/parties/known answers. */
export interface KnownCase {
  id: string;
  caseNo: string;
  title: string;
  state: string;
  createdAt: string;
  partyRole: PartyRole;
}

/** The answers of several look-ups as one list: each case once, newest first. */
export function mergeKnown(lists: readonly (readonly KnownCase[] | undefined)[]): KnownCase[] {
  const byId = new Map<string, KnownCase>();
  for (const list of lists) for (const c of list ?? []) if (!byId.has(c.id)) byId.set(c.id, c);
  return [...byId.values()].sort((a, b) =>
    a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1,
  );
}

/** The Idempotency-Key of a submission attempt and the body it was sent with. */
export interface Attempt {
  key: string;
  body: string;
  /** the server gave a definite answer (a 4xx refusal): nothing was registered under this key */
  refused: boolean;
}

/**
 * The key for sending `body` now. A repeated send (double click, retry after a lost answer)
 * reuses the key, so the server registers the case once; after a definite refusal, a changed
 * body gets a new key. After a lost answer the key stays even if the body changed: the server
 * then refuses the mismatch rather than register twice.
 */
export function attemptFor(prev: Attempt | null, body: RegisterBody, freshKey: () => string): Attempt {
  const json = JSON.stringify(body);
  if (prev && (prev.body === json || !prev.refused)) return { key: prev.key, body: json, refused: false };
  return { key: freshKey(), body: json, refused: false };
}

/** A key from random bytes (crypto.getRandomValues works on plain http too, randomUUID does not). */
export function keyFromBytes(bytes: Uint8Array): string {
  return 'reg-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Accepted attachments (attachments.ts recognises the types by their first bytes). */
export const ATTACHMENT_ACCEPT =
  'image/jpeg,image/png,image/gif,image/webp,application/pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx';
/** The server's default upload limit (YIMEN_UPLOAD_MAX_BYTES); the server has the last word. */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
const ATTACHMENT_EXT = /\.(jpe?g|png|gif|webp|pdf|docx?|xlsx?|pptx?)$/i;

export function attachmentError(file: {
  name: string;
  size: number;
}): 'attachmentType' | 'attachmentSize' | null {
  if (!ATTACHMENT_EXT.test(file.name)) return 'attachmentType';
  return file.size > ATTACHMENT_MAX_BYTES ? 'attachmentSize' : null;
}

/** Working days the receipt promises: accepting, handling (people's mediation longer), follow-up. */
export function nextStepLimits(categoryCode: string, level: HandlingLevel) {
  const pick = (stage: 'accept' | 'handle' | 'follow_up', mediationKind: string | null = null) =>
    pickLimit(DEFAULT_TIME_LIMITS, { stage, categoryCode, level, mediationKind });
  return {
    accept: pick('accept') ?? 1,
    handle: pick('handle') ?? 15,
    mediation: pick('handle', 'people') ?? 30,
    followUp: pick('follow_up') ?? 3,
  };
}

/** The date of an instant in China Standard Time, as the paper shows it: 2026年3月15日 / 2026-03-15. */
export function chinaDate(iso: string, lang: 'zh-CN' | 'en'): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  return lang === 'en'
    ? `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`
    : `${y}年${m}月${day}日`;
}

/** One entry of a case's timeline, as GET /api/cases/:id answers. */
export interface TimelineEvent {
  seq: number;
  at: string;
  action: string;
  actorUnitName: string | null;
  payload: Record<string, unknown>;
}

/** What a decline notice says: the legal ground, where to turn instead, when and by whom. */
export interface DeclineFacts {
  at: string;
  legalGround: string;
  guidance: string;
  note: string | null;
  unitName: string | null;
}

/** The last decline event of a timeline, or null when the case was not declined. */
export function declineOf(timeline: readonly TimelineEvent[]): DeclineFacts | null {
  const e = [...timeline].reverse().find((x) => x.action === 'decline');
  if (!e) return null;
  const p = e.payload;
  return {
    at: e.at,
    legalGround: typeof p.legal_ground === 'string' ? p.legal_ground : '',
    guidance: typeof p.guidance === 'string' ? p.guidance : 'other',
    note: typeof p.note === 'string' && p.note.trim() ? p.note : null,
    unitName: e.actorUnitName,
  };
}
