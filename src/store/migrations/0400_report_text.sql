-- The report's other written parts (issue 7), so a report built from an inspection can be complete: the
-- foreword, the background, the contextual facts, the methodology figures, each domain's introduction and
-- each standard's narrative. One row per inspection and section; the body is JSON checked by the service
-- against the report-data schema, and the version guards concurrent saves.

CREATE TABLE report_sections (
  inspection_id  text NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
  section        text NOT NULL CHECK (section ~ '^(foreword|background|contextual-facts|methodology|introduction:[1-4]|narrative:[1-4]\.[0-9]+)$'),
  body           jsonb NOT NULL,
  created_by     text REFERENCES accounts(id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_by     text REFERENCES accounts(id),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  version        integer NOT NULL DEFAULT 1,
  PRIMARY KEY (inspection_id, section)
);
