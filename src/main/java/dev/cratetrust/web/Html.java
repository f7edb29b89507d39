package dev.cratetrust.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Builds HTML where every value is escaped: text and attribute values go through {@link #escape},
 * links only keep {@code http(s)} or site-relative targets. Tag and attribute names are the
 * caller's constants, never crate-supplied text. Escaping does not make a crate's text true.
 */
public final class Html {
  private final StringBuilder out = new StringBuilder(1024);

  /** Escapes {@code & < > " '} so the text is inert in element content and quoted attributes. */
  public static String escape(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String r =
          switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            case '\'' -> "&#39;";
            default -> null;
          };
      if (r != null) {
        if (b == null) {
          b = new StringBuilder(s.length() + 16).append(s, 0, i);
        }
        b.append(r);
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? s : b.toString();
  }

  /**
   * The link target if it is a site path ({@code /x}, not {@code //host}) or an absolute {@code
   * http}/{@code https} URI with a host; empty for {@code javascript:}, {@code data:} and anything
   * that does not parse.
   */
  public static Optional<String> safeHref(String url) {
    if (url == null || url.isEmpty() || url.length() > 2048) {
      return Optional.empty();
    }
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        return Optional.empty();
      }
    }
    if (url.startsWith("/")) {
      return url.startsWith("//") || url.startsWith("/\\") ? Optional.empty() : Optional.of(url);
    }
    try {
      URI u = new URI(url);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
        return Optional.of(url);
      }
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** Appends markup the caller wrote itself (constants only). */
  public Html raw(String trustedMarkup) {
    out.append(trustedMarkup);
    return this;
  }

  /** Appends escaped text. */
  public Html text(Object value) {
    out.append(escape(String.valueOf(value)));
    return this;
  }

  /** Opens {@code tag} with attribute name/value pairs; values are escaped. */
  public Html open(String tag, String... attributes) {
    out.append('<').append(tag);
    attributes(attributes);
    out.append('>');
    return this;
  }

  /** A void element such as {@code img} or {@code input}; attribute values are escaped. */
  public Html empty(String tag, String... attributes) {
    return open(tag, attributes);
  }

  public Html close(String tag) {
    out.append("</").append(tag).append('>');
    return this;
  }

  /** {@code <tag attrs>text</tag>} with the text escaped. */
  public Html element(String tag, Object text, String... attributes) {
    return open(tag, attributes).text(text).close(tag);
  }

  /**
   * A link to {@code href} if {@link #safeHref} accepts it; otherwise the text alone, so a {@code
   * javascript:} URL from a crate never becomes a link. Off-site links get {@code rel}.
   */
  public Html link(String href, Object text, String... attributes) {
    Optional<String> safe = safeHref(href);
    if (safe.isEmpty()) {
      return element("span", text, attributes);
    }
    String[] all = new String[attributes.length + (safe.get().startsWith("/") ? 2 : 4)];
    all[0] = "href";
    all[1] = safe.get();
    if (!safe.get().startsWith("/")) {
      all[2] = "rel";
      all[3] = "nofollow noopener noreferrer";
    }
    System.arraycopy(attributes, 0, all, all.length - attributes.length, attributes.length);
    return element("a", text, all);
  }

  public Html append(Html other) {
    out.append(other.out);
    return this;
  }

  private void attributes(String[] attributes) {
    if (attributes.length % 2 != 0) {
      throw new IllegalArgumentException("attributes come in name/value pairs");
    }
    for (int i = 0; i < attributes.length; i += 2) {
      out.append(' ').append(attributes[i]).append("=\"").append(escape(attributes[i + 1]));
      out.append('"');
    }
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
