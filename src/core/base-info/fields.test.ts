import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeIdNumber } from '../pii/validation.js';
import {
  ETHNICITIES,
  factsOfIdNumber,
  normalizeAddress,
  parseEthnicity,
  parseGender,
  parseHouseUse,
  parseKeyGroup,
  parseOrganizationKind,
  parseResidenceStatus,
} from './fields.js';

describe('coded fields', () => {
  it('has the 56 ethnic groups of GB/T 3304 and the two extra codes', () => {
    expect(Object.keys(ETHNICITIES)).toHaveLength(58);
    expect(ETHNICITIES['01']).toBe('汉族');
    expect(ETHNICITIES['56']).toBe('基诺族');
  });

  it('reads ethnicity from its code, full or short name', () => {
    expect(parseEthnicity('汉族')).toBe('01');
    expect(parseEthnicity('汉')).toBe('01');
    expect(parseEthnicity('3')).toBe('03');
    expect(parseEthnicity('维吾尔族')).toBe('05');
    expect(parseEthnicity('99')).toBeNull();
    expect(parseEthnicity('火星族')).toBeNull();
  });

  it('reads labels, codes and short forms, and nothing from Object', () => {
    expect(parseGender('男')).toBe('male');
    expect(parseGender('2')).toBe('female');
    expect(parseGender('Female')).toBe('female');
    expect(parseResidenceStatus('人在户不在')).toBe('here_not_registered');
    expect(parseHouseUse('商住两用')).toBe('mixed');
    expect(parseOrganizationKind('个体')).toBe('individual_business');
    expect(parseKeyGroup('社区矫正人员')).toBe('community_correction');
    expect(parseKeyGroup('constructor')).toBeNull();
    expect(parseGender('toString')).toBeNull();
  });

  it('reads birth date and gender from a valid ID number only', () => {
    const digit = fc.constantFrom(...'0123456789');
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        fc.string({ unit: digit, minLength: 3, maxLength: 3 }),
        (date, seq) => {
          const ymd = date.toISOString().slice(0, 10);
          const facts = factsOfIdNumber(makeIdNumber('371403', ymd.replace(/-/g, ''), seq));
          expect(facts).toEqual({ birthDate: ymd, gender: Number(seq[2]) % 2 ? 'male' : 'female' });
        },
      ),
    );
    expect(factsOfIdNumber('371403199001011230')).toBeNull();
  });

  it('normalizes an address however it was spaced or punctuated', () => {
    expect(normalizeAddress('德州市 陵城区，神头镇 1 号')).toBe(normalizeAddress('德州市陵城区神头镇1号'));
    expect(normalizeAddress('１号楼（东）')).toBe('1号楼东');
  });
});
