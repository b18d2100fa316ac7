package gauntlet.controller.run;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Says in one sentence why a TLS connection to an agent failed. gRPC reports every such failure as
 * UNAVAILABLE; the reason is only in the chain of causes, in the words of whichever TLS engine ran.
 */
final class TlsFailures {
  private TlsFailures() {}

  /** The explanation when {@code failure} was a TLS problem, else empty. */
  static Optional<String> explain(Throwable failure, String host) {
    List<Throwable> chain = chain(failure);
    boolean tls = chain.stream().anyMatch(t -> t instanceof SSLException
        || t instanceof java.security.cert.CertificateException);
    if (!tls) {
      return Optional.empty();
    }
    String text = String.join(" | ", chain.stream().map(t -> String.valueOf(t.getMessage())).toList())
        .toLowerCase(Locale.ROOT);
    if (chain.stream().anyMatch(t -> t.getClass().getSimpleName().equals("NotSslRecordException"))
        || text.contains("not an ssl/tls record") || text.contains("wrong_version_number")
        || text.contains("packet length too long")) {
      return Optional.of("it does not speak TLS; start the agent with --tls-cert and --tls-key, or remove tls: from"
          + " the plan");
    }
    if (text.contains("no subject alternative") || text.contains("no name matching")
        || text.contains("hostname") && text.contains("match")) {
      return Optional.of("its certificate is not valid for " + host + "; make the agent's certificate for the address"
          + " the plan uses (gauntlet certs init DIR --agent-host " + host + ")");
    }
    if (chain.stream().anyMatch(t -> t instanceof CertPathBuilderException || t instanceof CertPathValidatorException)
        || text.contains("unable to find valid certification path") || text.contains("pkix path")
        || text.contains("certificate_verify_failed")) {
      return Optional.of("its certificate is not signed by the CA in tls.ca; give tls.ca the CA that signed the"
          + " agent's --tls-cert");
    }
    if (text.contains("expired") || text.contains("not yet valid")) {
      return Optional.of("its certificate has expired or is not valid yet: " + firstMessage(chain));
    }
    if (text.contains("certificate_required") || text.contains("bad_certificate") || text.contains("unknown_ca")
        || text.contains("certificate_unknown") || text.contains("handshake_failure")) {
      return Optional.of("the agent refused the controller's certificate; mutual TLS needs tls.cert and tls.key"
          + " signed by the CA the agent names in --tls-client-ca");
    }
    return Optional.of(firstMessage(chain));
  }

  private static String firstMessage(List<Throwable> chain) {
    for (Throwable t : chain) {
      if (t instanceof SSLException && t.getMessage() != null) {
        return t.getMessage();
      }
    }
    return String.valueOf(chain.get(chain.size() - 1).getMessage());
  }

  private static List<Throwable> chain(Throwable failure) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
      for (Throwable suppressed : t.getSuppressed()) {
        chain.add(suppressed);
      }
    }
    return chain;
  }
}
