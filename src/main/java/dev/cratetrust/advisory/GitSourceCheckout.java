package dev.cratetrust.advisory;

import dev.cratetrust.crates.InputText;
import dev.cratetrust.crates.UnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.eclipse.jgit.api.CloneCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.util.FileUtils;

/**
 * Clones a trust source published as a git repository (the RustSec advisory-db, crev proof repos)
 * into a cache folder, one folder per URL, replacing the previous copy only when the clone
 * completed.
 *
 * <p>Submodules are not fetched; the copy is only as trustworthy as the URL it came from.
 */
public final class GitSourceCheckout {
  /** A completed checkout and the commit it is at. */
  public record Checkout(Path directory, String revision) {}

  /** JGit's per-operation network timeout. */
  static final int TIMEOUT_SECONDS = 300;

  private GitSourceCheckout() {}

  /** True when {@code location} names a git URL rather than a local folder. */
  public static boolean isGitUrl(String location) {
    return location.startsWith("https://")
        || location.startsWith("http://")
        || location.startsWith("file://")
        || location.startsWith("ssh://")
        || location.startsWith("git://");
  }

  /** Clones {@code url} (shallow, default branch) under {@code cacheDir}. */
  public static Checkout cloneInto(String url, Path cacheDir)
      throws UnavailableException, AdvisorySourceException {
    if (!(url.startsWith("https://") || url.startsWith("file://"))) {
      throw new AdvisorySourceException(
          "clone "
              + InputText.printable(url)
              + ": only https:// (or file:// for tests) is allowed");
    }
    Path target = cacheDir.resolve(key(url));
    Path temp = cacheDir.resolve(key(url) + ".tmp-" + System.nanoTime());
    try {
      Files.createDirectories(cacheDir);
      String revision;
      CloneCommand clone =
          Git.cloneRepository().setURI(url).setDirectory(temp.toFile()).setCloneSubmodules(false);
      if (!url.startsWith("file://")) {
        clone.setDepth(1);
      }
      try (Git git = clone.call()) {
        ObjectId head = git.getRepository().resolve("HEAD");
        revision = head == null ? "" : head.name();
      }
      if (Files.exists(target)) {
        FileUtils.delete(target.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      return new Checkout(target, revision);
    } catch (GitAPIException | IOException | RuntimeException e) {
      try {
        if (Files.exists(temp)) {
          FileUtils.delete(temp.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY);
        }
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw new UnavailableException(
          "clone " + InputText.printable(url) + ": " + InputText.printable(e.getMessage()), e);
    }
  }

  private static String key(String url) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
