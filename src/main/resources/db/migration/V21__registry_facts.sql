-- Registry metadata for signals, imported from a crates.io db-dump by `cratetrust sync-dump`.
-- Each import replaces the previous one entirely.
CREATE TABLE registry_crate (
    crate_name     VARCHAR(64)  NOT NULL PRIMARY KEY,
    canonical_name VARCHAR(64)  NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    downloads      BIGINT       NOT NULL,
    download_rank  INTEGER      NOT NULL
);
CREATE INDEX registry_crate_canonical ON registry_crate (canonical_name);
CREATE INDEX registry_crate_rank ON registry_crate (download_rank);
CREATE INDEX registry_crate_created ON registry_crate (created_at);

CREATE TABLE registry_release (
    crate_name    VARCHAR(64)  NOT NULL,
    crate_version VARCHAR(150) NOT NULL,
    published_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    published_by  VARCHAR(100),
    yanked        BOOLEAN      NOT NULL,
    PRIMARY KEY (crate_name, crate_version)
);
CREATE INDEX registry_release_publisher ON registry_release (published_by, published_at);

CREATE TABLE registry_owner (
    crate_name VARCHAR(64)  NOT NULL,
    owner      VARCHAR(200) NOT NULL,
    PRIMARY KEY (crate_name, owner)
);

-- One row: which dump the tables hold.
CREATE TABLE registry_import (
    id             INTEGER      NOT NULL PRIMARY KEY,
    source         VARCHAR(2000) NOT NULL,
    dump_timestamp VARCHAR(64),
    dump_time      TIMESTAMP WITH TIME ZONE NOT NULL,
    imported_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    crates         BIGINT       NOT NULL,
    releases       BIGINT       NOT NULL,
    owners         BIGINT       NOT NULL
);
