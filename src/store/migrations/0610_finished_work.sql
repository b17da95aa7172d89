-- Issue 13 (finished work). A confirmed sample may be discarded before any case has answers, and a new one
-- drawn: the discarded plan stays, with who, when and why, so the history keeps both samples.
ALTER TABLE sampling_plans DROP CONSTRAINT sampling_plans_state_check;
ALTER TABLE sampling_plans ADD CONSTRAINT sampling_plans_state_check CHECK (state IN ('proposed', 'confirmed', 'discarded'));
ALTER TABLE sampling_plans ADD COLUMN discarded_by text REFERENCES accounts(id);
ALTER TABLE sampling_plans ADD COLUMN discarded_at timestamptz;
ALTER TABLE sampling_plans ADD COLUMN discard_reason text;

-- Resettlement cases (2021, domain 4) illustrate the 4.1 judgement: one note per aspect of the standard
-- (the aspects are data in src/core/framework/resettlement.ts). The version guards concurrent saves.
CREATE TABLE resettlement_notes (
  case_id     text NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  aspect_id   text NOT NULL,
  note        text NOT NULL CHECK (btrim(note) <> ''),
  updated_by  text REFERENCES accounts(id),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  version     integer NOT NULL DEFAULT 1,
  PRIMARY KEY (case_id, aspect_id)
);
