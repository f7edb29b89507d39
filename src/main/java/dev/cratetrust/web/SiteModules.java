package dev.cratetrust.web;

import java.util.List;

/** The one list of the site's modules; each feature appends its module here. */
public final class SiteModules {
  private SiteModules() {}

  /** Every module of the site, in registration order. */
  public static List<SiteModule> all() {
    return List.of(
        // one line per module
        new CoreModule(), new ReliabilityModule(), new VerifyRequestModule());
  }
}
