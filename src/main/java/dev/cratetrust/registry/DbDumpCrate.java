package dev.cratetrust.registry;

import dev.cratetrust.crates.CrateName;
import java.util.Optional;

/**
 * A crate as a crates.io dump describes it: name, declared repository URL (unvalidated text) and
 * all-time downloads.
 */
public record DbDumpCrate(CrateName name, Optional<String> repository, long downloads) {}
