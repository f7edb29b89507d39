package dev.cratetrust.web;

import java.util.List;

/** The one list of the site's modules; each feature appends its module here. */
public final class SiteModules {
  private SiteModules() {}

  /**
   * Every module of the site, in registration order. Javalin tries routes in the order they were
   * added, so {@link CrateModule} stays last: its {@code /crates/{name}/{version}} would otherwise
   * answer for fixed paths such as {@code /crates/{name}/reliability}. Add new modules above it.
   */
  public static List<SiteModule> all() {
    return List.of(
        new CoreModule(),
        new OpenApiModule(),
        new SearchModule(),
        // one line per module, above CrateModule
        new ReliabilityModule(),
        new VerifyRequestModule(),
        new BadgeModule(),
        new ReportModule(),
        new DataModule(),
        new CrateModule());
  }
}
