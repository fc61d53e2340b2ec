import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../../../src/core/base-info/credit-code';
import { makeIdNumber } from '../../../../src/core/pii/validation';
import {
  FIELDS,
  createBody,
  editValues,
  factsToFill,
  fieldError,
  formErrors,
  patchBody,
  searchTerm,
} from './base-rules';

const id = makeIdNumber('371403', '19800101', '124');
const grid = '371403105200001';

describe('base information forms', () => {
  it('requires the key fields and checks ID numbers, phones, credit codes and the grid', () => {
    expect(formErrors('residents', {})).toMatchObject({
      regionCode: 'required',
      name: 'required',
      idNumber: 'required',
      residenceStatus: 'required',
    });
    const ok = { regionCode: grid, name: '王芳', idNumber: id, residenceStatus: 'consistent' };
    expect(formErrors('residents', ok)).toEqual({});
    expect(
      formErrors('residents', { ...ok, idNumber: id.slice(0, 17) + (id[17] === '1' ? '2' : '1') }),
    ).toEqual({
      idNumber: 'idNumberInvalid',
    });
    expect(formErrors('residents', { ...ok, phone: '1381234567' })).toEqual({ phone: 'phoneInvalid' });
    expect(formErrors('residents', { ...ok, phone: '138 1234 5678' })).toEqual({});
    expect(formErrors('residents', { ...ok, regionCode: '371403105200' })).toEqual({
      regionCode: 'gridRequired',
    });
    const org = { regionCode: grid, name: '神头镇某公司', kind: 'enterprise' };
    expect(formErrors('organizations', { ...org, creditCode: makeCreditCode('91371403MA3C12345') })).toEqual(
      {},
    );
    expect(formErrors('organizations', { ...org, creditCode: '91371403MA3C123450' })).toMatchObject({
      creditCode: 'creditCodeInvalid',
    });
  });

  it('lets an edit leave personal fields empty (unchanged), never a create', () => {
    const def = FIELDS.residents.find((d) => d.name === 'idNumber')!;
    expect(fieldError(def, '', false)).toBe('required');
    expect(fieldError(def, '', true)).toBeNull();
  });

  it('sends normal forms in a create and only what changed in an edit', () => {
    expect(
      createBody('residents', {
        regionCode: grid,
        name: ' 王芳 ',
        idNumber: id.toLowerCase(),
        phone: '+86 138-1234-5678',
        residenceStatus: 'consistent',
        address: '',
      }),
    ).toEqual({
      regionCode: grid,
      name: '王芳',
      idNumber: id.toUpperCase(),
      phone: '13812345678',
      residenceStatus: 'consistent',
    });
    const record = {
      regionCode: grid,
      name: '王芳',
      idNumber: '371***********1234',
      gender: 'female',
      ethnicity: '01',
    };
    expect(editValues('residents', record)).not.toHaveProperty('idNumber');
    expect(
      patchBody('residents', { ...editValues('residents', record), ethnicity: undefined }, record),
    ).toEqual({
      ethnicity: null,
    });
    expect(
      patchBody('residents', { ...editValues('residents', record), phone: '13812345678' }, record),
    ).toEqual({
      phone: '13812345678',
    });
  });

  it('never sends a masked value back (personal fields come only from what is typed)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (name, masked) => {
        const record = { regionCode: grid, name: 'x', idNumber: masked, phone: masked, address: masked };
        const body = patchBody('residents', { ...editValues('residents', record), name }, record);
        expect(body).not.toHaveProperty('idNumber');
        expect(body).not.toHaveProperty('phone');
        expect(body).not.toHaveProperty('address');
      }),
    );
  });

  it('fills gender and birth date from a valid ID number when empty', () => {
    expect(factsToFill({ idNumber: id })).toEqual({ gender: 'female', birthDate: '1980-01-01' });
    expect(factsToFill({ idNumber: id, gender: 'male' })).toEqual({ birthDate: '1980-01-01' });
    expect(factsToFill({ idNumber: '123' })).toEqual({});
  });

  it('searches a whole ID number or phone exactly, in normal form, and anything else as a name', () => {
    expect(searchTerm(` ${id.toLowerCase()} `)).toBe(id.toUpperCase());
    expect(searchTerm('138-1234-5678')).toBe('13812345678');
    expect(searchTerm(' 王 ')).toBe('王');
  });
});
