package dev.cratetrust.git;

/** Receives progress of running fetches so a CLI can draw a progress bar; called often. */
@FunctionalInterface
public interface FetchProgress {

  /**
   * One progress sample. {@code task} is JGit's task name ("Receiving objects", ...), {@code
   * objectsTotal} is 0 when unknown, {@code bytesReceived} counts bytes written to the cache during
   * this fetch.
   */
  record Event(
      String url,
      String task,
      int objectsDone,
      int objectsTotal,
      long bytesReceived,
      double bytesPerSecond) {}

  void onProgress(Event event);

  /** Ignores progress. */
  static FetchProgress none() {
    return event -> {};
  }
}
