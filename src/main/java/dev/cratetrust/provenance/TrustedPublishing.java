package dev.cratetrust.provenance;

import dev.cratetrust.crates.VcsInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The registry's trusted-publishing record for a version ({@code trustpub_data}): which CI provider
 * published it, from which repository and commit.
 *
 * <p>It attests who uploaded, not that the tarball equals that commit: build steps in CI can still
 * change the package.
 */
public record TrustedPublishing(String provider, String repository, Optional<String> sha) {

  /**
   * Where this record disagrees with the crate: a commit other than the one {@code vcs} records, or
   * a repository that {@code link} (the crate's repository link) does not name. Empty when nothing
   * disagrees or there is nothing to compare.
   */
  public List<String> mismatches(VcsInfo vcs, Optional<String> link) {
    List<String> problems = new ArrayList<>();
    if (sha.isPresent()
        && vcs instanceof VcsInfo.Git g
        && !sha.get().equalsIgnoreCase(g.sha1().hex())) {
      problems.add(
          "trusted publishing commit "
              + sha.get()
              + " but .cargo_vcs_info.json commit "
              + g.sha1());
    }
    if (link.isPresent() && !repository.isBlank() && !matchesLink(link.get())) {
      problems.add(
          "trusted publishing repository " + repository + " but repository link " + link.get());
    }
    return problems;
  }

  /**
   * Whether {@code link} (a repository link as written in a manifest) names this record's
   * repository: the same host ({@code github.com} for {@code github}, {@code gitlab.com} for {@code
   * gitlab}) and the same whole path, ignoring case, {@code .git}, a trailing slash and a page
   * inside the repository ({@code /tree/...}, {@code /blob/...}, GitLab's {@code /-/...}). For
   * another provider the host is not known and only the path is compared.
   */
  public boolean matchesLink(String link) {
    String s = link.strip().toLowerCase(Locale.ROOT);
    int scheme = s.indexOf("://");
    if (scheme < 0) {
      return false;
    }
    s = s.substring(scheme + 3);
    int slash = s.indexOf('/');
    if (slash < 0) {
      return false;
    }
    String host = s.substring(0, slash);
    host = host.substring(host.lastIndexOf('@') + 1).replaceFirst(":443$", "");
    host = host.startsWith("www.") ? host.substring(4) : host;
    String path = s.substring(slash + 1).replaceFirst("[?#].*$", "");
    int gitlabPage = path.indexOf("/-/");
    if (gitlabPage >= 0) {
      path = path.substring(0, gitlabPage);
    }
    List<String> segments = Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).toList();
    String p = provider.toLowerCase(Locale.ROOT);
    if (p.equals("github") && segments.size() > 2) {
      // github.com/owner/name is the repository; anything longer must be a page inside it
      if (!(segments.get(2).equals("tree") || segments.get(2).equals("blob"))) {
        return false;
      }
      segments = segments.subList(0, 2);
    }
    String joined = String.join("/", segments);
    if (joined.endsWith(".git")) {
      joined = joined.substring(0, joined.length() - 4);
    }
    String want = repository.strip().toLowerCase(Locale.ROOT).replaceAll("^/+|/+$", "");
    String wantHost =
        switch (p) {
          case "github" -> "github.com";
          case "gitlab" -> "gitlab.com";
          default -> host;
        };
    return host.equals(wantHost) && joined.equals(want);
  }
}
