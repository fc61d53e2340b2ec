import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeCreditCode } from '../base-info/credit-code.js';
import { makeIdNumber } from '../pii/validation.js';
import { COLUMNS, resolveHeaders } from './columns.js';
import type { BaseRowContext } from './validate-base.js';
import {
  baseRowKey,
  parseDay,
  validateHouseRow,
  validateOrganizationRow,
  validateResidentRow,
} from './validate-base.js';

const GRID = '371403105200001';
const ctx: BaseRowContext = {
  regionLevel: (code) =>
    code === GRID || code === '371403105201001' ? 'grid' : code === '371403105200' ? 'village' : null,
  mayImportAt: (code) => code === GRID,
  defaultRegion: null,
};
const id = makeIdNumber('371403', '19900101', '123');
const good = { name: '张三', id_number: id, region_code: GRID };
const keys = (r: ReturnType<typeof validateResidentRow>) =>
  r.ok ? [] : r.problems.map((p) => `${p.column}:${p.key}`);

describe('resident rows', () => {
  it('take gender and birth date from the ID number and default the rest', () => {
    expect(
      validateResidentRow(
        { ...good, id_number: id.toLowerCase(), ethnicity: '回', phone: '+86 138 1234 5678' },
        ctx,
      ),
    ).toEqual({
      ok: true,
      value: {
        regionCode: GRID,
        name: '张三',
        idNumber: id,
        gender: 'male',
        birthDate: '1990-01-01',
        ethnicity: '03',
        domicileCode: null,
        address: null,
        phone: '13812345678',
        residenceStatus: 'consistent',
      },
    });
  });

  it('refuse a wrong checksum, a bad phone, a mismatch, a place out of scope or not a grid', () => {
    const bad = id.slice(0, 17) + (id.endsWith('0') ? '1' : '0');
    expect(keys(validateResidentRow({ ...good, id_number: bad }, ctx))).toEqual([
      'id_number:import.bad_id_number',
    ]);
    expect(keys(validateResidentRow({ ...good, phone: '1381234' }, ctx))).toEqual(['phone:import.bad_phone']);
    expect(keys(validateResidentRow({ ...good, gender: '女', birth_date: '1990-01-02' }, ctx))).toEqual([
      'gender:import.id_mismatch',
      'birth_date:import.id_mismatch',
    ]);
    expect(keys(validateResidentRow({ ...good, region_code: '371403105201001' }, ctx))).toEqual([
      'region_code:import.region_out_of_scope',
    ]);
    expect(keys(validateResidentRow({ ...good, region_code: '371403105200' }, ctx))).toEqual([
      'region_code:import.not_grid',
    ]);
    expect(keys(validateResidentRow({ ...good, region_code: '' }, ctx))).toEqual([
      'region_code:import.required',
    ]);
    expect(validateResidentRow({ ...good, region_code: '' }, { ...ctx, defaultRegion: GRID }).ok).toBe(true);
    expect(keys(validateResidentRow({ ...good, residence_status: '流浪' }, ctx))).toEqual([
      'residence_status:import.not_allowed',
    ]);
    expect(keys(validateResidentRow({ region_code: GRID }, ctx))).toEqual([
      'name:import.required',
      'id_number:import.required',
    ]);
  });

  it('never accept a row whose ID number fails its checksum', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'0123456789X'), minLength: 18, maxLength: 18 }),
        (text) => {
          const r = validateResidentRow({ ...good, id_number: text }, ctx);
          if (r.ok) expect(makeIdNumber(text.slice(0, 6), text.slice(6, 14), text.slice(14, 17))).toBe(text);
        },
      ),
    );
  });
});

describe('house and organization rows', () => {
  it('check the owner, the count and the credit code', () => {
    expect(
      validateHouseRow({ address: '神头镇 1 号', region_code: GRID, use: '商铺', occupants: '3' }, ctx),
    ).toMatchObject({
      ok: true,
      value: { use: 'commercial', occupants: 3, ownerIdNumber: null },
    });
    const h = validateHouseRow(
      { address: '神头镇 1 号', region_code: GRID, occupants: '-1', owner_id_number: '1' },
      ctx,
    );
    expect(h.ok ? [] : h.problems.map((p) => p.key)).toEqual(['import.bad_id_number', 'import.bad_count']);
    const code = makeCreditCode('91371403MA3C00001');
    expect(
      validateOrganizationRow({ name: '某公司', credit_code: code.toLowerCase(), region_code: GRID }, ctx),
    ).toMatchObject({
      ok: true,
      value: { creditCode: code, kind: 'enterprise' },
    });
    const o = validateOrganizationRow(
      { name: '某公司', credit_code: code.slice(0, 17) + 'Z', region_code: GRID },
      ctx,
    );
    expect(o.ok ? [] : o.problems.map((p) => p.key)).toEqual(['import.bad_credit_code']);
  });

  it('key rows by normal ID number, normal address and credit code', () => {
    expect(baseRowKey('residents', { id_number: ` ${id.toLowerCase()} ` })).toBe(id);
    expect(baseRowKey('houses', { address: '神头镇 1 号' })).toBe(
      baseRowKey('houses', { address: '神头镇1号' }),
    );
    expect(baseRowKey('organizations', {})).toBe('');
  });

  it('read dates as staff write them', () => {
    expect(parseDay('1990/1/2')).toBe('1990-01-02');
    expect(parseDay('19900102')).toBe('1990-01-02');
    expect(parseDay('1990年1月2日')).toBe('1990-01-02');
    expect(parseDay('1990-02-30')).toBeNull();
  });

  it('have templates whose Chinese headers all resolve', () => {
    for (const kind of ['residents', 'houses', 'organizations'] as const) {
      const m = resolveHeaders(
        kind,
        COLUMNS[kind].map((c) => c.zh),
      );
      expect(m.unknown).toEqual([]);
      expect(m.missing).toEqual([]);
    }
  });
});
