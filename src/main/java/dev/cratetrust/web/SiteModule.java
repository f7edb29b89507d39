package dev.cratetrust.web;

import io.javalin.config.RoutesConfig;

/**
 * One feature of the web site (crate pages, badges, reports, ...): adds its routes to the server.
 * Every module is listed once in {@link SiteModules#all()}.
 */
public interface SiteModule {
  /** Adds this module's routes; called once while the server is configured. */
  void register(RoutesConfig routes, SiteContext context);
}
