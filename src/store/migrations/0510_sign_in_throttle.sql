-- Sign-in throttling, counted and decided in the database: one counter per key, raised by one atomic
-- INSERT … ON CONFLICT DO UPDATE … RETURNING before a password is checked, so that parallel requests and
-- several server instances share one count. Keys: 'account:EMAIL' (browsers the account has not signed in
-- from), 'device:NONCE' (a browser that has, by its signed device cookie), 'address:IP'.
CREATE TABLE sign_in_attempts (
  key           text PRIMARY KEY,
  window_start  timestamptz NOT NULL DEFAULT now(),
  attempts      integer NOT NULL DEFAULT 0
);

-- The per-row log of failures it replaces (counted with SELECT count(*) and then decided: racy).
DROP TABLE login_failures;

-- Secrets the server signs with (the device cookie's), made on first use and shared by every instance.
CREATE TABLE server_keys (
  name  text PRIMARY KEY,
  key   text NOT NULL
);
