package dev.cratetrust.testing;

/**
 * Named provenance situations that {@link TestCrates#build(TestCrateScenario, java.nio.file.Path)}
 * reproduces with real git and cargo, each with the property a matcher should detect.
 *
 * <p>Unless said otherwise the crate is named after the scenario id, lives at the repo root,
 * version 1.0.0, and its bare remote is {@code <tmp>/remote/<id>.git}.
 */
public enum TestCrateScenario {
  /** Tag {@code v1.0.0} (lightweight) on the packaged commit, all pushed: the gold-star case. */
  MATCHING("matching"),
  /** Like matching, then {@code src/backdoor.rs} added to the tarball. */
  EXTRA_FILE_IN_CRATE("extra-file-in-crate"),
  /** Like matching, then {@code src/lib.rs} rewritten in the tarball. */
  MODIFIED_FILE_IN_CRATE("modified-file-in-crate"),
  /** Uncommitted change to {@code src/lib.rs} packaged with {@code --allow-dirty}. */
  PUBLISHED_DIRTY("published-dirty"),
  /** A first commit pushed, the packaged second commit (tagged locally) never pushed. */
  COMMIT_NOT_PUSHED("commit-not-pushed"),
  /** Like matching, then {@code .cargo_vcs_info.json} removed from the tarball. */
  NO_VCS_INFO("no-vcs-info"),
  /** The committed files copied out of git and packaged there: cargo writes no vcs info. */
  NO_VCS_INFO_OUTSIDE_GIT("no-vcs-info-outside-git"),
  /** Committed and pushed without any tag. */
  NO_RELEASE_TAG("no-release-tag"),
  /** Only tag {@code v0.9.0} on the packaged 1.0.0 commit. */
  OTHER_TAG_ONLY("other-tag-only"),
  /**
   * Workspace repo; crate {@code foo} at {@code crates/foo} (path_in_vcs), sibling {@code bar},
   * workspace-inherited edition/license, tag {@code foo-v1.0.0}.
   */
  MONOREPO_PATH_IN_VCS("monorepo-path-in-vcs"),
  /** Tag {@code 1.0.0}. */
  TAG_PLAIN("tag-plain"),
  /** Annotated tag {@code v1.0.0} (matching has the lightweight one). */
  TAG_V_ANNOTATED("tag-v-annotated"),
  /** Tag {@code <name>-1.0.0}. */
  TAG_NAME_DASH("tag-name-dash"),
  /** Tag {@code <name>-v1.0.0}. */
  TAG_NAME_DASH_V("tag-name-dash-v"),
  /** Tag {@code <name>/v1.0.0}. */
  TAG_NAME_SLASH_V("tag-name-slash-v"),
  /** Tag {@code <name>@1.0.0}. */
  TAG_NAME_AT("tag-name-at"),
  /** Tag {@code v/1.0.0}. */
  TAG_V_SLASH("tag-v-slash"),
  /** Version {@code 1.0.0+extra}, tag {@code 1.0.0} (build metadata dropped). */
  TAG_BUILD_METADATA("tag-build-metadata"),
  /** Version {@code 1.0.0-beta.1}, tag {@code v1.0.0-beta.1}. */
  TAG_PRERELEASE("tag-prerelease"),
  /**
   * Crate {@code foo} at {@code crates/foo} with {@code readme = "../../README.md"}: cargo copies
   * the repo-root README into the package root as {@code README.md}.
   */
  README_OUTSIDE_PACKAGE("readme-outside-package"),
  /** {@code src/alias.rs} is a git symlink to {@code real.rs}; the tarball has a regular file. */
  SYMLINK_IN_PACKAGE("symlink-in-package"),
  /**
   * Crate {@code foo} at {@code crates/foo} whose {@code LICENSE} is a git symlink to {@code
   * ../../LICENSE} at the repo root; the tarball has the root file's content at {@code LICENSE}.
   */
  SYMLINK_OUTSIDE_PACKAGE("symlink-outside-package"),
  /**
   * {@code src/vendored} is a git submodule (relative URL {@code ../submodule-sub.git}) holding
   * {@code generated.rs}; see {@link TestCrates.Fixture#submodules()}.
   */
  SUBMODULE("submodule"),
  /**
   * {@code .gitattributes} has {@code *.rs text eol=crlf}: blobs hold LF, the checkout and so the
   * tarball hold CRLF, and cargo does not consider the tree dirty.
   *
   * <p>Found with cargo 1.95: cargo packages the working-tree bytes and asks git (with its filters)
   * whether the tree is clean, so an {@code eol=crlf} attribute or {@code core.autocrlf} gives CRLF
   * in the tarball without {@code dirty}. The other way round (CRLF blobs, then a {@code text}
   * attribute added without renormalizing) git reports the files modified: cargo refuses without
   * {@code --allow-dirty} and records {@code "dirty": true} with it.
   */
  CRLF("crlf"),
  /**
   * Committed with LF, then checked out again with {@code core.autocrlf=true}: every text file in
   * the tarball, {@code Cargo.toml.orig} included, has CRLF where the blobs have LF; not dirty.
   */
  CRLF_AUTOCRLF("crlf-autocrlf"),
  /** {@code main} pushed at an older commit; tag {@code v1.0.0} on branch {@code release-1.0}. */
  COMMIT_NOT_ON_DEFAULT_BRANCH("commit-not-on-default-branch"),
  /** Like matching, then {@code Cargo.toml.orig} (the author's manifest) changed in the tarball. */
  CARGO_TOML_ORIG_DIFFERS("cargo-toml-orig-differs"),
  /**
   * Like matching, then the normalized {@code Cargo.toml} given version 1.0.1 and an extra
   * dependency, so it no longer follows from {@code Cargo.toml.orig}.
   */
  CARGO_TOML_INCONSISTENT("cargo-toml-inconsistent");

  private final String id;

  TestCrateScenario(String id) {
    this.id = id;
  }

  /** The scenario's name, also its crate name (except the workspace ones) and repo name. */
  public String id() {
    return id;
  }

  /** The bare remote's folder name under {@link TestCrates#remoteRoot}: {@code <id>.git}. */
  public String bareRepoName() {
    return id + ".git";
  }
}
