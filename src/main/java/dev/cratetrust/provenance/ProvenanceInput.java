package dev.cratetrust.provenance;

import dev.cratetrust.crates.CrateContents;
import java.util.List;
import java.util.Optional;

/**
 * Everything the provenance check needs, already loaded: the crate's files, the repository link
 * used and what became of fetching it, and registry facts.
 *
 * @param repositoryUrl the repository link that was used (override, rewrite source or manifest)
 * @param vendoredModified paths a vendored directory's {@code .cargo-checksum.json} shows as
 *     changed after vendoring (empty when not applicable)
 * @param distribution what a distribution's crate folder adds (its own folder, patches, a missing
 *     checksum), when the crate was read from one
 */
public record ProvenanceInput(
    CrateContents crate,
    Optional<String> repositoryUrl,
    RepositoryState repository,
    Optional<TrustedPublishing> trustedPublishing,
    List<String> vendoredModified,
    Optional<DistributionFolder> distribution) {

  public ProvenanceInput {
    vendoredModified = List.copyOf(vendoredModified);
  }

  /** An input not read from a distribution's folder. */
  public ProvenanceInput(
      CrateContents crate,
      Optional<String> repositoryUrl,
      RepositoryState repository,
      Optional<TrustedPublishing> trustedPublishing,
      List<String> vendoredModified) {
    this(crate, repositoryUrl, repository, trustedPublishing, vendoredModified, Optional.empty());
  }
}
