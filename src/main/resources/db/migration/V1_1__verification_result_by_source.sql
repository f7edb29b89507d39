-- Results are keyed by what was verified: where the crate came from (origin), the SHA-256 that
-- identifies its bytes and the repository it was compared with when one was given by hand.
-- origin: 'crates.io', 'index:<index URL or local registry folder>', 'crate-file', 'crate-dir',
-- 'vendor'. archive_sha256: the .crate SHA-256; for a folder the `package` checksum of its
-- .cargo-checksum.json, else the folder's content digest; '' when not recorded (rows stored
-- before this migration). repository_override: the --repo URL, or 'rewrite:' and the mirror a
-- --git-rewrite rule sent the crate's own link to; '' for the crate's own link.
-- Existing rows are kept as crates.io rows with no recorded checksum.
CREATE TABLE verification_result_keyed (
    crate_name          VARCHAR(64)   NOT NULL,
    crate_version       VARCHAR(150)  NOT NULL,
    verifier_version    VARCHAR(40)   NOT NULL,
    origin              VARCHAR(500)  DEFAULT 'crates.io' NOT NULL,
    archive_sha256      VARCHAR(64)   DEFAULT '' NOT NULL,
    repository_override VARCHAR(1000) DEFAULT '' NOT NULL,
    category            VARCHAR(32)   NOT NULL,
    reasons             VARCHAR(2000) NOT NULL,
    commit_id           VARCHAR(64),
    source              VARCHAR(2000) NOT NULL,
    report_json         TEXT          NOT NULL,
    verified_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT verification_result_key PRIMARY KEY
        (crate_name, crate_version, verifier_version, origin, archive_sha256, repository_override)
);

INSERT INTO verification_result_keyed (crate_name, crate_version, verifier_version, origin,
        archive_sha256, repository_override, category, reasons, commit_id, source, report_json,
        verified_at)
    SELECT crate_name, crate_version, verifier_version, 'crates.io', '', '', category, reasons,
        commit_id, source, report_json, verified_at
    FROM verification_result;

DROP TABLE verification_result;
ALTER TABLE verification_result_keyed RENAME TO verification_result;
CREATE INDEX verification_result_category ON verification_result (category);
CREATE INDEX verification_result_checksum ON verification_result (archive_sha256);
