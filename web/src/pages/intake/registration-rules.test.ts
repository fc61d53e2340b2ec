import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idCheckChar, makeIdNumber } from '../../../../src/core/pii/validation';
import {
  attachmentError,
  attemptFor,
  buildRegisterBody,
  chinaDate,
  declineOf,
  defaultChannel,
  formErrors,
  idNumberError,
  keyFromBytes,
  knownQueries,
  mergeKnown,
  missingRequired,
  nextStepLimits,
  partiesError,
  partyErrors,
  partyPhoneError,
  phoneError,
  regionError,
  STAFF_CHANNELS,
  type KnownCase,
  type RegisterValues,
} from './registration-rules';

const ID = makeIdNumber('371403', '19900101', '123');
const BAD_ID = ID.slice(0, 17) + (idCheckChar(ID.slice(0, 17)) === '0' ? '1' : '0');

const filled = (over: Partial<RegisterValues> = {}): RegisterValues => ({
  parties: [
    { role: 'applicant', kind: 'person', name: ' 张三 ', phone: '138 1234 5678', idNumber: ID.toLowerCase() },
    { role: 'respondent', kind: 'person', name: '李四' },
  ],
  categoryCode: 'neighbor',
  channel: 'window',
  region: ['371403105', '371403105200'],
  description: '  邻居在通道堆放杂物。 ',
  riskLevel: 'blue',
  ...over,
});

describe('party rules', () => {
  it('accepts mobiles and landlines with area code however they are typed, and an empty phone', () => {
    for (const ok of [
      '13812345678',
      '138-1234-5678',
      '+86 138 1234 5678',
      '0534-2345678',
      '',
      undefined,
      '  ',
    ]) {
      expect(phoneError(ok)).toBeNull();
    }
    for (const bad of ['12345', '1381234567', '23812345678', '2345678', 'abc']) {
      expect(phoneError(bad)).toBe('phoneInvalid');
    }
  });

  it('accepts a valid ID number (a lowercase x too) and refuses a wrong check character or date', () => {
    expect(idNumberError(ID)).toBeNull();
    expect(idNumberError(makeIdNumber('371403', '19880808', '00' + '9').replace(/X$/, 'x'))).toBeNull();
    expect(idNumberError(undefined)).toBeNull();
    expect(idNumberError(BAD_ID)).toBe('idNumberInvalid');
    expect(idNumberError('37140319900230123X')).toBe('idNumberInvalid');
    expect(idNumberError(ID.slice(0, 17))).toBe('idNumberInvalid');
  });

  it('every wrong check character is refused (property)', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1900-01-01T00:00:00Z'),
          max: new Date('2099-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 0, max: 999 }),
        fc.constantFrom(...'0123456789X'),
        (birth, seq, check) => {
          const ymd = birth.toISOString().slice(0, 10).replace(/-/g, '');
          const valid = makeIdNumber('371403', ymd, String(seq).padStart(3, '0'));
          const candidate = valid.slice(0, 17) + check;
          expect(idNumberError(candidate) === null).toBe(candidate === valid);
        },
      ),
    );
  });

  it('an applicant needs a phone; respondents and third parties do not', () => {
    expect(partyPhoneError({ role: 'applicant' })).toBe('applicantPhoneRequired');
    expect(partyPhoneError({ role: 'applicant', phone: '13812345678' })).toBeNull();
    expect(partyPhoneError({ role: 'applicant', phone: '123' })).toBe('phoneInvalid');
    expect(partyPhoneError({ role: 'respondent' })).toBeNull();
    expect(partyPhoneError({ role: 'third_party', phone: '123' })).toBe('phoneInvalid');
  });

  it('collects the errors of a party by field; an organization has no ID number to check', () => {
    expect(partyErrors({ role: 'applicant', name: ' ', phone: '1', idNumber: BAD_ID })).toEqual({
      name: 'required',
      phone: 'phoneInvalid',
      idNumber: 'idNumberInvalid',
    });
    expect(partyErrors({ name: '某公司', kind: 'organization', idNumber: 'whatever' })).toEqual({
      role: 'required',
    });
    expect(partyErrors({ role: 'respondent', name: '李四' })).toEqual({});
  });

  it('needs at least one party, an applicant among them, and at most 20', () => {
    expect(partiesError(undefined)).toBe('noParties');
    expect(partiesError([])).toBe('noParties');
    expect(partiesError([{ role: 'respondent' }])).toBe('noApplicant');
    expect(partiesError([{ role: 'respondent' }, { role: 'applicant' }])).toBeNull();
    expect(partiesError(Array.from({ length: 21 }, () => ({ role: 'applicant' as const })))).toBe(
      'tooManyParties',
    );
  });
});

describe('required fields and the place', () => {
  it('lists the required fields still empty, in form order', () => {
    expect(missingRequired({})).toEqual(['parties', 'categoryCode', 'channel', 'region', 'description']);
    expect(missingRequired(filled())).toEqual([]);
    expect(missingRequired(filled({ description: '   ', region: [] }))).toEqual(['region', 'description']);
  });

  it('wants the place down to a township at least', () => {
    expect(regionError(undefined)).toBe('regionRequired');
    expect(regionError([])).toBe('regionRequired');
    expect(regionError(['371403'])).toBe('regionTooHigh');
    expect(regionError(['371403', '371403105'])).toBeNull();
    expect(regionError(['371403105', '371403105200', '371403105200001'])).toBeNull();
  });

  it('reports every error of a form by field path, nothing for a good one', () => {
    expect(formErrors(filled())).toEqual({});
    expect(
      formErrors(
        filled({
          parties: [{ role: 'respondent', name: '李四', phone: '12' }],
          region: ['371403'],
          categoryCode: undefined,
        }),
      ),
    ).toEqual({
      categoryCode: 'required',
      parties: 'noApplicant',
      'parties.0.phone': 'phoneInvalid',
      region: 'regionTooHigh',
    });
  });
});

describe('the request body', () => {
  it('trims texts, takes the last node of the place, normalizes the ID number, leaves empties out', () => {
    expect(buildRegisterBody(filled({ title: '  ', address: ' 神头镇某村 ' }))).toEqual({
      categoryCode: 'neighbor',
      channel: 'window',
      regionCode: '371403105200',
      description: '邻居在通道堆放杂物。',
      address: '神头镇某村',
      riskLevel: 'blue',
      parties: [
        { role: 'applicant', kind: 'person', name: '张三', phone: '138 1234 5678', idNumber: ID },
        { role: 'respondent', kind: 'person', name: '李四' },
      ],
    });
  });

  it('sends no ID number for an organization, and a person by default', () => {
    const body = buildRegisterBody(
      filled({
        parties: [
          { role: 'applicant', name: '张三', phone: '13812345678' },
          {
            role: 'respondent',
            kind: 'organization',
            name: '某公司',
            idNumber: '91371400MA3C000000',
            address: '',
          },
        ],
      }),
    );
    expect(body.parties).toEqual([
      { role: 'applicant', kind: 'person', name: '张三', phone: '13812345678' },
      { role: 'respondent', kind: 'organization', name: '某公司' },
    ]);
    expect(body).not.toHaveProperty('title');
  });

  it('keeps a title and a township as the place', () => {
    const body = buildRegisterBody(
      filled({ title: ' 堆放杂物 ', region: ['371403105'], riskLevel: undefined }),
    );
    expect(body.title).toBe('堆放杂物');
    expect(body.regionCode).toBe('371403105');
    expect(body).not.toHaveProperty('riskLevel');
  });
});

describe('channels', () => {
  it('defaults to the window for clerks and dispatchers, grid reports for grid workers, patrols for security members', () => {
    expect(defaultChannel('clerk')).toBe('window');
    expect(defaultChannel('dispatcher')).toBe('window');
    expect(defaultChannel('grid_worker')).toBe('grid');
    expect(defaultChannel('security_member')).toBe('patrol');
  });
  it('offers staff no resident or system channel', () => {
    expect(STAFF_CHANNELS).not.toContain('qr');
    expect(STAFF_CHANNELS).not.toContain('api');
    for (const r of ['clerk', 'grid_worker', 'security_member'] as const) {
      expect(STAFF_CHANNELS).toContain(defaultChannel(r));
    }
  });
});

describe('known-party look-ups', () => {
  it('asks nothing until a number is valid, then by the normal form', () => {
    expect(knownQueries(undefined)).toEqual([]);
    expect(knownQueries({ phone: '1381234' })).toEqual([]);
    expect(knownQueries({ phone: '+86 138-1234-5678' })).toEqual([{ phone: '13812345678' }]);
    expect(knownQueries({ idNumber: ID.toLowerCase(), phone: '13812345678' })).toEqual([
      { idNumber: ID },
      { phone: '13812345678' },
    ]);
    expect(knownQueries({ idNumber: BAD_ID })).toEqual([]);
    expect(knownQueries({ kind: 'organization', idNumber: ID })).toEqual([]);
  });

  it('merges answers: each case once, newest first', () => {
    const c = (id: string, createdAt: string): KnownCase => ({
      id,
      caseNo: `no-${id}`,
      title: '',
      state: 'registered',
      createdAt,
      partyRole: 'applicant',
    });
    expect(
      mergeKnown([
        [c('a', '2026-03-01T00:00:00Z'), c('b', '2026-03-03T00:00:00Z')],
        undefined,
        [c('b', '2026-03-03T00:00:00Z'), c('c', '2026-03-02T00:00:00Z')],
      ]).map((x) => x.id),
    ).toEqual(['b', 'c', 'a']);
  });
});

describe('the Idempotency-Key of a submission', () => {
  const body = buildRegisterBody(filled());
  const other = buildRegisterBody(filled({ title: '另一件' }));
  let n = 0;
  const fresh = () => `k${++n}`;

  it('is new for a first submission and the same when the same form is sent again', () => {
    const first = attemptFor(null, body, fresh);
    expect(attemptFor(first, body, fresh).key).toBe(first.key);
  });

  it('is new for a corrected form after a definite refusal, kept after a lost answer', () => {
    const first = attemptFor(null, body, fresh);
    expect(attemptFor({ ...first, refused: true }, other, fresh).key).not.toBe(first.key);
    expect(attemptFor({ ...first, refused: true }, body, fresh).key).toBe(first.key);
    // no answer: the case may exist, so the key stays and the server refuses a changed body
    expect(attemptFor(first, other, fresh).key).toBe(first.key);
  });

  it('keys are hex from random bytes, long enough for the server (8–200)', () => {
    const key = keyFromBytes(new Uint8Array([0, 15, 255, 16]));
    expect(key).toBe('reg-000fff10');
    expect(keyFromBytes(new Uint8Array(16))).toHaveLength(36);
  });
});

describe('attachments, receipt and decline notice', () => {
  it('takes images, PDF and Office documents up to 10 MB', () => {
    expect(attachmentError({ name: 'photo.JPG', size: 1000 })).toBeNull();
    expect(attachmentError({ name: 'a.docx', size: 10 * 1024 * 1024 })).toBeNull();
    expect(attachmentError({ name: 'a.exe', size: 10 })).toBe('attachmentType');
    expect(attachmentError({ name: 'big.png', size: 10 * 1024 * 1024 + 1 })).toBe('attachmentSize');
  });

  it('promises the default time limits', () => {
    expect(nextStepLimits('neighbor', 'township')).toEqual({
      accept: 1,
      handle: 15,
      mediation: 30,
      followUp: 3,
    });
  });

  it('dates the paper in China Standard Time', () => {
    expect(chinaDate('2026-03-15T17:30:00Z', 'zh-CN')).toBe('2026年3月16日');
    expect(chinaDate('2026-03-15T01:30:00Z', 'en')).toBe('2026-03-15');
  });

  it('reads the legal ground and guidance of the last decline event', () => {
    const ev = (seq: number, action: string, payload: Record<string, unknown>) => ({
      seq,
      at: `2026-03-1${seq}T02:00:00Z`,
      action,
      actorUnitName: '神头镇综治中心',
      payload,
    });
    expect(declineOf([ev(1, 'register', {})])).toBeNull();
    expect(
      declineOf([
        ev(1, 'register', {}),
        ev(2, 'decline', { legal_ground: '《人民调解法》第十七条', guidance: 'litigation', note: '' }),
      ]),
    ).toEqual({
      at: '2026-03-12T02:00:00Z',
      legalGround: '《人民调解法》第十七条',
      guidance: 'litigation',
      note: null,
      unitName: '神头镇综治中心',
    });
  });
});
