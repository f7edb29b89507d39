-- Where `cratetrust follow` stopped reading a registry's git index: the index commit whose
-- versions are all in the scan queue. The cursor moves in the transaction that queues them.
CREATE TABLE registry_follow (
    index_url      VARCHAR(2000) NOT NULL PRIMARY KEY,
    cursor_commit  VARCHAR(64)   NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    versions_seen  BIGINT        NOT NULL
);
