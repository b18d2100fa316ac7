package gauntlet.core.security;

/**
 * Authentication or TLS is set up wrongly (a missing, empty or unreadable token, a certificate that
 * does not parse, an agent that would listen unauthenticated beyond loopback). The message is one
 * sentence naming the flag or file and what to do.
 */
public final class SecurityConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SecurityConfigException(String message) {
    super(message);
  }

  public SecurityConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
