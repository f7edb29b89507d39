package dev.cratetrust.git;

import dev.cratetrust.crates.InputText;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a crate's {@code repository} field (as written by crate authors) into a git clone URL.
 *
 * <p>Rules: surrounding whitespace is trimmed; {@code git+} prefixes are dropped; {@code http://}
 * and {@code git://} are upgraded to {@code https://} (the unauthenticated git daemon protocol is
 * never used; forges that serve {@code git://} also serve https); {@code ssh://user@host/path} and
 * {@code user@host:path} become {@code https://host/path}; a missing scheme before a dotted host
 * ({@code github.com/a/b}) gets {@code https://}; the host is lower-cased and {@code www.} dropped
 * for known forges; web-view suffixes of GitHub, GitLab, Bitbucket, Codeberg/Gitea, sourcehut and
 * Gitiles are cut off, keeping the folder as a {@link Usable#subdirHint()}; {@code .git} and
 * trailing slashes are dropped on known forges; query and fragment are dropped.
 *
 * <p>A usable result is not checked for safety (see {@link UrlPolicy}) and does not prove that a
 * repository exists there or that it is the crate's repository.
 */
public final class RepositoryUrl {
  private static final Set<String> UNSUPPORTED_SCHEMES =
      Set.of(
          "svn",
          "svn+ssh",
          "svn+http",
          "svn+https",
          "bzr",
          "bzr+ssh",
          "hg",
          "hg+http",
          "hg+https",
          "hg+ssh",
          "fossil",
          "fossil+http",
          "fossil+https",
          "cvs",
          "darcs");
  private static final Set<String> MERCURIAL_HOSTS =
      Set.of("hg.sr.ht", "hg.mozilla.org", "foss.heptapod.net");

  private RepositoryUrl() {}

  /** The outcome of normalizing a {@code repository} field. */
  public sealed interface Result permits Usable, Missing, UnsupportedVcs, Invalid {}

  /**
   * A git URL to fetch; {@code display} is the same URL for reports; {@code subdirHint} is the
   * folder a web-view URL pointed at (a hint only: branch names with slashes make it ambiguous).
   */
  public record Usable(URI cloneUri, String display, Optional<String> subdirHint)
      implements Result {}

  /** The field is absent or blank. */
  public record Missing() implements Result {}

  /** The URL names a non-git repository or a page whose version control system is unknown. */
  public record UnsupportedVcs(String url, String why) implements Result {}

  /** The field is not a URL we can fetch from. */
  public record Invalid(String url, String why) implements Result {}

  /** Normalizes {@code raw}; never throws. */
  public static Result parse(String raw) {
    if (raw == null || raw.isBlank()) {
      return new Missing();
    }
    String s = raw.strip();
    String shown = InputText.printable(s);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        return new Invalid(shown, "contains whitespace or control characters");
      }
    }
    if (s.startsWith("-")) {
      return new Invalid(shown, "starts with '-'");
    }
    if (s.matches("[A-Za-z0-9+._-]*::.*")) {
      return new Invalid(shown, "uses a git remote-helper transport ('<transport>::')");
    }
    int schemeEnd = s.indexOf("://");
    String scheme;
    String rest;
    if (schemeEnd > 0 && s.substring(0, schemeEnd).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
      scheme = s.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
      rest = s.substring(schemeEnd + 3);
    } else if (s.matches("[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^/].*")) {
      int at = s.indexOf('@');
      int colon = s.indexOf(':', at);
      scheme = "ssh";
      rest = s.substring(at + 1, colon) + "/" + s.substring(colon + 1);
    } else if (s.matches("(?i)[a-z0-9-]+(\\.[a-z0-9-]+)+/.*")) {
      scheme = "https";
      rest = s;
    } else {
      return new Invalid(shown, "not an absolute URL (expected https://host/path)");
    }
    if (UNSUPPORTED_SCHEMES.contains(scheme)) {
      return new UnsupportedVcs(shown, "scheme '" + scheme + "' is not git");
    }
    if (scheme.startsWith("git+")) {
      scheme = scheme.substring(4);
    }
    switch (scheme) {
      case "https", "http", "git", "ssh" -> {}
      default -> {
        return new Invalid(shown, "unsupported scheme '" + InputText.printable(scheme) + "'");
      }
    }
    int cut = firstIndexOf(rest, '?', '#');
    if (cut >= 0) {
      rest = rest.substring(0, cut);
    }
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash);
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      if (!scheme.equals("ssh")) {
        return new Invalid(shown, "contains user information before the host");
      }
      authority = authority.substring(at + 1);
    }
    String host = authority;
    String port = "";
    if (!authority.startsWith("[")) {
      int colon = authority.lastIndexOf(':');
      if (colon >= 0) {
        host = authority.substring(0, colon);
        port = authority.substring(colon + 1);
      }
    } else {
      int close = authority.indexOf(']');
      if (close < 0) {
        return new Invalid(shown, "unterminated IPv6 host");
      }
      host = authority.substring(0, close + 1);
      if (authority.length() > close + 1) {
        if (authority.charAt(close + 1) != ':') {
          return new Invalid(shown, "malformed host");
        }
        port = authority.substring(close + 2);
      }
    }
    if (scheme.equals("ssh")) {
      port = "";
    }
    if (!port.isEmpty() && !port.matches("[0-9]{1,5}")) {
      return new Invalid(shown, "malformed port '" + InputText.printable(port) + "'");
    }
    if (port.equals("443") || (port.equals("80") && scheme.equals("http"))) {
      port = "";
    }
    if (scheme.equals("git") && port.equals("9418")) {
      port = "";
    }
    host = host.toLowerCase(Locale.ROOT);
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    if (host.isEmpty()) {
      return new Invalid(shown, "has no host");
    }
    if (!host.startsWith("[") && !host.matches("[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?")) {
      return new Invalid(shown, "malformed host '" + InputText.printable(host) + "'");
    }
    if (host.startsWith("www.") && Forge.of(host.substring(4)) != Forge.OTHER) {
      host = host.substring(4);
    }
    List<String> segments = new ArrayList<>();
    for (String seg : path.split("/")) {
      if (!seg.isEmpty()) {
        segments.add(seg);
      }
    }
    for (String seg : segments) {
      if (seg.equals("..") || seg.equals(".")) {
        return new Invalid(shown, "path contains '" + seg + "'");
      }
    }
    if (MERCURIAL_HOSTS.contains(host)) {
      return new UnsupportedVcs(shown, "host " + host + " serves Mercurial repositories");
    }
    Forge forge = Forge.of(host);
    Shape shape;
    try {
      shape = forge.shape(segments);
    } catch (IllegalArgumentException e) {
      return new Invalid(shown, e.getMessage());
    } catch (UnsupportedOperationException e) {
      return new UnsupportedVcs(shown, e.getMessage());
    }
    if (shape.repoPath().isEmpty()) {
      return new Invalid(shown, "has no repository path");
    }
    for (String seg : shape.repoPath()) {
      if (!seg.matches("([A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2})+")) {
        return new Invalid(
            shown,
            "path segment '" + InputText.printable(seg) + "' has characters not allowed in a URL");
      }
    }
    String display =
        "https://"
            + host
            + (port.isEmpty() ? "" : ":" + port)
            + "/"
            + String.join("/", shape.repoPath());
    try {
      return new Usable(new URI(display), display, shape.subdir());
    } catch (URISyntaxException e) {
      return new Invalid(shown, "not a valid URI: " + InputText.printable(e.getMessage()));
    }
  }

  private static int firstIndexOf(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    if (i < 0) {
      return j;
    }
    return j < 0 ? i : Math.min(i, j);
  }

  private record Shape(List<String> repoPath, Optional<String> subdir) {}

  private enum Forge {
    GITHUB,
    GITLAB,
    BITBUCKET,
    GITEA,
    SOURCEHUT_GIT,
    SOURCEHUT_PROJECT,
    GITILES,
    OTHER;

    static Forge of(String host) {
      return switch (host) {
        case "github.com" -> GITHUB;
        case "gitlab.com",
            "gitlab.gnome.org",
            "gitlab.freedesktop.org",
            "salsa.debian.org",
            "gitlab.redox-os.org",
            "framagit.org" ->
            GITLAB;
        case "bitbucket.org" -> BITBUCKET;
        case "codeberg.org", "gitea.com" -> GITEA;
        case "git.sr.ht" -> SOURCEHUT_GIT;
        case "sr.ht" -> SOURCEHUT_PROJECT;
        default -> host.endsWith(".googlesource.com") ? GITILES : OTHER;
      };
    }

    Shape shape(List<String> segs) {
      return switch (this) {
        case GITHUB -> ownerRepo(segs, true, 2, "tree", "blob");
        case BITBUCKET -> ownerRepo(segs, true, 2, "src");
        case GITEA -> gitea(segs);
        case SOURCEHUT_GIT -> sourcehut(segs);
        case SOURCEHUT_PROJECT ->
            throw new UnsupportedOperationException(
                "a sourcehut project page; its repositories may be git or Mercurial");
        case GITLAB -> gitlab(segs);
        case GITILES -> gitiles(segs);
        case OTHER -> new Shape(stripSlashGit(segs, false), Optional.empty());
      };
    }

    private static Shape ownerRepo(
        List<String> segs, boolean lower, int refSegments, String... viewWords) {
      if (segs.size() < 2) {
        throw new IllegalArgumentException(
            segs.isEmpty() ? "has no repository path" : "names an owner but no repository");
      }
      List<String> repo = new ArrayList<>(segs.subList(0, 2));
      repo.set(1, stripGit(repo.get(1)));
      if (lower) {
        repo.replaceAll(x -> x.toLowerCase(Locale.ROOT));
      }
      Optional<String> hint = Optional.empty();
      if (segs.size() > 2 && Arrays.asList(viewWords).contains(segs.get(2))) {
        hint = hintAfter(segs, 2 + refSegments, segs.get(2).equals("blob"));
      }
      return new Shape(repo, hint);
    }

    private static Shape gitea(List<String> segs) {
      Shape base = ownerRepo(segs, false, 0);
      if (segs.size() > 4 && segs.get(2).equals("src")) {
        return new Shape(base.repoPath(), hintAfter(segs, 5, false));
      }
      return base;
    }

    private static Shape sourcehut(List<String> segs) {
      Shape base = ownerRepo(segs, false, 0);
      if (segs.size() > 5 && segs.get(2).equals("tree") && segs.get(4).equals("item")) {
        return new Shape(base.repoPath(), hintAfter(segs, 5, false));
      }
      return base;
    }

    private static Shape gitlab(List<String> segs) {
      int dash = segs.indexOf("-");
      List<String> project;
      List<String> view;
      if (dash >= 0) {
        project = segs.subList(0, dash);
        view = segs.subList(dash + 1, segs.size());
      } else {
        int t = -1;
        for (int i = 2; i < segs.size(); i++) {
          if (segs.get(i).equals("tree") || segs.get(i).equals("blob")) {
            t = i;
            break;
          }
        }
        project = t < 0 ? segs : segs.subList(0, t);
        view = t < 0 ? List.of() : segs.subList(t, segs.size());
      }
      if (project.size() < 2) {
        throw new IllegalArgumentException(
            project.isEmpty() ? "has no repository path" : "names a group but no project");
      }
      List<String> repo = stripSlashGit(project, true);
      Optional<String> hint = Optional.empty();
      if (view.size() > 2 && (view.get(0).equals("tree") || view.get(0).equals("blob"))) {
        hint = hintAfter(view, 2, view.get(0).equals("blob"));
      }
      return new Shape(repo, hint);
    }

    private static Shape gitiles(List<String> segs) {
      int plus = -1;
      for (int i = 0; i < segs.size(); i++) {
        if (segs.get(i).startsWith("+")) {
          plus = i;
          break;
        }
      }
      List<String> repo = stripSlashGit(plus < 0 ? segs : segs.subList(0, plus), false);
      Optional<String> hint = Optional.empty();
      if (plus >= 0 && segs.get(plus).equals("+")) {
        List<String> view = segs.subList(plus + 1, segs.size());
        int skip = view.size() > 2 && view.get(0).equals("refs") ? 3 : 1;
        hint = hintAfter(view, skip, false);
      }
      return new Shape(repo, hint);
    }

    private static Optional<String> hintAfter(List<String> segs, int from, boolean isFile) {
      int end = isFile ? segs.size() - 1 : segs.size();
      if (from >= end) {
        return Optional.empty();
      }
      return Optional.of(String.join("/", segs.subList(from, end)));
    }

    private static List<String> stripSlashGit(List<String> segs, boolean alwaysStrip) {
      List<String> out = new ArrayList<>(segs);
      if (!out.isEmpty() && alwaysStrip) {
        out.set(out.size() - 1, stripGit(out.getLast()));
      }
      return out;
    }

    private static String stripGit(String s) {
      return s.length() > 4 && s.toLowerCase(Locale.ROOT).endsWith(".git")
          ? s.substring(0, s.length() - 4)
          : s;
    }
  }
}
