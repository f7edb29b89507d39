package dev.cratetrust.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The chain of custody of one crate version, read from the stored verification report: the
 * registry's trusted-publishing record, the commit recorded in the crate, the release tag, the
 * content match and the default branch containing the commit, each link checked, failed, missing or
 * not recorded.
 *
 * <p>Every link repeats what the verifier stored when it ran; none is re-checked here. A checked
 * chain shows the files equal a commit of the named repository; it does not show who wrote that
 * commit or that the code does what it claims.
 */
public record CustodyChain(List<Link> links) {

  public CustodyChain {
    links = List.copyOf(links);
  }

  /** The links in their fixed order. */
  public enum LinkKind {
    TRUSTED_PUBLISHING("trusted-publishing", "Trusted publishing"),
    COMMIT_RECORDED("commit-recorded", "Commit recorded in the crate"),
    RELEASE_TAG("release-tag", "Release tag"),
    CONTENT_MATCH("content-match", "Files equal the commit"),
    DEFAULT_BRANCH("default-branch", "On the default branch");

    private final String code;
    private final String title;

    LinkKind(String code, String title) {
      this.code = code;
      this.title = title;
    }

    public String code() {
      return code;
    }

    public String title() {
      return title;
    }
  }

  /** What is known about one link. */
  public enum LinkState {
    /** The verifier checked the link and it holds. */
    CHECKED,
    /** The verifier checked the link and it does not hold (a contradiction). */
    FAILED,
    /** The link does not exist (no commit recorded, no tag, no record at the registry). */
    MISSING,
    /** The stored evidence does not say (older report, or never asked). */
    NOT_RECORDED;

    public String code() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** One link: its state and a sentence of stored evidence. */
  public record Link(LinkKind kind, LinkState state, String detail) {}

  /** The chain of a version that has no stored verification: every link not recorded. */
  public static CustodyChain unverified() {
    List<Link> out = new ArrayList<>();
    for (LinkKind k : LinkKind.values()) {
      out.add(new Link(k, LinkState.NOT_RECORDED, "no verification of this version is stored"));
    }
    return new CustodyChain(out);
  }

  /** The chain as the stored report ({@code verify --format json}) shows it. */
  public static CustodyChain of(JsonNode report) {
    List<String> reasons = new ArrayList<>();
    JsonNode rs = report.path("reasons");
    if (rs.isArray()) {
      rs.forEach(r -> reasons.add(r.asString("")));
    }
    List<Link> out = new ArrayList<>();
    out.add(trustedPublishing(report, reasons));
    Optional<String> commit = text(report, "commit");
    out.add(
        commit
            .map(c -> new Link(LinkKind.COMMIT_RECORDED, LinkState.CHECKED, "commit " + c))
            .orElseGet(
                () ->
                    new Link(
                        LinkKind.COMMIT_RECORDED,
                        LinkState.MISSING,
                        reasons.contains("malformed-vcs-info")
                            ? ".cargo_vcs_info.json is malformed"
                            : "the crate records no commit (.cargo_vcs_info.json)")));
    out.add(releaseTag(report, commit.isPresent()));
    out.add(contentMatch(report, commit.isPresent(), reasons));
    out.add(defaultBranch(report, commit.isPresent()));
    return new CustodyChain(out);
  }

  /** The link of {@code kind}. */
  public Link link(LinkKind kind) {
    return links.stream().filter(l -> l.kind() == kind).findFirst().orElseThrow();
  }

  private static Link trustedPublishing(JsonNode report, List<String> reasons) {
    JsonNode tp = report.get("trusted_publishing");
    if (tp == null || !tp.isObject()) {
      return new Link(
          LinkKind.TRUSTED_PUBLISHING,
          LinkState.MISSING,
          "no trusted-publishing record was stored with this verification (the registry had"
              + " none, or its API was not asked)");
    }
    String who =
        text(tp, "provider").orElse("?")
            + " "
            + text(tp, "repository").orElse("?")
            + text(tp, "sha").map(s -> " at " + s).orElse("")
            + "; workflow run not recorded";
    if (reasons.contains("trusted-publishing-mismatch")) {
      return new Link(
          LinkKind.TRUSTED_PUBLISHING,
          LinkState.FAILED,
          "the record disagrees with the crate: " + who);
    }
    return new Link(LinkKind.TRUSTED_PUBLISHING, LinkState.CHECKED, "published by " + who);
  }

  private static Link releaseTag(JsonNode report, boolean hasCommit) {
    JsonNode tags = report.path("tags");
    String how = text(tags, "how").orElse("");
    Optional<String> matched = text(tags, "matched");
    if (matched.isPresent()) {
      return new Link(
          LinkKind.RELEASE_TAG,
          LinkState.CHECKED,
          "tag " + matched.get() + " points at the commit");
    }
    if (!hasCommit) {
      return new Link(LinkKind.RELEASE_TAG, LinkState.MISSING, "no commit to look up tags for");
    }
    if (how.isEmpty() || how.equals("not-checked")) {
      return new Link(
          LinkKind.RELEASE_TAG,
          LinkState.NOT_RECORDED,
          "the repository's tags were not checked (repository not available)");
    }
    List<String> on = strings(tags.path("on_commit"));
    List<String> elsewhere = strings(tags.path("elsewhere"));
    String detail =
        on.isEmpty()
            ? "no tag points at the commit"
            : "tags on the commit, none a release tag of this version: " + String.join(", ", on);
    if (!elsewhere.isEmpty()) {
      detail += "; a release tag names another commit: " + String.join(", ", elsewhere);
      return new Link(LinkKind.RELEASE_TAG, LinkState.FAILED, detail);
    }
    return new Link(LinkKind.RELEASE_TAG, LinkState.MISSING, detail);
  }

  private static Link contentMatch(JsonNode report, boolean hasCommit, List<String> reasons) {
    int match = 0;
    int explained = 0;
    int differs = 0;
    int notInCommit = 0;
    int unverified = 0;
    JsonNode files = report.path("files");
    if (files.isArray()) {
      for (JsonNode f : files) {
        switch (f.path("status").asString("")) {
          case "match" -> match++;
          case "explained" -> explained++;
          case "differs" -> differs++;
          case "not-in-commit" -> notInCommit++;
          default -> unverified++;
        }
      }
    }
    if (!hasCommit) {
      return new Link(
          LinkKind.CONTENT_MATCH, LinkState.MISSING, "no commit to compare the files with");
    }
    if (reasons.contains("commit-not-in-repository")) {
      return new Link(
          LinkKind.CONTENT_MATCH,
          LinkState.FAILED,
          "the recorded commit is not in the repository; files were not compared with it");
    }
    int compared = match + explained + differs + notInCommit;
    if (compared == 0) {
      return new Link(
          LinkKind.CONTENT_MATCH,
          LinkState.NOT_RECORDED,
          "no file was compared (repository not available)");
    }
    if (differs + notInCommit > 0) {
      return new Link(
          LinkKind.CONTENT_MATCH,
          LinkState.FAILED,
          count(differs, "file differs", "files differ")
              + ", "
              + count(notInCommit, "file not in repository", "files not in repository")
              + (unverified > 0 ? ", " + count(unverified, "file", "files") + " not compared" : "")
              + " (of "
              + (compared + unverified)
              + ")");
    }
    String detail =
        count(match, "file equals", "files equal")
            + " the commit"
            + (explained > 0 ? ", " + explained + " explained (generated by cargo package)" : "");
    if (unverified > 0) {
      return new Link(
          LinkKind.CONTENT_MATCH,
          LinkState.NOT_RECORDED,
          detail + "; " + count(unverified, "file", "files") + " could not be compared");
    }
    return new Link(LinkKind.CONTENT_MATCH, LinkState.CHECKED, detail);
  }

  private static Link defaultBranch(JsonNode report, boolean hasCommit) {
    Optional<String> on = text(report, "on_default_branch");
    if (on.isEmpty()) {
      return new Link(
          LinkKind.DEFAULT_BRANCH,
          hasCommit ? LinkState.NOT_RECORDED : LinkState.MISSING,
          hasCommit
              ? "whether the default branch contains the commit was not recorded"
              : "no commit to look for");
    }
    return switch (on.get()) {
      case "reachable" ->
          new Link(
              LinkKind.DEFAULT_BRANCH,
              LinkState.CHECKED,
              "the repository's default branch contains the commit");
      case "not-reachable" ->
          new Link(
              LinkKind.DEFAULT_BRANCH,
              LinkState.FAILED,
              "the repository's default branch does not contain the commit");
      default ->
          new Link(
              LinkKind.DEFAULT_BRANCH,
              LinkState.NOT_RECORDED,
              "the repository's default branch could not be determined");
    };
  }

  private static String count(int n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }

  static Optional<String> text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || !v.isString() || v.asString().isEmpty()
        ? Optional.empty()
        : Optional.of(v.asString());
  }

  static List<String> strings(JsonNode arr) {
    List<String> out = new ArrayList<>();
    if (arr != null && arr.isArray()) {
      arr.forEach(v -> out.add(v.asString("")));
    }
    return out;
  }
}
