package gauntlet.controller.report;

/**
 * Terminal columns a string takes, so ledger tables line up in a terminal as well as in Markdown:
 * emoji such as 🏆 and ⚠️ (with its variation selector) take two columns, combining marks none.
 */
final class DisplayWidth {
  private static final int VARIATION_SELECTOR_EMOJI = 0xFE0F;

  private DisplayWidth() {}

  static int of(String text) {
    int width = 0;
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      boolean emojiPresentation = i < text.length() && text.codePointAt(i) == VARIATION_SELECTOR_EMOJI;
      if (cp == VARIATION_SELECTOR_EMOJI || Character.getType(cp) == Character.NON_SPACING_MARK
          || cp == 0x200D) {
        continue;
      }
      width += emojiPresentation || isWide(cp) ? 2 : 1;
    }
    return width;
  }

  private static boolean isWide(int cp) {
    return (cp >= 0x1F300 && cp <= 0x1FAFF) // pictographs, emoticons, 🏆 and 🚀
        || (cp >= 0x1100 && cp <= 0x115F) // Hangul Jamo
        || (cp >= 0x2E80 && cp <= 0xA4CF) // CJK
        || (cp >= 0xAC00 && cp <= 0xD7A3) // Hangul syllables
        || (cp >= 0xF900 && cp <= 0xFAFF)
        || (cp >= 0xFF00 && cp <= 0xFF60)
        || (cp >= 0x20000 && cp <= 0x3FFFD);
  }

  /** {@code text} followed by spaces up to {@code width} columns. */
  static String pad(String text, int width) {
    return text + " ".repeat(Math.max(0, width - of(text)));
  }
}
