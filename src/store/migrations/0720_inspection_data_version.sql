-- A change counter per inspection for what its ratings are computed from (cases, answers, judgements,
-- discretion), so that a rating computed once is reused until one of them changes. Kept out of the
-- inspections row: writers hold that row share-locked, and bumping it there would make them wait in a circle.
CREATE TABLE inspection_data (
  inspection_id  text PRIMARY KEY REFERENCES inspections(id) ON DELETE CASCADE,
  version        bigint NOT NULL DEFAULT 1
);
INSERT INTO inspection_data (inspection_id) SELECT id FROM inspections;

-- Bumped once per transaction (a row this transaction already wrote is left alone), at commit: the triggers
-- below are deferred, so the counter's row lock is the last lock a writer takes and no two writers wait in a
-- circle. A restore, which writes the counters itself in the same transaction, keeps them as they were.
CREATE FUNCTION bump_inspection_data() RETURNS trigger LANGUAGE plpgsql AS $$
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
  IF ins IS NULL OR NOT EXISTS (SELECT 1 FROM inspections WHERE id = ins) THEN
    RETURN NULL;
  END IF;
  INSERT INTO inspection_data AS d (inspection_id) VALUES (ins)
    ON CONFLICT (inspection_id) DO UPDATE SET version = d.version + 1
    WHERE d.xmin::text <> (pg_current_xact_id()::text::bigint % 4294967296)::text;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER answers_data_version AFTER INSERT OR UPDATE OR DELETE ON answers
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_inspection_data();
CREATE CONSTRAINT TRIGGER cases_data_version AFTER INSERT OR DELETE OR UPDATE OF ref, domain, inspection_id ON cases
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_inspection_data();
CREATE CONSTRAINT TRIGGER judgements_data_version AFTER INSERT OR UPDATE OR DELETE ON judgements
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_inspection_data();
CREATE CONSTRAINT TRIGGER discretion_data_version AFTER INSERT OR UPDATE OR DELETE ON discretion_decisions
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_inspection_data();
