-- A case audit is not published unless whoever creates it asks for it; an inspection always is.
ALTER TABLE inspections ADD COLUMN publishes boolean NOT NULL DEFAULT true;
UPDATE inspections SET publishes = false WHERE kind = 'case audit';
ALTER TABLE inspections ADD CONSTRAINT inspections_publishes_check CHECK (publishes OR kind = 'case audit');
