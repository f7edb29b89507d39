-- What `cratetrust status` and the /metrics endpoints report besides the queue itself.
-- Each worker and follower process upserts its row on every heartbeat (times from the database's
-- clock); stopped_at is set when it stops cleanly.
CREATE TABLE worker_heartbeat (
    owner       VARCHAR(200) NOT NULL PRIMARY KEY,
    kind        VARCHAR(20)  NOT NULL,
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    beat_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    stopped_at  TIMESTAMP WITH TIME ZONE,
    jobs_done   BIGINT       NOT NULL,
    jobs_failed BIGINT       NOT NULL
);
-- The kind and time of a job's latest failed attempt, for error rates by kind.
ALTER TABLE scan_job ADD COLUMN last_error_kind VARCHAR(20);
ALTER TABLE scan_job ADD COLUMN last_failed_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX scan_job_finished ON scan_job (finished_at);
CREATE INDEX scan_job_failed ON scan_job (last_failed_at);
