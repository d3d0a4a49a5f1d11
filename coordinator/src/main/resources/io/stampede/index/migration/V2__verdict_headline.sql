-- The verdict's headline ("all 2 thresholds hold", "1 of 5 thresholds failed (…)"): the runs list
-- shows it beside the outcome, in the same words as the run's page, report and terminal.
ALTER TABLE runs ADD COLUMN verdict_headline VARCHAR(1000);
-- Every row is read again from its folder at the next sync, so older rows get their headline.
UPDATE runs SET folder_stamp = 0;
