package dev.cratetrust.registry;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** Test-only: fetches the db-dump at {@code args[0]} into the cache folder {@code args[1]}. */
public final class DbDumpFetchMain {
  private DbDumpFetchMain() {}

  public static void main(String[] args) throws Exception {
    new DbDumpDownload(HttpClient.newHttpClient(), Clock.systemUTC(), Duration.ofHours(24))
        .fetch(URI.create(args[0]), Path.of(args[1]));
  }
}
