package gauntlet.controller.report;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The run's expectations as JUnit XML, which CI systems (GitHub Actions, GitLab, Jenkins) show as
 * tests: one testsuite for the run, one testcase per cell and expectation, a {@code <failure>}
 * for each that was not met.
 */
public final class JunitReport {
  private JunitReport() {}

  public static String render(String runId, List<ExpectationResult> results) {
    StringWriter text = new StringWriter();
    try {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      xml.writeStartElement("testsuites");
      xml.writeStartElement("testsuite");
      xml.writeAttribute("name", "gauntlet " + runId);
      xml.writeAttribute("tests", Integer.toString(results.size()));
      xml.writeAttribute("failures", Long.toString(results.stream().filter(r -> !r.passed()).count()));
      xml.writeAttribute("errors", "0");
      for (ExpectationResult r : results) {
        xml.writeCharacters("\n  ");
        xml.writeStartElement("testcase");
        xml.writeAttribute("classname", r.cellId());
        xml.writeAttribute("name", r.expectation().toString());
        if (!r.passed()) {
          xml.writeStartElement("failure");
          xml.writeAttribute("message", r.describe());
          xml.writeAttribute("type", "expectation");
          xml.writeCharacters(r.cellId() + ": expected " + r.describe());
          xml.writeEndElement();
        }
        xml.writeEndElement();
      }
      xml.writeCharacters("\n");
      xml.writeEndElement();
      xml.writeEndElement();
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("Writing XML to a string cannot fail", e);
    }
    return text + "\n";
  }

  public static void write(Path file, String runId, List<ExpectationResult> results) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, render(runId, results));
  }
}
