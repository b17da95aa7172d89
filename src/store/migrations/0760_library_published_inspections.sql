-- A published inspection joins the library with its exact figures (no import): source kind 'inspection', and
-- the inspection it came from, at most once each (two instances adding it at once add it once).
ALTER TABLE library_reports DROP CONSTRAINT library_reports_source_kind_check;
ALTER TABLE library_reports ADD CONSTRAINT library_reports_source_kind_check CHECK (source_kind IN ('pdf', 'text', 'inspection'));
ALTER TABLE library_reports ADD COLUMN inspection_id text UNIQUE REFERENCES inspections(id);
ALTER TABLE library_reports ADD CONSTRAINT library_reports_inspection_kind CHECK ((source_kind = 'inspection') = (inspection_id IS NOT NULL));
