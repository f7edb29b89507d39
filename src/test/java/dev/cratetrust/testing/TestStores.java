package dev.cratetrust.testing;

import dev.cratetrust.store.Database;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Opens stores on the engines store tests run on ({@code mem}, {@code file}, {@code postgresql} in
 * its own scratch schema) and closes every one of them, newest first.
 */
public final class TestStores {
  private final Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();

  /** {@code dir} holds the {@code file} store. */
  public TestStores(Path dir) {
    this.dir = dir;
  }

  /** A migrated store of {@code kind}; {@code file} is the same store at every call. */
  public Database open(String kind) throws Exception {
    String spec =
        switch (kind) {
          case "mem" -> "mem:test-" + UUID.randomUUID();
          case "file" -> dir.resolve("store").toString();
          case "postgresql" -> {
            ScratchPostgres pg = ScratchPostgres.create();
            open.add(pg);
            yield pg.spec();
          }
          default -> throw new IllegalArgumentException("no store engine " + kind);
        };
    Database db = Database.open(spec);
    open.add(db);
    return db;
  }

  /** Closes every store opened so far. */
  public void closeAll() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
    open.clear();
  }
}
