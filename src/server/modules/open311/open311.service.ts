// Open311 GeoReport v2 use cases: services from the category taxonomy, a service request as a case
// with channel 'api' (registered by the system, placed by region code), and the public view of
// requests — state, unit and region name only: never a party, a description or an address.
import { open311Status, serviceOf, statusNote } from '../../../core/open311/open311.js';
import type { CaseState, Outcome } from '../../../core/workflow/case-model.js';
import { isValidPhone } from '../../../core/pii/validation.js';
import { ancestorCodes } from '../../../core/regions/region-code.js';
import type { AppDeps } from '../../deps.js';
import { withTransaction } from '../../db/transaction.js';
import { HttpError } from '../../http/errors.js';
import type { Lang } from '../../http/i18n.js';
import type { ApiKeyInfo } from '../api-keys/api-keys.service.js';
import { registerCaseInTx, systemContext } from '../cases/register-case.js';
import type { PartyInput } from '../cases/register-case.js';
import { open311Error } from './open311.format.js';
import * as q from './open311.queries.js';

const short = (lang: Lang): 'zh' | 'en' => (lang === 'en' ? 'en' : 'zh');

/** The spec's default window and page size of GET requests. */
export const DEFAULT_DAYS = 90;
export const MAX_RESULTS = 1000;

/** The one attribute every service has: where the request is, as a region code. */
export function regionAttribute(lang: Lang) {
  const en = lang === 'en';
  return {
    variable: true,
    code: 'region',
    datatype: 'string',
    required: false,
    datatype_description: en
      ? 'Statistical region code of a township (9 digits), village (12) or grid (15), e.g. 371403105200'
      : '乡镇（街道，9 位）、村（社区，12 位）或网格（15 位）的统计区划代码，如 371403105200',
    order: 1,
    description: en
      ? 'Where the dispute is. Without it (or address_id) the request is placed at the region of the API key, which must then be a township or below.'
      : '纠纷发生地。不填（也未给 address_id）时按 API 密钥所属区划登记，此时该区划须为乡镇（街道）或以下。',
    values: [] as { key: string; name: string }[],
  };
}

export async function listServices(deps: AppDeps, lang: Lang) {
  return (await q.activeCategories(deps.db.kysely)).map((c) => serviceOf(c, short(lang)));
}

export async function serviceDefinition(deps: AppDeps, code: string, lang: Lang) {
  const cat = await q.findActiveCategory(deps.db.kysely, code);
  if (!cat) throw open311Error(404, 'open311.unknown_service', { code });
  return { service_code: cat.code, attributes: [regionAttribute(lang)] };
}

/** The form fields of POST requests, each a string when given. */
export type RequestParams = Record<string, string | undefined>;

const KNOWN_ATTRIBUTES = new Set(['region']);

function text(p: RequestParams, name: string, max: number): string | undefined {
  const v = p[name]?.trim();
  if (!v) return undefined;
  if ([...v].length > max) throw open311Error(400, 'open311.too_long', { field: name, max });
  return v;
}

function coordinate(p: RequestParams, name: 'lat' | 'long'): number | undefined {
  const raw = p[name]?.trim();
  if (!raw) return undefined;
  const n = /^[-+]?\d{1,3}(\.\d+)?$/.test(raw) ? Number(raw) : NaN;
  const limit = name === 'lat' ? 90 : 180;
  if (!Number.isFinite(n) || Math.abs(n) > limit)
    throw open311Error(400, 'open311.bad_coordinate', { field: name });
  return n;
}

const CJK_ONLY = /^[\p{Script=Han}·]+$/u;

/** Chinese names are family name first and written together; others "first last". */
function applicantName(first?: string, last?: string): string {
  if (!first && !last) return '匿名（Open311）';
  if ((!first || CJK_ONLY.test(first)) && (!last || CJK_ONLY.test(last)))
    return `${last ?? ''}${first ?? ''}`;
  return [first, last].filter(Boolean).join(' ');
}

/** Creates a case from a GeoReport POST; answers after COMMIT with the case number. */
export async function createServiceRequest(
  deps: AppDeps,
  key: ApiKeyInfo,
  p: RequestParams,
  meta: { ip: string | null; lang: Lang },
): Promise<{ service_request_id: string; service_notice: string; account_id: null }> {
  const serviceCode = text(p, 'service_code', 40);
  if (!serviceCode) throw open311Error(400, 'open311.required', { field: 'service_code' });
  const category = await q.findActiveCategory(deps.db.kysely, serviceCode);
  if (!category) throw open311Error(404, 'open311.unknown_service', { code: serviceCode });

  for (const name of Object.keys(p)) {
    const m = /^attribute\[(.*)\]$/.exec(name);
    if (m && !KNOWN_ATTRIBUTES.has(m[1]!))
      throw open311Error(400, 'open311.unknown_attribute', { code: m[1]! });
  }
  const lat = coordinate(p, 'lat');
  const long = coordinate(p, 'long');
  if ((lat === undefined) !== (long === undefined)) throw open311Error(400, 'open311.lat_long_pair');
  const addressString = text(p, 'address_string', 200);
  const addressId = text(p, 'address_id', 15);
  if (lat === undefined && !addressString && !addressId) throw open311Error(400, 'open311.location_required');
  const regionAttr = text(p, 'attribute[region]', 15);

  const description = text(p, 'description', 4000);
  const first = text(p, 'first_name', 50);
  const last = text(p, 'last_name', 50);
  const phone = text(p, 'phone', 30);
  if (phone && !isValidPhone(phone)) throw open311Error(400, 'open311.bad_phone');
  const email = text(p, 'email', 254);
  // e-mail is checked but not kept: a party has no e-mail field, and what is not needed is not stored
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw open311Error(400, 'open311.bad_email');
  const mediaUrl = text(p, 'media_url', 1000);
  if (mediaUrl && !/^https?:\/\/[^\s]+$/i.test(mediaUrl)) throw open311Error(400, 'open311.bad_media_url');
  const jurisdictionId = text(p, 'jurisdiction_id', 64);
  text(p, 'device_id', 100);
  text(p, 'account_id', 100);

  // the place: address_id, else the region attribute, else the key's own region node
  const [placeField, regionCode] = addressId
    ? ['address_id', addressId]
    : regionAttr
      ? ['attribute[region]', regionAttr]
      : ['api_key', key.regionCode];
  if (placeField !== 'api_key') {
    if (!/^\d{2,15}$/.test(regionCode) || !(await q.regionExists(deps.db.kysely, regionCode))) {
      throw open311Error(400, 'open311.unknown_region', { field: placeField, code: regionCode });
    }
    if (!regionCode.startsWith(key.regionCode)) {
      throw open311Error(403, 'open311.region_out_of_scope', { code: regionCode, scope: key.regionCode });
    }
  }
  if (regionCode.length < 9) throw open311Error(400, 'open311.region_too_high', { code: regionCode });

  const parties: PartyInput[] = [
    { role: 'applicant', kind: 'person', name: applicantName(first, last), ...(phone ? { phone } : {}) },
  ];
  const serviceName = short(meta.lang) === 'en' ? category.name_en : category.name_zh;
  const now = deps.clock();
  const created = await withTransaction(deps.db, async (trx) => {
    const c = await registerCaseInTx(
      trx,
      deps,
      systemContext(`open311:${key.name}`),
      {
        categoryCode: category.code,
        channel: 'api',
        regionCode,
        description: description ?? category.name_zh,
        ...(addressString ? { address: addressString } : {}),
        ...(lat !== undefined ? { latitude: lat, longitude: long } : {}),
        parties,
      },
      meta.ip,
    );
    await q.insertOpen311Request(trx, {
      county_code: regionCode.slice(0, 6),
      case_id: c.id,
      api_key_id: key.id,
      service_code: category.code,
      jurisdiction_id: jurisdictionId ?? null,
      media_url: mediaUrl ?? null,
      created_at: now,
    });
    return c;
  }).catch((err: unknown) => {
    // registration's own refusals (no center for the place …) keep their text, in Open311's shape
    if (err instanceof HttpError && !(err.statusCode >= 500))
      throw open311Error(400, err.messageKey, err.params);
    throw err;
  });
  return {
    service_request_id: created.caseNo,
    service_notice:
      short(meta.lang) === 'en'
        ? `Registered as case ${created.caseNo} (${serviceName}); the center assigns it, usually within one working day.`
        : `已登记为案件 ${created.caseNo}（${serviceName}），综治中心一般在 1 个工作日内分流交办。`,
    account_id: null,
  };
}

export interface RequestQuery {
  service_request_id?: string;
  service_code?: string;
  start_date?: string;
  end_date?: string;
  status?: string;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/;

function isoDate(value: string, field: string): Date {
  const d = ISO.test(value) ? new Date(value) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw open311Error(400, 'open311.bad_date', { field });
  return d;
}

function list(value: string | undefined, max: number, field: string): string[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const items = [
    ...new Set(
      value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  if (items.length > max || items.some((s) => s.length > 64))
    throw open311Error(400, 'open311.bad_list', { field });
  return items;
}

const OPEN_STATES: CaseState[] = ['registered', 'assigned', 'in_progress'];
const CLOSED_STATES: CaseState[] = ['concluded', 'followed_up', 'archived', 'withdrawn', 'declined'];

/** GET requests: by ids (other filters ignored, as the spec says), else by service, dates and status. */
export async function findServiceRequests(deps: AppDeps, key: ApiKeyInfo, query: RequestQuery, lang: Lang) {
  const ids = list(query.service_request_id, MAX_RESULTS, 'service_request_id');
  if (ids)
    return present(
      deps,
      await q.findRequests(deps.db.kysely, { scope: key.regionCode, caseNos: ids, limit: MAX_RESULTS }),
      lang,
    );

  const serviceCodes = list(query.service_code, 100, 'service_code');
  const statuses = list(query.status, 2, 'status');
  if (statuses?.some((s) => s !== 'open' && s !== 'closed')) throw open311Error(400, 'open311.bad_status');
  const states = statuses
    ? [
        ...(statuses.includes('open') ? OPEN_STATES : []),
        ...(statuses.includes('closed') ? CLOSED_STATES : []),
      ]
    : undefined;
  const now = deps.clock();
  const day = 24 * 3600_000;
  const end = query.end_date ? isoDate(query.end_date, 'end_date') : undefined;
  const start = query.start_date ? isoDate(query.start_date, 'start_date') : undefined;
  const to = end ?? (start ? new Date(start.getTime() + DEFAULT_DAYS * day) : now);
  const from = start ?? new Date(to.getTime() - DEFAULT_DAYS * day);
  if (from > to) throw open311Error(400, 'open311.date_order');
  if (to.getTime() - from.getTime() > DEFAULT_DAYS * day)
    throw open311Error(400, 'open311.date_range', { days: DEFAULT_DAYS });
  const rows = await q.findRequests(deps.db.kysely, {
    scope: key.regionCode,
    serviceCodes,
    states,
    from,
    to,
    limit: MAX_RESULTS,
  });
  return present(deps, rows, lang);
}

/** GET requests/{id}: one request of the key's region, or 404. */
export async function findServiceRequest(deps: AppDeps, key: ApiKeyInfo, caseNo: string, lang: Lang) {
  const rows = await q.findRequests(deps.db.kysely, { scope: key.regionCode, caseNos: [caseNo], limit: 1 });
  if (rows.length === 0) throw open311Error(404, 'open311.unknown_request', { id: caseNo.slice(0, 64) });
  return present(deps, rows, lang);
}

type Row = Awaited<ReturnType<typeof q.findRequests>>[number];

/** The public view: what a stranger may see of a case (no party, no description, no street address). */
async function present(deps: AppDeps, rows: Row[], lang: Lang) {
  const l = short(lang);
  // the address is the place's region names from the county down (县 区 + 镇 + 村), never a street
  const codes = new Set<string>();
  for (const r of rows)
    for (const c of [...ancestorCodes(r.region_code), r.region_code]) if (c.length >= 6) codes.add(c);
  const names = await q.regionNames(deps.db.kysely, [...codes]);
  return rows.map((r) => ({
    service_request_id: r.case_no,
    status: open311Status(r.state as CaseState),
    status_notes: statusNote(r.state as CaseState, r.outcome as Outcome | null, l),
    service_name: l === 'en' ? r.name_en : r.name_zh,
    service_code: r.category_code,
    agency_responsible: r.lead_name ?? r.owner_name,
    service_notice: null,
    requested_datetime: r.created_at.toISOString(),
    updated_datetime: r.updated_at.toISOString(),
    expected_datetime: r.deadline_at?.toISOString() ?? null,
    address: [...ancestorCodes(r.region_code), r.region_code]
      .filter((c) => c.length >= 6)
      .map((c) => names.get(c) ?? '')
      .join(''),
    address_id: r.region_code,
    zipcode: null,
  }));
}
