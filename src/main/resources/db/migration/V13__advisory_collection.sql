-- The advisory-db folder an advisory came from: 'crates' (crates.io crates, matched against
-- lockfile packages) or 'rust' (the Rust toolchain: cargo, rustdoc, std; never matched against a
-- crate). Rows stored before this column came from either folder; their path tells which.
ALTER TABLE advisory ADD COLUMN collection VARCHAR(16) DEFAULT 'crates' NOT NULL;
UPDATE advisory SET collection = 'rust' WHERE path LIKE 'rust/%';
CREATE INDEX advisory_collection_crate ON advisory (collection, crate_name);
