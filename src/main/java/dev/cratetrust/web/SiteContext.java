package dev.cratetrust.web;

import dev.cratetrust.store.Database;
import java.time.Clock;

/**
 * What every site module may use: the store it shows, the clock, whether the site is a read-only
 * mirror (the server then refuses every write before a module sees it), and the page layout.
 */
public record SiteContext(Database database, Clock clock, boolean readOnly, Layout layout) {
  public SiteContext(Database database, Clock clock, boolean readOnly) {
    this(database, clock, readOnly, new Layout());
  }
}
