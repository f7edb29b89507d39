-- One row per verification of a crate version by one verifier version.
-- Evidence is the full JSON report, so summaries can be regenerated without re-verifying.
CREATE TABLE verification_result (
    crate_name       VARCHAR(64)  NOT NULL,
    crate_version    VARCHAR(150) NOT NULL,
    verifier_version VARCHAR(40)  NOT NULL,
    category         VARCHAR(32)  NOT NULL,
    reasons          VARCHAR(2000) NOT NULL,
    commit_id        VARCHAR(64),
    source           VARCHAR(2000) NOT NULL,
    report_json      TEXT         NOT NULL,
    verified_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (crate_name, crate_version, verifier_version)
);
CREATE INDEX verification_result_category ON verification_result (category);
