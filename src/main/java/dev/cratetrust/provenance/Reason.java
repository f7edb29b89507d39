package dev.cratetrust.provenance;

import java.util.Optional;

/**
 * Why a crate is not gold star, or a fact worth knowing, with a stable code and the class it
 * implies (empty for facts that do not change the class).
 */
public enum Reason {
  NO_VCS_INFO("no-vcs-info", Category.NEEDS_IMPROVEMENT, "the crate does not record its commit"),
  MALFORMED_VCS_INFO(
      "malformed-vcs-info", Category.NEEDS_IMPROVEMENT, ".cargo_vcs_info.json cannot be used"),
  DIRTY("dirty", Category.NEEDS_IMPROVEMENT, "published from a working tree with changes"),
  NO_RELEASE_TAG(
      "no-release-tag", Category.NEEDS_IMPROVEMENT, "no release tag points at the commit"),
  NO_TAG_AT_ALL("no-tag-at-all", Category.NEEDS_IMPROVEMENT, "the commit has no tag at all"),
  FILES_DIFFER(
      "files-differ",
      Category.NEEDS_IMPROVEMENT,
      "files differ from the recorded commit or are missing from it"),
  COMMIT_ONLY_ON_PULL_REQUEST(
      "commit-only-on-pull-request",
      Category.NEEDS_IMPROVEMENT,
      "the commit is on no branch or tag, only on pull-request refs"),
  SUBMODULE_UNVERIFIED(
      "submodule-unverified",
      Category.NEEDS_IMPROVEMENT,
      "files from a submodule could not be compared"),
  NO_REPOSITORY("no-repository", Category.LOOKS_SKETCHY, "the crate names no repository"),
  INVALID_REPOSITORY_URL(
      "invalid-repository-url", Category.LOOKS_SKETCHY, "the repository link cannot be used"),
  UNSUPPORTED_VCS(
      "unsupported-vcs", Category.LOOKS_SKETCHY, "the repository is not a git repository"),
  REPOSITORY_UNREACHABLE(
      "repository-unreachable", Category.LOOKS_SKETCHY, "the repository could not be fetched"),
  COMMIT_NOT_IN_REPOSITORY(
      "commit-not-in-repository",
      Category.LOOKS_SKETCHY,
      "the recorded commit is not in the repository"),
  FILES_NOT_IN_REPOSITORY(
      "files-not-in-repository",
      Category.LOOKS_SKETCHY,
      "files whose content exists nowhere in the repository"),
  CARGO_TOML_INCONSISTENT(
      "cargo-toml-inconsistent",
      Category.LOOKS_SKETCHY,
      "the normalized Cargo.toml disagrees with Cargo.toml.orig or the repository's Cargo.toml"),
  /**
   * A manifest (the crate's Cargo.toml or Cargo.toml.orig, or the repository's Cargo.toml it is
   * checked against) cannot be parsed, so what it declares (dependencies, build script, proc-macro)
   * cannot be checked. Cargo writes the normalized manifest itself and reads both to build, so an
   * unreadable one is treated like an unexplained file: looks sketchy.
   */
  MANIFEST_UNREADABLE(
      "manifest-unreadable",
      Category.LOOKS_SKETCHY,
      "a manifest cannot be read, so what it declares is unchecked"),
  TRUSTED_PUBLISHING_MISMATCH(
      "trusted-publishing-mismatch",
      Category.LOOKS_SKETCHY,
      "the registry's trusted-publishing record disagrees with the crate"),
  VENDORED_FILES_MODIFIED(
      "vendored-files-modified",
      Category.LOOKS_SKETCHY,
      "vendored files changed after vendoring (.cargo-checksum.json)"),
  COMMIT_NOT_ON_DEFAULT_BRANCH(
      "commit-not-on-default-branch", null, "the commit is not on the default branch"),
  RELEASE_TAG_ELSEWHERE(
      "release-tag-elsewhere", null, "a release tag for this version points at another commit"),
  CARGO_LOCK_DIFFERS(
      "cargo-lock-differs",
      null,
      "the packaged Cargo.lock differs from the repository's Cargo.lock at that path"),
  PACKAGE_FOLDER_GUESSED(
      "package-folder-guessed",
      null,
      "no path_in_vcs: the package folder was found by its Cargo.toml name"),
  PACKAGE_CHECKSUM_UNAVAILABLE(
      "package-checksum-unavailable",
      null,
      ".cargo-checksum.json records no SHA-256 of the .crate: nothing ties the files to a"
          + " published archive"),
  DISTRIBUTION_FOLDER(
      "distribution-folder",
      null,
      "the distribution's own folder (debian/) is not a crate file and was not compared"),
  DISTRIBUTION_PATCHED(
      "distribution-patched",
      null,
      "files changed by distribution patches were compared as they were before the patches"),
  DISTRIBUTION_PATCH_NOT_APPLIED(
      "distribution-patch-not-applied",
      null,
      "a distribution patch could not be reverse-applied; its files were compared as they are");

  private final String code;
  private final Category implies;
  private final String summary;

  Reason(String code, Category implies, String summary) {
    this.code = code;
    this.implies = implies;
    this.summary = summary;
  }

  public String code() {
    return code;
  }

  /** The class this reason puts a crate in, or empty when it is a fact only. */
  public Optional<Category> implies() {
    return Optional.ofNullable(implies);
  }

  /** One neutral sentence describing the reason. */
  public String summary() {
    return summary;
  }
}
