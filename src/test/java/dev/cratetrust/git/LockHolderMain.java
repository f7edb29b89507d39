package dev.cratetrust.git;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link RepositoryCacheTest}: takes the cache lock for a URL, says so on
 * stdout, holds it, then writes a marker file just before releasing it.
 */
public final class LockHolderMain {
  private LockHolderMain() {}

  public static void main(String[] args) throws Exception {
    var cache = new RepositoryCache(Path.of(args[0]));
    try (var lock = cache.lock(args[1])) {
      System.out.println("locked " + lock.dir().getFileName());
      System.out.flush();
      Thread.sleep(Long.parseLong(args[2]));
      Files.writeString(Path.of(args[3]), "released");
    }
  }
}
