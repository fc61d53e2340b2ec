// Request and answer schemas of /api/base/* (TypeBox). Answers are documented loosely: they
// carry masked values only, as the services build them.
import { Type } from '@sinclair/typebox';
import {
  GENDERS,
  HOUSE_RELATIONS,
  HOUSE_USES,
  KEY_GROUPS,
  ORGANIZATION_KINDS,
  RESIDENCE_STATUSES,
} from '../../../core/base-info/fields.js';
import { Nullable, StringEnum, Uuid } from '../../http/schemas.js';

const Text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });
const RegionCode = Type.String({ pattern: '^[0-9]{2,15}$', maxLength: 15 });
const GridCode = Type.String({ pattern: '^[0-9]{15}$', description: 'a grid: village code + 3 digits' });

export const IdParams = Type.Object({ id: Uuid });

const Paging = {
  cursor: Type.Optional(Uuid),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
};

export const ListQuery = Type.Object(
  {
    region: Type.Optional(RegionCode),
    q: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description:
          'an exact ID number or phone (blind index), a credit code, an exact address, or a name prefix',
      }),
    ),
    ...Paging,
  },
  { additionalProperties: false },
);

export const ResidentListQuery = Type.Object(
  {
    region: Type.Optional(RegionCode),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    keyGroup: Type.Optional(StringEnum(KEY_GROUPS)),
    houseId: Type.Optional(Uuid),
    ...Paging,
  },
  { additionalProperties: false },
);

const residentFields = {
  regionCode: Type.Optional(GridCode),
  name: Text(50),
  idNumber: Type.String({ minLength: 1, maxLength: 18 }),
  gender: Type.Optional(StringEnum(GENDERS)),
  birthDate: Type.Optional(Type.String({ format: 'date' })),
  ethnicity: Type.Optional(Nullable(Type.String({ pattern: '^[0-9]{2}$' }))),
  domicileCode: Type.Optional(Nullable(Type.String({ maxLength: 12 }))),
  address: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 30 }))),
  residenceStatus: Type.Optional(StringEnum(RESIDENCE_STATUSES)),
  houseId: Type.Optional(Nullable(Uuid)),
  houseRelation: Type.Optional(Nullable(StringEnum(HOUSE_RELATIONS))),
};
export const ResidentCreate = Type.Object(residentFields, { additionalProperties: false });
export const ResidentPatch = Type.Partial(Type.Object(residentFields), {
  additionalProperties: false,
  minProperties: 1,
});

const houseFields = {
  regionCode: Type.Optional(GridCode),
  address: Text(200, 2),
  use: Type.Optional(StringEnum(HOUSE_USES)),
  ownerName: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
  ownerIdNumber: Type.Optional(Nullable(Type.String({ maxLength: 18 }))),
  ownerPhone: Type.Optional(Nullable(Type.String({ maxLength: 30 }))),
  occupants: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
  note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
};
export const HouseCreate = Type.Object(houseFields, { additionalProperties: false });
export const HousePatch = Type.Partial(Type.Object(houseFields), {
  additionalProperties: false,
  minProperties: 1,
});

const organizationFields = {
  regionCode: Type.Optional(GridCode),
  name: Text(100),
  creditCode: Type.Optional(Nullable(Type.String({ maxLength: 18 }))),
  kind: Type.Optional(StringEnum(ORGANIZATION_KINDS)),
  legalRepresentative: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 30 }))),
  address: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
};
export const OrganizationCreate = Type.Object(organizationFields, { additionalProperties: false });
export const OrganizationPatch = Type.Partial(Type.Object(organizationFields), {
  additionalProperties: false,
  minProperties: 1,
});

export const UnmaskBody = Type.Object(
  { field: StringEnum(['phone', 'id_number', 'address'] as const), reason: Text(500, 2) },
  { additionalProperties: false },
);
export const UnmaskAnswer = Type.Object({ field: Type.String(), value: Nullable(Type.String()) });

export const KeyGroupsBody = Type.Object(
  {
    groups: Type.Array(StringEnum(KEY_GROUPS), { maxItems: KEY_GROUPS.length, uniqueItems: true }),
    reason: Text(500, 2),
  },
  { additionalProperties: false },
);

/** An answer item: documented loosely (masked values, see the services). */
export const Item = Type.Object({ id: Type.String() }, { additionalProperties: true });
export const Page = Type.Object({ items: Type.Array(Item), nextCursor: Nullable(Type.String()) });
