-- Whether the registry index marked a crate version as yanked, as last read by `check`
-- (online), so `check --offline` can report it; `registry` is the index URL it was read from.
CREATE TABLE registry_yanked (
    crate_name    VARCHAR(64)   NOT NULL,
    crate_version VARCHAR(150)  NOT NULL,
    yanked        BOOLEAN       NOT NULL,
    registry      VARCHAR(2000) NOT NULL,
    checked_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (crate_name, crate_version)
);
