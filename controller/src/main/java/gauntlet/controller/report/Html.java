package gauntlet.controller.report;

/** Escaping and a Markdown-to-HTML reading of the ledger (headings, tables, lists, paragraphs). */
final class Html {
  private Html() {}

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** Just the Markdown the ledger writer produces. */
  static String fromLedger(String markdown) {
    StringBuilder html = new StringBuilder();
    boolean inTable = false;
    boolean inList = false;
    for (String line : markdown.split("\n")) {
      if (inTable && !line.startsWith("|")) {
        html.append("</tbody></table>\n");
        inTable = false;
      }
      if (inList && !line.startsWith("- ")) {
        html.append("</ul>\n");
        inList = false;
      }
      if (line.startsWith("# ")) {
        html.append("<h1>").append(inline(line.substring(2))).append("</h1>\n");
      } else if (line.startsWith("## ")) {
        html.append("<h2>").append(inline(line.substring(3))).append("</h2>\n");
      } else if (line.startsWith("|---")) {
        continue;
      } else if (line.startsWith("|")) {
        String[] cells = line.substring(1, line.length() - 1).split("(?<!\\\\)\\|");
        if (!inTable) {
          html.append("<table><thead><tr>");
          for (String c : cells) {
            html.append("<th>").append(inline(c.trim())).append("</th>");
          }
          html.append("</tr></thead><tbody>\n");
          inTable = true;
          continue;
        }
        html.append("<tr>");
        for (int i = 0; i < cells.length; i++) {
          String tag = i == 0 ? "th" : "td";
          html.append('<').append(tag).append('>').append(inline(cells[i].trim().replace("\\|", "|")))
              .append("</").append(tag).append('>');
        }
        html.append("</tr>\n");
      } else if (line.startsWith("- ")) {
        if (!inList) {
          html.append("<ul>\n");
          inList = true;
        }
        html.append("<li>").append(inline(line.substring(2))).append("</li>\n");
      } else if (!line.isBlank()) {
        html.append("<p>").append(inline(line)).append("</p>\n");
      }
    }
    if (inTable) {
      html.append("</tbody></table>\n");
    }
    if (inList) {
      html.append("</ul>\n");
    }
    return html.toString();
  }

  private static String inline(String text) {
    return escape(text).replaceAll("`([^`]*)`", "<code>$1</code>");
  }
}
