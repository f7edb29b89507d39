package dev.cratetrust.provenance;

import java.util.Optional;

/**
 * The registry's trusted-publishing record for a version ({@code trustpub_data}): which CI provider
 * published it, from which repository and commit.
 *
 * <p>It attests who uploaded, not that the tarball equals that commit: build steps in CI can still
 * change the package.
 */
public record TrustedPublishing(String provider, String repository, Optional<String> sha) {}
