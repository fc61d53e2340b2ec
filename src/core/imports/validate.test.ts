import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidPhone, makeIdNumber } from '../pii/validation.js';
import type { RegionLevel } from '../regions/region-code.js';
import { COLUMNS, IMPORT_KINDS, normalizeHeader, resolveHeaders, rowFields } from './columns.js';
import type { CaseRowContext, UnitRowContext, UserRowContext } from './validate.js';
import { parseChinaDateTime, roleOf, validateCaseRow, validateUnitRow, validateUserRow } from './validate.js';

const levelOf = (code: string): RegionLevel | null =>
  (({ 4: 'city', 6: 'county', 9: 'township', 12: 'village', 15: 'grid' }) as Record<number, RegionLevel>)[
    code.length
  ] ?? null;

const caseCtx: CaseRowContext = {
  categoryCode: (text) => ({ neighbor: 'neighbor', 邻里纠纷: 'neighbor', labor: 'labor' })[text] ?? null,
  regionLevel: (code) => (code.startsWith('3714') && !code.startsWith('371499') ? levelOf(code) : null),
  mayRegisterAt: (code) => code.startsWith('371403'),
  hasCenterFor: (code) => !code.startsWith('371403199'),
  defaultRegion: null,
};

const goodCase = {
  external_no: 'RX1',
  received_at: '2026-03-15 09:30',
  applicant_name: '张三',
  phone: '13812345678',
  id_number: makeIdNumber('371403', '19900101', '123'),
  description: '邻居占用通道',
  region_code: '371403105200',
  category: '邻里纠纷',
};

describe('headers', () => {
  it('accept the Chinese names, the field names and aliases, loosely written, in any order', () => {
    const m = resolveHeaders('cases', [
      ' 诉求内容 ',
      'External_No',
      '诉求人（必填）',
      '*类别',
      '区划代码',
      'PHONE',
      '',
    ]);
    expect(m.unknown).toEqual([]);
    expect(m.missing).toEqual([]);
    expect(rowFields(m, ['内容', 'RX9', '李四', 'neighbor', '371403105', '13812345678'])).toEqual({
      description: '内容',
      external_no: 'RX9',
      applicant_name: '李四',
      category: 'neighbor',
      region_code: '371403105',
      phone: '13812345678',
    });
  });

  it('name unknown, missing and repeated columns', () => {
    const m = resolveHeaders('cases', ['工单编号', '工单号', '颜色']);
    expect(m.unknown).toEqual(['颜色']);
    expect(m.duplicated).toEqual(['工单号']);
    expect(m.missing).toEqual(['诉求人', '诉求内容', '区划代码', '类别']);
    expect(
      resolveHeaders('cases', ['工单编号', '诉求人', '诉求内容', '类别'], ['region_code']).missing,
    ).toEqual([]);
  });

  it('map every permutation of a template, in either naming, each column once', () => {
    for (const kind of IMPORT_KINDS) {
      fc.assert(
        fc.property(
          fc.shuffledSubarray([...COLUMNS[kind]], { minLength: 1 }),
          fc.boolean(),
          (cols, english) => {
            const headers = cols.map((c) => (english ? c.key.toUpperCase() : `${c.zh} `));
            const m = resolveHeaders(kind, headers);
            expect(m.unknown).toEqual([]);
            expect([...m.byIndex.values()]).toEqual(cols.map((c) => c.key));
            expect(m.missing).toEqual(
              COLUMNS[kind].filter((c) => c.required && !cols.includes(c)).map((c) => c.zh),
            );
          },
        ),
      );
    }
  });

  it('compare without case, spaces, stars or bracketed notes', () => {
    expect(normalizeHeader(' *区划 代码（必填）')).toBe(normalizeHeader('区划代码'));
    expect(normalizeHeader('External_No')).toBe(normalizeHeader('external-no'));
  });
});

describe('date-times', () => {
  it('read China Standard Time in the usual spellings', () => {
    const at = '2026-03-15T01:30:00.000Z';
    for (const s of [
      '2026-03-15 09:30',
      '2026/3/15 9:30:00',
      '2026年3月15日 09:30',
      '2026-03-15T09:30:00+08:00',
      '2026-03-15T01:30:00Z',
    ]) {
      expect(parseChinaDateTime(s)?.toISOString()).toBe(at);
    }
    expect(parseChinaDateTime('2026-03-15')?.toISOString()).toBe('2026-03-14T16:00:00.000Z');
    for (const s of ['2026-02-29 10:00', '2026-13-01', '2026-03-15 24:00', 'yesterday', '15/03/2026']) {
      expect(parseChinaDateTime(s)).toBeNull();
    }
  });

  it('read back any instant written as CST wall-clock time', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1901-01-01T00:00:00Z'),
          max: new Date('2098-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        (d) => {
          const s = new Date(Math.floor(d.getTime() / 1000) * 1000 + 8 * 3600_000).toISOString();
          const text = `${s.slice(0, 10)} ${s.slice(11, 19)}`;
          expect(parseChinaDateTime(text)?.getTime()).toBe(Math.floor(d.getTime() / 1000) * 1000);
        },
      ),
    );
  });
});

describe('a hotline row', () => {
  it('becomes a registration with the applicant (and respondent) as parties', () => {
    const r = validateCaseRow(
      { ...goodCase, respondent_name: '王五', respondent_phone: '0534-2345678', risk_level: '黄' },
      caseCtx,
    );
    expect(r).toEqual({
      ok: true,
      value: {
        externalNo: 'RX1',
        receivedAt: new Date('2026-03-15T01:30:00Z'),
        categoryCode: 'neighbor',
        regionCode: '371403105200',
        description: '邻居占用通道',
        riskLevel: 'yellow',
        parties: [
          { role: 'applicant', name: '张三', phone: '13812345678', idNumber: goodCase.id_number },
          { role: 'respondent', name: '王五', phone: '0534-2345678' },
        ],
      },
    });
  });

  it('is refused with the column of each problem', () => {
    const problems = (over: Record<string, string>, ctx: Partial<CaseRowContext> = {}) => {
      const r = validateCaseRow({ ...goodCase, ...over }, { ...caseCtx, ...ctx });
      return r.ok ? [] : r.problems.map((p) => `${p.column}:${p.key}`);
    };
    expect(problems({ phone: '12345' })).toEqual(['phone:import.bad_phone']);
    expect(problems({ id_number: '371403199001011230' })).toEqual(['id_number:import.bad_id_number']);
    expect(problems({ category: '停车' })).toEqual(['category:import.unknown_category']);
    expect(problems({ region_code: '371499105' })).toEqual(['region_code:import.unknown_region']);
    expect(problems({ region_code: '371403' })).toEqual(['region_code:import.region_too_high']);
    expect(problems({ region_code: '371402001' })).toEqual(['region_code:import.region_out_of_scope']);
    expect(problems({ region_code: '371403199' })).toEqual(['region_code:import.no_center']);
    expect(problems({ region_code: '' })).toEqual(['region_code:import.required']);
    expect(problems({ region_code: '' }, { defaultRegion: '371403105' })).toEqual([]);
    expect(problems({ description: '', external_no: '' })).toEqual([
      'external_no:import.required',
      'description:import.required',
    ]);
    expect(problems({ received_at: '3月15日' })).toEqual(['received_at:import.bad_datetime']);
    expect(problems({ risk_level: 'toString' })).toEqual(['risk_level:import.not_allowed']);
    expect(problems({ respondent_phone: '13812345678' })).toEqual(['respondent_name:import.required']);
    expect(problems({ title: 'x'.repeat(101) })).toEqual(['title:import.too_long']);
  });

  it('accepted, always holds valid phones and a place the importer may register at', () => {
    fc.assert(
      fc.property(
        fc.record({
          phone: fc.oneof(fc.constant(''), fc.stringMatching(/^1[0-9]{10}$/), fc.string({ maxLength: 14 })),
          region_code: fc.oneof(
            fc.constantFrom('', '371403', '371403105', '371402001', '371403105200', '371499105'),
            fc.stringMatching(/^[0-9]{6,15}$/),
          ),
          category: fc.constantFrom('neighbor', 'labor', '停车', ''),
        }),
        (over) => {
          const r = validateCaseRow({ ...goodCase, ...over }, caseCtx);
          if (!r.ok) return;
          for (const p of r.value.parties) if (p.phone) expect(isValidPhone(p.phone)).toBe(true);
          expect(r.value.regionCode.length).toBeGreaterThanOrEqual(9);
          expect(caseCtx.mayRegisterAt(r.value.regionCode)).toBe(true);
        },
      ),
    );
  });
});

describe('an account row', () => {
  const units: Record<
    string,
    {
      kind: 'center' | 'department' | 'mediation_org' | 'village_committee';
      regionCode: string;
      active: boolean;
    }
  > = {
    '371403105-center': { kind: 'center', regionCode: '371403105', active: true },
    '371403-police': { kind: 'department', regionCode: '371403', active: true },
    '371403105200-committee': { kind: 'village_committee', regionCode: '371403105200', active: true },
  };
  const ctx: UserRowContext = {
    unit: (code) => units[code] ?? null,
    scope: (code) => {
      const level = levelOf(code);
      return level ? { code, level, parentCode: code.length === 15 ? code.slice(0, 12) : null } : null;
    },
  };
  const row = (over: Record<string, string>) =>
    validateUserRow(
      {
        username: 'clerk.x',
        display_name: '王五',
        role: '窗口受理员',
        unit_code: '371403105-center',
        ...over,
      },
      ctx,
    );

  it('takes roles by code or Chinese name, and the scope from the unit', () => {
    expect(roleOf('调解员')).toBe('mediator');
    expect(roleOf('dispatcher')).toBe('dispatcher');
    expect(roleOf('toString')).toBeNull();
    expect(row({})).toEqual({
      ok: true,
      value: {
        username: 'clerk.x',
        displayName: '王五',
        role: 'clerk',
        scopeCode: '371403105',
        unitCode: '371403105-center',
      },
    });
  });

  it('follows the account rules of the console', () => {
    const keys = (over: Record<string, string>) => {
      const r = row(over);
      return r.ok ? [] : r.problems.map((p) => p.key);
    };
    expect(keys({ role: 'sys_admin', unit_code: '' })).toEqual(['import.admin_role']);
    expect(keys({ unit_code: '' })).toEqual(['import.required']);
    expect(keys({ unit_code: '', scope_code: '371403105' })).toEqual(['import.unit_required']);
    expect(keys({ unit_code: '371403-police' })).toEqual(['import.unit_kind']);
    expect(keys({ scope_code: '371403' })).toEqual(['import.scope_not_unit_region']);
    expect(keys({ role: '网格员', unit_code: '371403105200-committee' })).toEqual(['import.required']);
    expect(keys({ role: '网格员', unit_code: '371403105200-committee', scope_code: '371403105200' })).toEqual(
      ['import.scope_not_grid'],
    );
    expect(
      keys({ role: '网格员', unit_code: '371403105200-committee', scope_code: '371403105200001' }),
    ).toEqual([]);
    expect(keys({ unit_code: 'nope' })).toEqual(['import.unknown_unit']);
    expect(keys({ username: 'a b' })).toEqual(['import.bad_code']);
    expect(keys({ role: '厨师' })).toEqual(['import.not_allowed']);
  });
});

describe('a unit row', () => {
  const ctx: UnitRowContext = {
    regionLevel: levelOf,
    unit: (code) =>
      code === '371403105-center' ? { kind: 'center', regionCode: '371403105', active: true } : null,
    centerAt: (region) => region === '371403105',
  };
  const keys = (kind: 'units' | 'mediation_orgs', fields: Record<string, string>) => {
    const r = validateUnitRow(kind, fields, ctx);
    return r.ok ? [] : r.problems.map((p) => `${p.column}:${p.key}`);
  };
  const dept = {
    code: 'x-housing',
    name: '住建办',
    kind: '部门',
    region_code: '371403105',
    center_code: '371403105-center',
    department_type: '住建',
    stationing: '轮驻',
  };

  it('follows the unit rules of the console', () => {
    expect(keys('units', dept)).toEqual([]);
    expect(keys('units', { ...dept, center_code: '' })).toEqual(['center_code:import.required']);
    expect(keys('units', { ...dept, stationing: '' })).toEqual(['stationing:import.required']);
    expect(keys('units', { ...dept, region_code: '371403105200' })).toEqual([
      'region_code:import.unit_level',
    ]);
    expect(keys('units', { ...dept, kind: 'constructor' })).toEqual(['kind:import.not_allowed']);
    expect(keys('units', { code: 'c', name: '中心', kind: '综治中心', region_code: '371403105' })).toEqual([
      'region_code:import.center_exists',
    ]);
    expect(keys('units', { code: 'c', name: '中心', kind: 'center', region_code: '371403106' })).toEqual([]);
    expect(
      keys('mediation_orgs', {
        code: 'm',
        name: '调委会',
        mediation_kind: '人民调解',
        region_code: '371403105200',
      }),
    ).toEqual([]);
    expect(
      keys('mediation_orgs', {
        code: 'm',
        name: '调委会',
        mediation_kind: '其他',
        region_code: '371403105200',
      }),
    ).toEqual(['mediation_kind:import.not_allowed']);
    expect(
      keys('mediation_orgs', {
        code: 'm',
        name: '调委会',
        mediation_kind: 'people',
        region_code: '371403105200',
        center_code: 'nope',
      }),
    ).toEqual(['center_code:import.unknown_center']);
  });
});
