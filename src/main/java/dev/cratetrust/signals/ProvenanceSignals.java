package dev.cratetrust.signals;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns provenance verifier reasons into signals.
 *
 * <p>These repeat the verifier's findings; they do not re-check the repository.
 */
final class ProvenanceSignals {
  private ProvenanceSignals() {}

  static List<Signal> signals(ProvenanceFacts facts) {
    List<Signal> out = new ArrayList<>();
    for (ProvenanceFacts.Fact f : facts.facts()) {
      String reason = f.reason().toLowerCase(Locale.ROOT).replace('_', '-').strip();
      String files =
          f.files().isEmpty()
              ? ""
              : " (" + OpaqueContentScanner.count(f.files().size(), "file") + ")";
      String detail =
          f.detail().isBlank() ? "" : ": " + dev.cratetrust.crates.InputText.printable(f.detail());
      Signal s =
          switch (reason) {
            case "files-not-in-repository", "extra-files" ->
                signal(
                    "provenance-files-not-in-repository",
                    Severity.WARNING,
                    "published files are missing from the repository at the claimed commit" + files,
                    f);
            case "files-differ", "changed-files", "files-differ-from-repository" ->
                signal(
                    "provenance-files-differ-from-repository",
                    Severity.NOTICE,
                    "published files differ from the claimed commit (their content may exist"
                        + " elsewhere in the repository)"
                        + files,
                    f);
            case "commit-not-in-repository", "sha-unreachable", "commit-unreachable" ->
                signal(
                    "provenance-commit-not-in-repository",
                    Severity.WARNING,
                    "the commit named in .cargo_vcs_info.json is not in the repository" + detail,
                    f);
            case "cargo-toml-inconsistent" ->
                signal(
                    "provenance-cargo-toml-inconsistent",
                    Severity.WARNING,
                    "the normalized Cargo.toml disagrees with the author's manifest" + detail,
                    f);
            case "trusted-publishing-mismatch" ->
                signal(
                    "provenance-trusted-publishing-mismatch",
                    Severity.WARNING,
                    "the registry's Trusted Publishing record disagrees with the crate" + detail,
                    f);
            case "vendored-files-modified" ->
                signal(
                    "provenance-vendored-files-modified",
                    Severity.WARNING,
                    "vendored files changed after vendoring" + files,
                    f);
            case "commit-not-on-default-branch" ->
                signal(
                    "provenance-commit-not-on-default-branch",
                    Severity.NOTICE,
                    "the claimed commit is not on the repository's default branch" + detail,
                    f);
            case "tag-missing", "no-tag", "no-release-tag", "no-tag-at-all" ->
                signal(
                    "provenance-tag-missing",
                    Severity.NOTICE,
                    "no release tag in the repository points at the claimed commit" + detail,
                    f);
            case "no-vcs-info", "malformed-vcs-info" ->
                signal(
                    "provenance-no-vcs-info",
                    Severity.NOTICE,
                    "the crate has no usable .cargo_vcs_info.json naming its source commit",
                    f);
            case "dirty" ->
                signal(
                    "provenance-dirty",
                    Severity.NOTICE,
                    "the crate was published from a working tree with uncommitted changes",
                    f);
            case "no-repo-url",
                "no-repository",
                "url-unusable",
                "invalid-repository-url",
                "non-git",
                "unsupported-vcs",
                "repository-unreachable",
                "repository-unusable" ->
                signal(
                    "provenance-repository-unusable",
                    Severity.NOTICE,
                    "the crate's repository link cannot be checked" + detail,
                    f);
            case "package-folder-guessed" ->
                signal(
                    "provenance-package-folder-guessed",
                    Severity.INFO,
                    "the package folder in the repository was found by name, not recorded" + detail,
                    f);
            case "package-checksum-unavailable",
                "distribution-folder",
                "distribution-patched",
                "distribution-patch-not-applied" ->
                signal(
                    "provenance-" + reason,
                    Severity.INFO,
                    "the crate was read from a distribution's folder" + files + detail,
                    f);
            default ->
                reason.matches("[a-z0-9]+(-[a-z0-9]+)*")
                    ? signal(
                        "provenance-" + reason,
                        Severity.NOTICE,
                        "the provenance check reported '" + reason + "'" + files + detail,
                        f)
                    : null;
          };
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  private static Signal signal(String code, Severity sev, String message, ProvenanceFacts.Fact f) {
    List<Evidence> ev = new ArrayList<>();
    for (String file : f.files()) {
      if (ev.size() == 20) {
        break;
      }
      ev.add(Evidence.ofFile(dev.cratetrust.crates.InputText.printable(file)));
    }
    if (ev.isEmpty()) {
      ev.add(
          Evidence.ofField("provenance." + f.reason(), f.detail().isBlank() ? null : f.detail()));
    }
    return new Signal(code, sev, message, ev);
  }
}
