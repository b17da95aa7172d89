-- A change counter per inspection for what its ratings are computed from (cases, answers, judgements,
-- discretion), so that a rating computed once is reused until one of them changes: every transaction that
-- changes any of them adds one row here at commit, and the inspection's data version is how many rows it has.
-- Append-only, so writers never wait for each other here (a counter row to update would be locked by each
-- writer in turn, and could make two committing writers wait in a circle with other commit-time locks).
-- A version counts committed transactions, so two readers that see the same count see the same data.
CREATE TABLE inspection_changes (
  inspection_id  text NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
  tx             text NOT NULL,
  PRIMARY KEY (inspection_id, tx)
);

-- Once per transaction and inspection: the first change marks the transaction (a transaction-local setting),
-- later ones in it are skipped. Rows brought by a restore mark it too, so a restore keeps the counts it brings.
CREATE FUNCTION mark_inspection_changed(ins text) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  mark text := 'yjinspect.changed_' || md5(ins);
  tx text := pg_current_xact_id()::text;
BEGIN
  IF current_setting(mark, true) = tx THEN
    RETURN false;
  END IF;
  PERFORM set_config(mark, tx, true);
  RETURN true;
END $$;

CREATE FUNCTION inspection_changes_marked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM mark_inspection_changed(NEW.inspection_id);
  RETURN NEW;
END $$;
CREATE TRIGGER inspection_changes_mark BEFORE INSERT ON inspection_changes
  FOR EACH ROW EXECUTE FUNCTION inspection_changes_marked();

-- SECURITY DEFINER: a service role granted only what it had before this migration still writes its data.
CREATE FUNCTION log_inspection_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  ins text;
BEGIN
  IF TG_TABLE_NAME = 'answers' THEN
    SELECT c.inspection_id INTO ins FROM cases c
     WHERE c.id = CASE WHEN TG_OP = 'DELETE' THEN OLD.case_id ELSE NEW.case_id END;
  ELSIF TG_OP = 'DELETE' THEN
    ins := OLD.inspection_id;
  ELSE
    ins := NEW.inspection_id;
  END IF;
  -- Gone with its case or inspection: nothing left to rate.
  IF ins IS NULL OR NOT EXISTS (SELECT 1 FROM inspections WHERE id = ins) OR NOT mark_inspection_changed(ins) THEN
    RETURN NULL;
  END IF;
  INSERT INTO inspection_changes (inspection_id, tx) VALUES (ins, pg_current_xact_id()::text) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

-- Deferred to commit: the row appears with the data it counts, and a rolled-back change leaves none.
CREATE CONSTRAINT TRIGGER answers_changed AFTER INSERT OR UPDATE OR DELETE ON answers
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION log_inspection_change();
CREATE CONSTRAINT TRIGGER cases_changed AFTER INSERT OR DELETE OR UPDATE OF ref, domain, inspection_id ON cases
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION log_inspection_change();
CREATE CONSTRAINT TRIGGER judgements_changed AFTER INSERT OR UPDATE OR DELETE ON judgements
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION log_inspection_change();
CREATE CONSTRAINT TRIGGER discretion_changed AFTER INSERT OR UPDATE OR DELETE ON discretion_decisions
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION log_inspection_change();

-- The data version, for a service role that may not read the table itself.
CREATE FUNCTION inspection_data_version(ins text) RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
  SELECT count(*) FROM inspection_changes WHERE inspection_id = ins
$$;
