-- Frameworks are data a team loads (issue 17): the built-in 2018 and 2021 ones ship with the program; a
-- site administrator adds others by upload or through the FRAMEWORKS_DIR folder, and every instance sharing
-- the database reads them from here. A framework keeps its id and content hash; once an inspection uses it,
-- its content cannot change (the application refuses; a new version is a new id). No framework id is written
-- into the schema any more.
CREATE TABLE frameworks (
  id            text PRIMARY KEY,
  content_hash  text NOT NULL,
  content       jsonb NOT NULL,
  source        text NOT NULL CHECK (source IN ('folder', 'upload')),
  file_name     text,
  added_by      text REFERENCES accounts(id),
  added_at      timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE inspections DROP CONSTRAINT IF EXISTS inspections_framework_version_check;
ALTER TABLE library_reports DROP CONSTRAINT IF EXISTS library_reports_framework_version_check;
ALTER TABLE sampling_plans DROP CONSTRAINT IF EXISTS sampling_plans_framework_check;

-- A case audit is a service's own review of a set of cases against a framework: no domain 1, no ratings
-- panel and no publication unless asked for.
ALTER TABLE inspections ADD COLUMN kind text NOT NULL DEFAULT 'inspection' CHECK (kind IN ('inspection', 'case audit'));
