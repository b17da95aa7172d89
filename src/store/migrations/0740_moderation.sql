-- Blind double marking (moderation): a second marker's assessment of a selected case, kept beside the first
-- (the case's own answers, never changed by it), and the lead's resolution of each question they disagree on.
-- One second marking per case; the second marker's answers are theirs alone until both markings are submitted.
CREATE TABLE second_markings (
  id             text PRIMARY KEY,
  inspection_id  text NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
  case_id        text NOT NULL UNIQUE REFERENCES cases(id) ON DELETE CASCADE,
  marker_id      text NOT NULL REFERENCES accounts(id),
  state          text NOT NULL DEFAULT 'in-progress' CHECK (state IN ('in-progress', 'submitted')),
  selected_by    text REFERENCES accounts(id),
  selected_at    timestamptz NOT NULL DEFAULT now(),
  submitted_at   timestamptz,
  version        integer NOT NULL DEFAULT 1
);
CREATE INDEX second_markings_inspection ON second_markings(inspection_id);
CREATE INDEX second_markings_marker ON second_markings(marker_id);

CREATE TABLE second_answers (
  marking_id   text NOT NULL REFERENCES second_markings(id) ON DELETE CASCADE,
  question_id  text NOT NULL,
  answer       text NOT NULL CHECK (answer IN ('yes', 'no', 'not-relevant')),
  note         text,
  updated_by   text REFERENCES accounts(id),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  version      integer NOT NULL DEFAULT 1,
  PRIMARY KEY (marking_id, question_id)
);

-- The answer the ratings count for a question the two markers answered differently, with the reason.
CREATE TABLE moderation_resolutions (
  inspection_id  text NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
  case_id        text NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  question_id    text NOT NULL,
  answer         text NOT NULL CHECK (answer IN ('yes', 'no', 'not-relevant')),
  reason         text NOT NULL,
  resolved_by    text REFERENCES accounts(id),
  resolved_at    timestamptz NOT NULL DEFAULT now(),
  version        integer NOT NULL DEFAULT 1,
  PRIMARY KEY (case_id, question_id)
);
CREATE INDEX moderation_resolutions_inspection ON moderation_resolutions(inspection_id);

-- A resolution replaces an answer in the ratings: the inspection's data version moves with it (migration 0720),
-- so ratings kept for the old version are not served again.
CREATE CONSTRAINT TRIGGER moderation_resolutions_changed AFTER INSERT OR UPDATE OR DELETE ON moderation_resolutions
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION log_inspection_change();
