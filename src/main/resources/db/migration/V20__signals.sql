-- One row per crate version and signals version: the signals as JSON (same shape as
-- `cratetrust signals --format json`) and counts per severity for listings.
CREATE TABLE signal_result (
    crate_name      VARCHAR(64)  NOT NULL,
    crate_version   VARCHAR(150) NOT NULL,
    signals_version VARCHAR(40)  NOT NULL,
    warnings        INTEGER      NOT NULL,
    notices         INTEGER      NOT NULL,
    infos           INTEGER      NOT NULL,
    signals_json    TEXT         NOT NULL,
    computed_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (crate_name, crate_version, signals_version)
);

-- Each signal code of a row, so pages can list the crate versions carrying a code.
CREATE TABLE signal_code (
    crate_name      VARCHAR(64)  NOT NULL,
    crate_version   VARCHAR(150) NOT NULL,
    signals_version VARCHAR(40)  NOT NULL,
    code            VARCHAR(100) NOT NULL,
    severity        VARCHAR(10)  NOT NULL,
    PRIMARY KEY (crate_name, crate_version, signals_version, code),
    FOREIGN KEY (crate_name, crate_version, signals_version)
        REFERENCES signal_result (crate_name, crate_version, signals_version) ON DELETE CASCADE
);
CREATE INDEX signal_code_code ON signal_code (code, severity);
