package dev.cratetrust.registry;

import dev.cratetrust.crates.CrateContents;
import java.net.URI;

/**
 * A crate downloaded from a registry, read and checked against its index entry.
 *
 * @param source where the bytes came from (the final URL, or the local-registry file)
 */
public record FetchedCrate(CrateContents contents, IndexEntry entry, URI source) {}
