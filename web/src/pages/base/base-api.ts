// Shapes of the base-information API (.tmp/GRID-API.md section B; the server's TypeBox schemas in
// src/server/modules/base-info are the source): residents, houses and organizations, masked in
// lists and details; clear values only through POST …/:id/unmask with a reason.
import { qs } from '../../api/client';
import type { UnmaskField } from '../work/UnmaskModal';

export const BASE_KINDS = ['residents', 'houses', 'organizations'] as const;
export type BaseKind = (typeof BASE_KINDS)[number];

interface Common {
  id: string;
  regionCode: string;
  regionName: string | null;
  createdAt?: string;
  updatedAt?: string;
}

export interface Resident extends Common {
  name: string;
  idNumber: string;
  phone: string | null;
  gender: string;
  /** the year only: a full birth date beside the masked ID number would give most of it away */
  birthYear: number | null;
  ethnicity?: string | null;
  domicileCode?: string | null;
  address?: string | null;
  residenceStatus: string;
  houseId?: string | null;
  houseRelation?: string | null;
  keyGroups?: string[];
}

export interface House extends Common {
  address: string;
  use: string;
  ownerName: string | null;
  ownerIdNumber: string | null;
  ownerPhone: string | null;
  occupants: number;
  note?: string | null;
  residentCount?: number;
}

export interface Organization extends Common {
  name: string;
  creditCode: string | null;
  kind: string;
  legalRepresentative: string | null;
  phone: string | null;
  address: string | null;
}

export type BaseRecord = Resident | House | Organization;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface BaseFilters {
  q?: string;
  region?: string;
  keyGroup?: string;
}

export const listUrl = (kind: BaseKind, f: BaseFilters, cursor: string | null, limit = 30) =>
  `/api/base/${kind}${qs({ q: f.q, region: f.region, keyGroup: f.keyGroup, cursor, limit })}`;
export const itemUrl = (kind: BaseKind, id: string) => `/api/base/${kind}/${id}`;

/** The personal fields of each kind that can be shown in clear, by the record's property. */
export const PERSONAL_FIELDS: Record<BaseKind, readonly { prop: string; field: UnmaskField }[]> = {
  residents: [
    { prop: 'idNumber', field: 'id_number' },
    { prop: 'phone', field: 'phone' },
    { prop: 'address', field: 'address' },
  ],
  houses: [
    { prop: 'address', field: 'address' },
    { prop: 'ownerIdNumber', field: 'id_number' },
    { prop: 'ownerPhone', field: 'phone' },
  ],
  organizations: [
    { prop: 'phone', field: 'phone' },
    { prop: 'address', field: 'address' },
  ],
};

/** The import kinds of the imports module for each kind of base information. */
export const IMPORT_KIND: Record<BaseKind, string> = {
  residents: 'residents',
  houses: 'houses',
  organizations: 'organizations',
};

/** What a record is called in titles: a resident's (masked) name, a house's address … */
export function recordTitle(kind: BaseKind, r: BaseRecord): string {
  if (kind === 'houses') return (r as House).address;
  return (r as Resident | Organization).name;
}
