-- Forms posted after a session ended, kept for an hour so they can be offered back after signing in again.
-- In the database, not one process's memory: several instances share it, and the sign-in that follows may
-- reach another instance. Only hashes of the one-time token and of the browser cookie are stored.
CREATE TABLE kept_forms (
  token_hash    text PRIMARY KEY,
  browser_hash  text NOT NULL,
  path          text NOT NULL,
  fields        jsonb NOT NULL,
  expires_at    timestamptz NOT NULL
);
CREATE INDEX kept_forms_expires ON kept_forms(expires_at);
