-- The library of published inspections: reports read back by the importer, corrected by hand.
-- `imported` is what the importer read (never changed); `data` is the current figures after corrections.
-- Every correction is recorded with its reason in the append-only history (entity 'library-report').
-- Published reports are about services, not children: no personal data is held here.
CREATE TABLE library_reports (
  id                 text PRIMARY KEY,
  file_name          text NOT NULL,
  source_kind        text NOT NULL CHECK (source_kind IN ('pdf', 'text')),
  provider           text,
  published          text,
  framework_version  text CHECK (framework_version IN ('2018', '2021')),
  imported           jsonb NOT NULL,
  data               jsonb NOT NULL,
  uploaded_by        text,
  uploaded_at        timestamptz NOT NULL DEFAULT now(),
  version            integer NOT NULL DEFAULT 1
);
CREATE INDEX library_reports_published ON library_reports(framework_version, published);
