package gauntlet.controller.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * uPlot's script and stylesheet, read from the org.webjars.npm:uplot jar on the class path so
 * report.html can inline them: the page opens offline and never fetches anything.
 *
 * @param version the webjar's version, as its pom.properties states it
 * @param script uPlot.iife.min.js, its address-bearing banner replaced by the MIT notice
 */
record UPlotAssets(String version, String script, String stylesheet, String reportScript) {
  private static final String WEBJAR = "META-INF/resources/webjars/uplot/";
  private static final String POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";
  private static final String REPORT_SCRIPT = "/gauntlet/controller/report/report.js";
  /** The minified file opens with its repository's address, the page's only outside reference. */
  private static final Pattern BANNER = Pattern.compile("\\A/\\*!\\s*https?://github\\.com/leeoniya/uPlot\\s*\\(([^)]*)\\)\\s*\\*/");

  static UPlotAssets load() {
    ClassLoader loader = UPlotAssets.class.getClassLoader();
    Properties pom = new Properties();
    try (InputStream in = open(loader, POM)) {
      pom.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + POM + ": " + e.getMessage(), e);
    }
    String version = pom.getProperty("version");
    String dir = WEBJAR + version + "/";
    String license = read(loader, dir + "LICENSE").replace("*/", "* /").strip();
    Matcher banner = BANNER.matcher(read(loader, dir + "dist/uPlot.iife.min.js"));
    String script = banner.replaceFirst(Matcher.quoteReplacement(
        "/*! uPlot " + version + " (github.com/leeoniya/uPlot)\n" + license + "\n*/"));
    return new UPlotAssets(version, script, read(loader, dir + "dist/uPlot.min.css"),
        read(loader, REPORT_SCRIPT.substring(1)));
  }

  private static String read(ClassLoader loader, String resource) {
    try (InputStream in = open(loader, resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + resource + " from the class path: " + e.getMessage(), e);
    }
  }

  private static InputStream open(ClassLoader loader, String resource) throws IOException {
    InputStream in = loader.getResourceAsStream(resource);
    if (in == null) {
      throw new IOException(resource + " is missing; the build bundles org.webjars.npm:uplot, rebuild with mvn package");
    }
    return in;
  }
}
