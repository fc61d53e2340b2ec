-- The fingerprint of the personal-data master key this database was encrypted under (an HMAC of a
-- fixed label: it reveals nothing of the key). A server that starts with another key (a lost key
-- file replaced by a new one, a wrong YIMEN_MASTER_KEY) refuses to start instead of writing data
-- that no key can read alongside data that its key cannot.
create table key_check (
  id integer primary key check (id = 1),
  fingerprint text not null,
  created_at timestamptz not null
);
