-- The report's findings text (issue 7): strengths and areas for improvement per inspection and domain
-- ("1"-"4", as the report data keys them), written by the lead inspector. One header row per domain carries
-- the version for optimistic concurrency; its items are kept in order.

CREATE TABLE findings (
  inspection_id  text NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
  domain         text NOT NULL CHECK (domain IN ('1', '2', '3', '4')),
  created_by     text REFERENCES accounts(id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_by     text REFERENCES accounts(id),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  version        integer NOT NULL DEFAULT 1,
  PRIMARY KEY (inspection_id, domain)
);

CREATE TABLE finding_items (
  inspection_id  text NOT NULL,
  domain         text NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('strengths', 'areas-for-improvement')),
  position       integer NOT NULL CHECK (position >= 0),
  text           text NOT NULL CHECK (btrim(text) <> ''),
  PRIMARY KEY (inspection_id, domain, kind, position),
  FOREIGN KEY (inspection_id, domain) REFERENCES findings(inspection_id, domain) ON DELETE CASCADE
);
