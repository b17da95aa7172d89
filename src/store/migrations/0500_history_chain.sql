-- A hash chain over the append-only history: every entry gets a link (position, hash of its content, the
-- previous link's hash, its own hash), so that a changed, removed or inserted entry shows. `yjinspect
-- verify-history` re-checks it (src/store/history-chain.ts, which computes the same content text itself).
--
-- The link is written by a deferred trigger at commit, under a lock on history_chain: concurrent transactions
-- take turns only while they commit (never a fork, and no lock held while a transaction still waits for
-- other rows). The functions that write links or redact are SECURITY DEFINER, so the service's login role
-- needs no rights on history_chain (README: running under a role that cannot alter the trigger).

CREATE TABLE history_chain (
  seq           bigint PRIMARY KEY,
  history_id    bigint NOT NULL UNIQUE REFERENCES history(id),
  content_hash  text NOT NULL,
  prev_hash     text NOT NULL UNIQUE,
  chain_hash    text NOT NULL
);

-- The canonical content of an entry: one JSON array, as PostgreSQL prints jsonb (the same on PGlite), the
-- time in UTC to the microsecond whatever the session's TimeZone.
CREATE FUNCTION history_content_hash(h history) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to(jsonb_build_array(h.id,
    to_char(h.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), h.actor_id, h.inspection_id, h.case_id,
    h.entity, h.entity_id, h.action, h.before, h.after, h.reason)::text, 'UTF8')), 'hex')
$$;

CREATE FUNCTION history_chain_link_hash(prev text, content text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(prev || content, 'UTF8')), 'hex')
$$;

CREATE FUNCTION history_chain_append() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
  last_seq bigint;
  prev text;
  content text;
BEGIN
  -- A restore brings each entry's link with it.
  IF EXISTS (SELECT 1 FROM history_chain WHERE history_id = NEW.id) THEN
    RETURN NULL;
  END IF;
  LOCK TABLE history_chain IN SHARE ROW EXCLUSIVE MODE;
  SELECT seq, chain_hash INTO last_seq, prev FROM history_chain ORDER BY seq DESC LIMIT 1;
  prev := coalesce(prev, repeat('0', 64));
  content := history_content_hash(NEW);
  INSERT INTO history_chain (seq, history_id, content_hash, prev_hash, chain_hash)
  VALUES (coalesce(last_seq, 0) + 1, NEW.id, content, prev, history_chain_link_hash(prev, content));
  RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER history_chain_link AFTER INSERT ON history
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION history_chain_append();

-- No back-dating: an entry written by any role but the tables' owner (who restores backups) is stamped now.
CREATE FUNCTION history_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER') THEN
    NEW.at := now();
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER history_stamp BEFORE INSERT ON history FOR EACH ROW EXECUTE FUNCTION history_stamp();

-- Redaction of text typed by mistake: `fields` lists dotted paths (`reason`, `before.note`, `after.items.2`)
-- whose string values become the marker. Nothing else of the entry changes.
CREATE FUNCTION history_redacted(h history, fields jsonb) RETURNS history LANGUAGE plpgsql STABLE AS $$
DECLARE
  f text;
  p text[];
BEGIN
  IF jsonb_typeof(fields) IS DISTINCT FROM 'array' OR jsonb_array_length(fields) = 0 THEN
    RAISE EXCEPTION 'redaction of history entry % names no field', h.id USING ERRCODE = '22023';
  END IF;
  FOR f IN SELECT jsonb_array_elements_text(fields) LOOP
    p := string_to_array(f, '.');
    IF f = 'reason' AND h.reason IS NOT NULL THEN
      h.reason := '[redacted]';
    ELSIF p[1] = 'before' AND cardinality(p) > 1 AND jsonb_typeof(h.before #> p[2:]) = 'string' THEN
      h.before := jsonb_set(h.before, p[2:], '"[redacted]"');
    ELSIF p[1] = 'after' AND cardinality(p) > 1 AND jsonb_typeof(h.after #> p[2:]) = 'string' THEN
      h.after := jsonb_set(h.after, p[2:], '"[redacted]"');
    ELSE
      RAISE EXCEPTION 'history entry % has no text at %', h.id, f USING ERRCODE = '22023';
    END IF;
  END LOOP;
  RETURN h;
END;
$$;

-- Records the redaction as a new entry (who, when, why, which fields, the content hash before and after:
-- never the text), then replaces the text in place. Returns the redaction entry's id.
CREATE FUNCTION history_redact(entry bigint, actor text, why text, fields jsonb) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
  was history;
  redacted history;
  redaction_id bigint;
BEGIN
  SELECT * INTO was FROM history WHERE id = entry FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no history entry %', entry USING ERRCODE = 'P0002';
  END IF;
  IF was.entity = 'history' AND was.action = 'redact' THEN
    RAISE EXCEPTION 'history entry % records a redaction and cannot itself be redacted', entry USING ERRCODE = '22023';
  END IF;
  redacted := history_redacted(was, fields);
  INSERT INTO history (actor_id, inspection_id, case_id, entity, entity_id, action, after, reason)
  VALUES (actor, was.inspection_id, was.case_id, 'history', entry::text, 'redact',
          jsonb_build_object('fields', fields, 'fromContentHash', history_content_hash(was), 'toContentHash', history_content_hash(redacted)),
          why)
  RETURNING id INTO redaction_id;
  UPDATE history SET before = redacted.before, after = redacted.after, reason = redacted.reason WHERE id = entry;
  RETURN redaction_id;
END;
$$;

-- Still append-only: the one UPDATE let through is the redaction its latest redaction entry describes.
CREATE OR REPLACE FUNCTION history_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r jsonb;
BEGIN
  IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'history' THEN
    SELECT after INTO r FROM history WHERE entity = 'history' AND action = 'redact' AND entity_id = OLD.id::text ORDER BY id DESC LIMIT 1;
    IF r IS NOT NULL AND r->>'fromContentHash' = history_content_hash(OLD) AND r->>'toContentHash' = history_content_hash(NEW)
       AND NEW IS NOT DISTINCT FROM history_redacted(OLD, r->'fields') THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END;
$$;

CREATE TRIGGER history_chain_no_update BEFORE UPDATE OR DELETE ON history_chain
  FOR EACH ROW EXECUTE FUNCTION history_is_append_only();
CREATE TRIGGER history_chain_no_truncate BEFORE TRUNCATE ON history_chain
  FOR EACH STATEMENT EXECUTE FUNCTION history_is_append_only();

-- SECURITY DEFINER functions resolve names only in this schema (and the catalogue), never the caller's path.
DO $$
BEGIN
  EXECUTE format('ALTER FUNCTION history_chain_append() SET search_path = pg_catalog, %I, pg_temp', current_schema());
  EXECUTE format('ALTER FUNCTION history_redact(bigint, text, text, jsonb) SET search_path = pg_catalog, %I, pg_temp', current_schema());
END;
$$;

-- Chain the entries written before this migration, in the order of their ids.
DO $$
DECLARE
  h history;
  n bigint := 0;
  prev text := repeat('0', 64);
  content text;
BEGIN
  FOR h IN SELECT * FROM history ORDER BY id LOOP
    n := n + 1;
    content := history_content_hash(h);
    INSERT INTO history_chain (seq, history_id, content_hash, prev_hash, chain_hash)
    VALUES (n, h.id, content, prev, history_chain_link_hash(prev, content));
    prev := history_chain_link_hash(prev, content);
  END LOOP;
END;
$$;
