package gauntlet.agent.target.docker;

import java.util.Locale;

/**
 * Where server images come from: the official base images (a registry must answer), the host's own
 * runtimes in a {@code FROM scratch} image (air-gapped), or whichever works on this engine.
 */
public enum OfflineImages {
  /** Always build from the host's runtimes ({@code --offline-images}). */
  TRUE,
  /** Always build from the official base images; fails when they cannot be pulled. */
  FALSE,
  /** Official images when their bases are present or can be pulled, offline ones otherwise. */
  AUTO;

  /** Parses the agent flag's spelling: {@code true}, {@code false} or {@code auto} (empty: auto). */
  public static OfflineImages parse(String value) {
    if (value == null || value.isBlank()) {
      return AUTO;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> TRUE;
      case "false", "no", "off" -> FALSE;
      case "auto" -> AUTO;
      default -> throw new IllegalArgumentException(
          "--offline-images must be true, false or auto, not '" + value + "'");
    };
  }

  /** A boolean flag where null means "not given", i.e. auto. */
  public static OfflineImages fromFlag(Boolean flag) {
    return flag == null ? AUTO : flag ? TRUE : FALSE;
  }
}
