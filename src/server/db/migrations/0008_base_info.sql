-- Base information (基础信息, the 数据底座): residents, houses and organizations of a grid, with
-- the fields GB/T 31000-2015 (社会治安综合治理基础数据规范) defines for them, and the key-group
-- flags (重点人群) in a table of their own.
--
-- Not partitioned by month, unlike the volume tables: this is master data keyed by person, house
-- or organization, read by id and blind index and updated in place. Monthly partitions by
-- collection date would scatter one village's people across partitions, turn every lookup into a
-- scan of all of them, and force the partition key into every unique index. Instead every key
-- starts with county_code, so a Citus distribution by county (architecture.md) needs no key change.
--
-- Personal data follows the cases' rules (0001): ID numbers, phones and addresses as SM4
-- ciphertext (*_enc) beside their display mask (*_masked) and an HMAC-SM3 blind index (*_bidx)
-- for exact search and duplicate detection. Names stay clear (searched by prefix, masked on read).

create table base_houses (
  county_code text not null,
  id uuid not null,
  region_code text not null references regions (code),
  -- 房屋地址 (the full address: personal data)
  address_masked text not null,
  address_enc bytea not null,
  address_bidx text not null,
  -- 房屋用途
  use text not null check (use in ('residential', 'commercial', 'office', 'industrial', 'warehouse', 'mixed', 'other')),
  -- 产权人: name, ID number and phone
  owner_name text,
  id_number_masked text,
  id_number_enc bytea,
  id_number_bidx text,
  phone_masked text,
  phone_enc bytea,
  phone_bidx text,
  -- 居住人数 as declared
  occupants integer not null default 0 check (occupants >= 0),
  note text,
  created_by uuid references users (id),
  created_at timestamptz not null,
  updated_by uuid references users (id),
  updated_at timestamptz not null,
  primary key (county_code, id)
);
-- pages of a scope, newest first; a record by its id alone (the page links carry no county)
create index base_houses_region_idx on base_houses (region_code text_pattern_ops, id);
create index base_houses_id_idx on base_houses (id);
create unique index base_houses_address_idx on base_houses (county_code, address_bidx);
create index base_houses_address_bidx_idx on base_houses (address_bidx);
create index base_houses_id_number_bidx_idx on base_houses (id_number_bidx);
create index base_houses_phone_bidx_idx on base_houses (phone_bidx);
create index base_houses_owner_name_idx on base_houses (owner_name text_pattern_ops);

create table base_residents (
  county_code text not null,
  id uuid not null,
  region_code text not null references regions (code),
  -- 姓名
  name text not null,
  -- 公民身份号码 (required: the person's key)
  id_number_masked text not null,
  id_number_enc bytea not null,
  id_number_bidx text not null,
  -- 性别 and 出生日期 (as the ID number says, GB 11643)
  gender text not null check (gender in ('male', 'female', 'unknown')),
  birth_date date,
  -- 民族 (GB/T 3304 code)
  ethnicity text check (ethnicity ~ '^[0-9]{2}$'),
  -- 户籍地 (GB/T 2260 region code, county to village; the detailed 户籍地址 is not kept)
  domicile_code text check (domicile_code ~ '^[0-9]{6,12}$'),
  -- 现住址
  address_masked text,
  address_enc bytea,
  -- 联系方式
  phone_masked text,
  phone_enc bytea,
  phone_bidx text,
  -- 人户状态: 人户一致, 人在户不在, 户在人不在
  residence_status text not null check (residence_status in ('consistent', 'here_not_registered', 'registered_not_here')),
  -- the house lived in and the relation to it (与房屋关系)
  house_id uuid,
  house_relation text check (house_relation in ('owner', 'family', 'tenant', 'other')),
  created_by uuid references users (id),
  created_at timestamptz not null,
  updated_by uuid references users (id),
  updated_at timestamptz not null,
  primary key (county_code, id),
  foreign key (county_code, house_id) references base_houses (county_code, id),
  check (house_relation is null or house_id is not null)
);
create index base_residents_region_idx on base_residents (region_code text_pattern_ops, id);
create index base_residents_id_idx on base_residents (id);
-- one row per person and county (a county-local constraint, as Citus needs); the service also
-- refuses a number known in another county
create unique index base_residents_id_number_idx on base_residents (county_code, id_number_bidx);
create index base_residents_id_number_bidx_idx on base_residents (id_number_bidx);
create index base_residents_phone_bidx_idx on base_residents (phone_bidx);
create index base_residents_name_idx on base_residents (name text_pattern_ops);
create index base_residents_house_idx on base_residents (county_code, house_id);

create table base_organizations (
  county_code text not null,
  id uuid not null,
  region_code text not null references regions (code),
  -- 单位名称
  name text not null,
  -- 统一社会信用代码 (GB 32100, public registration data: kept clear)
  credit_code text check (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
  -- 单位类型
  kind text not null check (kind in ('enterprise', 'individual_business', 'public_institution', 'government', 'social_organization', 'other')),
  -- 法定代表人 / 负责人
  legal_representative text,
  -- 联系电话
  phone_masked text,
  phone_enc bytea,
  phone_bidx text,
  -- 单位地址
  address_masked text,
  address_enc bytea,
  created_by uuid references users (id),
  created_at timestamptz not null,
  updated_by uuid references users (id),
  updated_at timestamptz not null,
  primary key (county_code, id)
);
create index base_organizations_region_idx on base_organizations (region_code text_pattern_ops, id);
create index base_organizations_id_idx on base_organizations (id);
create unique index base_organizations_credit_code_idx on base_organizations (county_code, credit_code);
create index base_organizations_credit_code_any_idx on base_organizations (credit_code);
create index base_organizations_phone_bidx_idx on base_organizations (phone_bidx);
create index base_organizations_name_idx on base_organizations (name text_pattern_ops);

-- 重点人群 flags: who set each and why; clearing keeps the row (who cleared it and why).
create table base_key_groups (
  county_code text not null,
  id uuid not null,
  resident_id uuid not null,
  key_group text not null check (key_group in ('released_prisoner', 'community_correction', 'severe_mental_disorder', 'drug_user', 'hiv_risk', 'at_risk_youth')),
  reason text not null,
  set_by uuid not null references users (id),
  set_at timestamptz not null,
  cleared_by uuid references users (id),
  cleared_at timestamptz,
  clear_reason text,
  primary key (county_code, id),
  foreign key (county_code, resident_id) references base_residents (county_code, id),
  check ((cleared_at is null) = (cleared_by is null))
);
create unique index base_key_groups_active_idx on base_key_groups (county_code, resident_id, key_group)
  where cleared_at is null;
create index base_key_groups_resident_idx on base_key_groups (resident_id);
create index base_key_groups_group_idx on base_key_groups (key_group, county_code) where cleared_at is null;

-- The access log of clear reads serves every kind of subject: a case's party or a base record.
alter table pii_access_log rename column party_id to subject_id;
alter table pii_access_log add column subject_type text not null default 'party'
  check (subject_type in ('party', 'resident', 'house', 'organization'));
alter table pii_access_log alter column subject_type drop default;
drop index pii_access_log_party_idx;
create index pii_access_log_subject_idx on pii_access_log (subject_type, subject_id, at);

-- The imports module takes base information too.
alter table import_jobs drop constraint import_jobs_kind_check;
alter table import_jobs add constraint import_jobs_kind_check
  check (kind in ('cases', 'users', 'units', 'mediation_orgs', 'residents', 'houses', 'organizations'));
