package dev.cratetrust.git;

import dev.cratetrust.crates.InputText;
import dev.cratetrust.git.FetchOutcome.Reason;
import dev.cratetrust.git.Repositories.InvalidUrl;
import dev.cratetrust.git.Repositories.NoRepository;
import dev.cratetrust.git.Repositories.Resolution;
import dev.cratetrust.git.Repositories.Target;
import dev.cratetrust.git.Repositories.Unreachable;
import dev.cratetrust.git.Repositories.UnsupportedVcs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Turns a repository URL as written (by a crate, a user or a {@code .gitmodules} file) into a
 * {@link Target} to fetch or read in place, applying rewrite rules, normalization and the safety
 * policy for untrusted URLs; reads no repository.
 */
final class TargetResolver {
  private final UrlRewrites rewrites;
  private final UrlPolicy policy;

  TargetResolver(UrlRewrites rewrites, UrlPolicy policy) {
    this.rewrites = rewrites;
    this.policy = policy;
  }

  /**
   * The URL a {@code --git-rewrite} rule sends {@code rawUrl} to, or empty when no rule applies (so
   * results compared with a mirror can be told apart from results compared with the crate's own
   * link). Reads no network.
   */
  Optional<String> rewriteOf(String rawUrl) {
    if (rawUrl == null || rawUrl.isBlank()) {
      return Optional.empty();
    }
    String stripped = rawUrl.strip();
    if (RepositoryUrl.parse(stripped) instanceof RepositoryUrl.Usable u) {
      Optional<String> r = rewrites.rewrite(u.cloneUri().toString());
      if (r.isPresent()) {
        return r;
      }
    }
    return rewrites.rewrite(stripped);
  }

  Resolution resolve(String rawUrl, boolean trusted) {
    if (rawUrl == null || rawUrl.isBlank()) {
      return Resolution.failed(new NoRepository());
    }
    String stripped = rawUrl.strip();
    Optional<String> rewritten = rewrites.rewrite(stripped);
    if (trusted) {
      if (rewritten.isEmpty()
          && stripped.regionMatches(true, 0, "https://", 0, 8)
          && RepositoryUrl.parse(stripped) instanceof RepositoryUrl.Usable u) {
        return Resolution.of(new Target(u.cloneUri().toString(), true));
      }
      return Resolution.of(trustedTarget(rewritten.orElse(stripped)));
    }
    RepositoryUrl.Result parsed = RepositoryUrl.parse(stripped);
    if (parsed instanceof RepositoryUrl.Usable u) {
      Optional<String> r = rewrites.rewrite(u.cloneUri().toString());
      if (r.isPresent()) {
        return Resolution.of(trustedTarget(r.get()));
      }
    }
    if (rewritten.isPresent()) {
      return Resolution.of(trustedTarget(rewritten.get()));
    }
    return switch (parsed) {
      case RepositoryUrl.Missing m -> Resolution.failed(new NoRepository());
      case RepositoryUrl.Invalid i -> Resolution.failed(new InvalidUrl(i.url(), i.why()));
      case RepositoryUrl.UnsupportedVcs v ->
          Resolution.failed(new UnsupportedVcs(v.url(), v.why()));
      case RepositoryUrl.Usable u -> {
        String url = u.cloneUri().toString();
        yield switch (policy.check(url)) {
          case UrlPolicy.Rejected r -> Resolution.failed(new InvalidUrl(r.url(), r.reason()));
          case UrlPolicy.Unresolved r ->
              Resolution.failed(new Unreachable(url, Reason.NETWORK, r.message()));
          case UrlPolicy.Allowed a -> Resolution.of(new Target(url, false));
        };
      }
    };
  }

  /** Resolves a URL found in {@code .gitmodules} of {@code parent}. */
  Resolution resolveSubmodule(Target parent, String url) {
    if (url == null || url.isBlank()) {
      return Resolution.failed(new NoRepository());
    }
    String u = url.strip();
    if (u.startsWith("./") || u.startsWith("../")) {
      Optional<String> absolute = resolveRelative(parent.url(), u);
      if (absolute.isEmpty()) {
        return Resolution.failed(
            new InvalidUrl(
                InputText.printable(u),
                "relative submodule URL escapes " + InputText.printable(parent.url())));
      }
      // A relative URL stays on the parent's server, so it inherits the parent's trust.
      Optional<String> rewritten = rewrites.rewrite(absolute.get());
      if (rewritten.isPresent()) {
        return Resolution.of(trustedTarget(rewritten.get()));
      }
      return parent.trusted()
          ? Resolution.of(trustedTarget(absolute.get()))
          : resolve(absolute.get(), false);
    }
    return resolve(u, false);
  }

  /** Git's rule: the parent URL is treated as a folder; each {@code ../} drops one component. */
  static Optional<String> resolveRelative(String parentUrl, String relative) {
    String base = parentUrl;
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    String rest = relative;
    int minLength = base.indexOf("://") >= 0 ? base.indexOf('/', base.indexOf("://") + 3) : 0;
    while (true) {
      if (rest.startsWith("./")) {
        rest = rest.substring(2);
      } else if (rest.startsWith("../")) {
        int slash = base.lastIndexOf('/');
        if (slash < 0 || slash < minLength || (minLength < 0)) {
          return Optional.empty();
        }
        base = base.substring(0, slash);
        rest = rest.substring(3);
      } else {
        break;
      }
    }
    if (rest.isEmpty() || rest.startsWith("/") || rest.contains("/../") || rest.equals("..")) {
      return Optional.empty();
    }
    return Optional.of(base + "/" + rest);
  }

  /**
   * A target the user chose: a local folder ({@code file://} URL, absolute or existing relative
   * path, with or without {@code .git}) is read in place; anything else is fetched.
   */
  static Target trustedTarget(String url) {
    Optional<Path> local = localPath(url);
    if (local.isPresent()) {
      Path p = local.get();
      for (Path candidate : List.of(p, Path.of(p + ".git"))) {
        if (Files.isDirectory(candidate)) {
          return new Target(p.toString(), true, candidate);
        }
      }
      return new Target(p.toString(), true, p);
    }
    return new Target(url, true);
  }

  private static Optional<Path> localPath(String url) {
    try {
      if (url.regionMatches(true, 0, "file:", 0, 5)) {
        return Optional.of(Path.of(java.net.URI.create(url)).toAbsolutePath().normalize());
      }
      if (url.contains("://") || url.contains("::")) {
        return Optional.empty();
      }
      Path p = Path.of(url);
      if (p.isAbsolute() || url.startsWith("./") || url.startsWith("../") || Files.exists(p)) {
        return Optional.of(p.toAbsolutePath().normalize());
      }
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
