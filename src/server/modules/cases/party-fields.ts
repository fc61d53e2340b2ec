// How a party's personal data is written: each field masked for display, sealed (SM4 + HMAC-SM3)
// and blind-indexed for exact lookup and repeat matching. Registration and the resident's
// correction (PIPL art. 46) both write through here, so a corrected value is found like a new one.
import type { Updateable } from 'kysely';
import { addressKey } from '../../../core/analysis/repeat-keys.js';
import { maskAddress, maskIdNumber, maskPhone } from '../../../core/pii/masking.js';
import { normalizeIdNumber, normalizePhone } from '../../../core/pii/validation.js';
import type { PiiField } from '../../crypto/pii-crypto.js';
import type { PartiesTable } from '../../db/tables.js';
import type { AppDeps } from '../../deps.js';

/** The party columns one personal-data field fills (an empty value clears them). */
export function sealPartyField(
  deps: Pick<AppDeps, 'crypto'>,
  field: PiiField,
  value: string | null | undefined,
): Updateable<PartiesTable> {
  switch (field) {
    case 'phone': {
      const phone = value ? normalizePhone(value) : null;
      return {
        phone_masked: phone ? maskPhone(phone) : null,
        phone_enc: phone ? deps.crypto.encrypt('phone', phone) : null,
        phone_bidx: phone ? deps.crypto.blindIndex('phone', phone) : null,
      };
    }
    case 'id_number': {
      const idNo = value ? normalizeIdNumber(value) : null;
      return {
        id_number_masked: idNo ? maskIdNumber(idNo) : null,
        id_number_enc: idNo ? deps.crypto.encrypt('id_number', idNo) : null,
        id_number_bidx: idNo ? deps.crypto.blindIndex('id_number', idNo) : null,
      };
    }
    case 'address': {
      const key = addressKey(value);
      return {
        address_masked: value ? maskAddress(value) : null,
        address_enc: value ? deps.crypto.encrypt('address', value) : null,
        address_bidx: key ? deps.crypto.blindIndex('address', key) : '',
      };
    }
  }
}

/** A party's three personal-data fields, sealed for insertion. */
export function sealPartyFields(
  deps: Pick<AppDeps, 'crypto'>,
  p: { phone?: string | null; idNumber?: string | null; address?: string | null },
) {
  const phone = sealPartyField(deps, 'phone', p.phone);
  const idNo = sealPartyField(deps, 'id_number', p.idNumber);
  const address = sealPartyField(deps, 'address', p.address);
  return {
    phone_masked: phone.phone_masked ?? null,
    phone_enc: phone.phone_enc ?? null,
    phone_bidx: phone.phone_bidx ?? null,
    id_number_masked: idNo.id_number_masked ?? null,
    id_number_enc: idNo.id_number_enc ?? null,
    id_number_bidx: idNo.id_number_bidx ?? null,
    address_masked: address.address_masked ?? null,
    address_enc: address.address_enc ?? null,
    address_bidx: address.address_bidx ?? '',
  };
}
