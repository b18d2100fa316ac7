package gauntlet.agent.target.docker;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The images a Dockerfile starts from ({@code FROM} lines), minus {@code scratch} and its own stages. */
final class BaseImages {
  private BaseImages() {}

  static List<String> of(String dockerfile) {
    List<String> bases = new ArrayList<>();
    Set<String> stages = new HashSet<>();
    for (String rawLine : dockerfile.split("\n")) {
      String[] words = rawLine.trim().split("\\s+");
      if (words.length < 2 || !words[0].equalsIgnoreCase("FROM")) {
        continue;
      }
      int at = 1;
      while (at < words.length && words[at].startsWith("--")) {
        at++; // --platform=...
      }
      if (at >= words.length) {
        continue;
      }
      String image = words[at];
      if (!image.equalsIgnoreCase("scratch") && !stages.contains(image.toLowerCase(Locale.ROOT))
          && !bases.contains(image)) {
        bases.add(image);
      }
      if (at + 2 < words.length && words[at + 1].equalsIgnoreCase("AS")) {
        stages.add(words[at + 2].toLowerCase(Locale.ROOT));
      }
    }
    return List.copyOf(bases);
  }

  /** Splits {@code name[:tag]} into repository and tag (default {@code latest}); a registry port is no tag. */
  static String[] repositoryAndTag(String image) {
    int colon = image.lastIndexOf(':');
    if (colon > image.lastIndexOf('/') && colon > 0) {
      return new String[] {image.substring(0, colon), image.substring(colon + 1)};
    }
    return new String[] {image, "latest"};
  }
}
