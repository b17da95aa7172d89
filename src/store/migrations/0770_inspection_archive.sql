-- An inspection created by mistake can be archived by the site administrator: hidden from the lists, kept
-- with everything it holds and its history, and restorable. (Deleting one that holds no cases removes its row;
-- its history entries stay, the history having no foreign key to the inspection.)
ALTER TABLE inspections ADD COLUMN archived_at timestamptz;
