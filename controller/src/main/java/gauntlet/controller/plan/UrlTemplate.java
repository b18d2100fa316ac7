package gauntlet.controller.plan;

import gauntlet.core.IpLiterals;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load URL with its placeholders: {@code {target}} stands for the target agent's host as the
 * load agents reach it. Parsed and checked once, without a name lookup, when the plan is read;
 * {@link #resolve} fills the host in.
 */
public final class UrlTemplate {
  static final String TARGET = "{target}";
  private static final List<String> PLACEHOLDERS = List.of("target");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
  /** A syntactically valid stand-in for {target} while the URL is checked. */
  private static final String STAND_IN = "target.invalid";

  private final String template;
  private final URI parsed;

  private UrlTemplate(String template, URI parsed) {
    this.template = template;
    this.parsed = parsed;
  }

  /**
   * @throws IllegalArgumentException saying what is wrong, without the field's name
   */
  public static UrlTemplate parse(String template) {
    Matcher placeholder = PLACEHOLDER.matcher(template);
    while (placeholder.find()) {
      String name = placeholder.group(1);
      if (!PLACEHOLDERS.contains(name)) {
        throw new IllegalArgumentException("unknown placeholder " + Values.quote("{" + name + "}") + " in "
            + Values.quote(template) + Suggestions.closest(name, PLACEHOLDERS).map(s -> ", did you mean '{" + s + "}'?")
            .orElse("") + " (the only placeholder is {target}, the target agent's host)");
      }
    }
    String filled = template.replace(TARGET, STAND_IN);
    if (filled.contains("{") || filled.contains("}")) {
      throw new IllegalArgumentException("has an unbalanced '{' or '}' in " + Values.quote(template)
          + "; the only placeholder is {target}");
    }
    String lower = filled.toLowerCase(Locale.ROOT);
    if (lower.startsWith("https://")) {
      throw new IllegalArgumentException("must be an http:// URL, got " + Values.quote(template)
          + "; the load engine speaks plain HTTP/1.1 like wrk's benchmarks in the article");
    }
    if (!lower.startsWith("http://")) {
      throw new IllegalArgumentException("must be an http:// URL like http://{target}:3000/json, got "
          + Values.quote(template));
    }
    String authority = filled.substring("http://".length()).split("[/?#]", 2)[0];
    int portColon = authority.lastIndexOf(':');
    if (portColon >= 0 && portColon > authority.lastIndexOf(']')
        && !authority.substring(portColon + 1).matches("\\d{1,5}")) {
      throw new IllegalArgumentException("needs a port between 1 and 65535, got " + Values.quote(template));
    }
    URI uri;
    try {
      uri = new URI(filled);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("is not a valid URL (" + e.getReason() + "), got " + Values.quote(template));
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("needs a host, e.g. http://{target}:3000/json, got " + Values.quote(template));
    }
    if (uri.getUserInfo() != null || uri.getFragment() != null) {
      throw new IllegalArgumentException("must not carry user info or a #fragment, got " + Values.quote(template));
    }
    if (uri.getPort() == 0 || uri.getPort() > 65_535 || (uri.getPort() < 0 && uri.getRawAuthority().endsWith(":"))) {
      throw new IllegalArgumentException("needs a port between 1 and 65535, got " + Values.quote(template));
    }
    return new UrlTemplate(template, uri);
  }

  /** As the plan wrote it, e.g. {@code http://{target}:3000/json}. */
  public String template() {
    return template;
  }

  /**
   * The URL with {@code {target}} replaced by {@code host} (an IPv6 literal is bracketed here, the
   * one place that knows URLs need it).
   */
  public URI resolve(String host) {
    return URI.create(template.replace(TARGET, IpLiterals.bracket(host)));
  }

  /** The path the load requests, {@code /} when the URL names none: the target's health check asks it too. */
  public String path() {
    String path = parsed.getRawPath();
    return path == null || path.isEmpty() ? "/" : path;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UrlTemplate other && template.equals(other.template);
  }

  @Override
  public int hashCode() {
    return template.hashCode();
  }

  @Override
  public String toString() {
    return template;
  }

  /** Whether the load goes to the target agent's host (the usual case). */
  boolean pointsAtTarget() {
    return STAND_IN.equals(parsed.getHost());
  }

  /** The URL's port; 80 when it names none. */
  int port() {
    return parsed.getPort() > 0 ? parsed.getPort() : 80;
  }
}
