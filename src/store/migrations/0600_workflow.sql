-- The inspection's workflow (src/core/workflow): cases can be returned (awaiting correction) or withdrawn
-- from the sample, each with who, when and why; the ratings panel records a decline of discretion as a
-- decision of its own (no rating), so that every eligible standard has a recorded decision.

ALTER TABLE cases DROP CONSTRAINT cases_state_check;
ALTER TABLE cases ADD CONSTRAINT cases_state_check
  CHECK (state IN ('not-started', 'in-progress', 'submitted', 'returned', 'quality-assured', 'withdrawn'));
ALTER TABLE cases ADD COLUMN returned_by text REFERENCES accounts(id);
ALTER TABLE cases ADD COLUMN returned_at timestamptz;
ALTER TABLE cases ADD COLUMN withdrawn_reason text;
ALTER TABLE cases ADD COLUMN withdrawn_by text REFERENCES accounts(id);
ALTER TABLE cases ADD COLUMN withdrawn_at timestamptz;
ALTER TABLE cases ADD CONSTRAINT cases_withdrawn_has_reason CHECK (state <> 'withdrawn' OR withdrawn_reason IS NOT NULL);

ALTER TABLE discretion_decisions ADD COLUMN decision text NOT NULL DEFAULT 'apply' CHECK (decision IN ('apply', 'decline'));
ALTER TABLE discretion_decisions ALTER COLUMN rating DROP NOT NULL;
ALTER TABLE discretion_decisions ADD COLUMN decided_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE discretion_decisions ADD CONSTRAINT discretion_rating_when_applied
  CHECK ((decision = 'apply') = (rating IS NOT NULL));
