-- Jobs are keyed like results: a vendored folder is a job of its own even when the same crate
-- version was queued or verified from the registry. origin: 'crates.io', 'index:<index>' or
-- 'vendor'; archive_sha256: the checksum expected when enqueued ('' when only the registry knows
-- it). pinned_host: the only host whose workers may claim the job (a vendored folder is read from
-- that host's disk); NULL for any host.
ALTER TABLE scan_job ADD COLUMN origin VARCHAR(500) DEFAULT 'crates.io' NOT NULL;
ALTER TABLE scan_job ADD COLUMN archive_sha256 VARCHAR(64) DEFAULT '' NOT NULL;
ALTER TABLE scan_job ADD COLUMN pinned_host VARCHAR(200);
UPDATE scan_job SET origin = 'vendor' WHERE source LIKE 'vendor:%';
ALTER TABLE scan_job DROP CONSTRAINT scan_job_key;
ALTER TABLE scan_job ADD CONSTRAINT scan_job_key
    UNIQUE (crate_name, crate_version, verifier_version, origin, archive_sha256);
