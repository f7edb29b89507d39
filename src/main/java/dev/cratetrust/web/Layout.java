package dev.cratetrust.web;

import dev.cratetrust.crates.CrateName;
import java.util.Optional;

/**
 * The frame of every page: header with the search box, navigation (the crate, its Reliability tab,
 * the study report) and the footer. Styles and scripts come from files under {@code /static/} only,
 * as the Content-Security-Policy allows no inline code.
 */
public final class Layout {
  /** The whole page; {@code crate} adds the crate's navigation links. */
  public String page(String title, Optional<CrateName> crate, Html main) {
    Html h = new Html();
    h.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    h.empty("meta", "name", "viewport", "content", "width=device-width, initial-scale=1");
    h.element("title", title + " \u2014 cratetrust");
    h.empty("link", "rel", "stylesheet", "href", "/static/site.css");
    h.raw("</head><body>");
    h.open("header", "class", "site-header");
    h.link("/", "cratetrust", "class", "site-name");
    h.open("form", "class", "search", "role", "search", "method", "get", "action", "/search");
    h.element("label", "Search crates", "for", "site-search", "class", "visually-hidden");
    h.empty(
        "input",
        "id",
        "site-search",
        "type",
        "search",
        "name",
        "q",
        "placeholder",
        "crate name",
        "maxlength",
        String.valueOf(CrateName.MAX_LENGTH));
    h.element("button", "Search", "type", "submit");
    h.close("form");
    h.open("nav", "aria-label", "Site").open("ul");
    crate.ifPresent(
        c -> {
          h.open("li").link("/crates/" + c.value(), c.value()).close("li");
          h.open("li").link("/crates/" + c.value() + "/reliability", "Reliability").close("li");
        });
    h.open("li").link("/report", "Report").close("li");
    h.open("li").link("/openapi.json", "API").close("li");
    h.close("ul").close("nav");
    h.close("header");
    h.open("main", "id", "main").append(main).close("main");
    h.open("footer", "class", "site-footer");
    h.element(
        "p",
        "Facts from the store, each with its source and date. A fact is what was checked, not a"
            + " promise about the code.");
    h.close("footer");
    h.raw("</body></html>\n");
    return h.toString();
  }
}
