package io.stampede.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import io.stampede.results.Summary;
import io.stampede.results.Verdict;

/**
 * {@code stampede run --junit FILE}: the run as a JUnit XML report, which every CI shows as test
 * results (GitHub Actions' reporters, GitLab's {@code artifacts:reports:junit}, Jenkins). One test
 * suite, named after the scenario; one test case per threshold and per check, failed when the
 * threshold failed or the check failed at least once; and one case {@code run completed}, an
 * error when the run was aborted or could not be carried out.
 */
final class JUnitReport {
    private JUnitReport() {
    }

    /** One test case: a failure or error message when it did not pass. */
    private record Case(String group, String name, String failure, String error, String output) {
    }

    /** Writes the report; {@code summary} is null when the run ended without one. */
    static void write(Path file, String scenario, Verdict verdict, Summary summary) throws IOException {
        List<Case> cases = cases(verdict, summary);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            long failures = cases.stream().filter(c -> c.failure() != null).count();
            long errors = cases.stream().filter(c -> c.error() != null).count();
            String time = summary == null ? "0" : String.format(Locale.ROOT, "%.3f", summary.durationS());
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuites");
            suiteAttributes(xml, "stampede", cases.size(), failures, errors, time);
            xml.writeCharacters("\n  ");
            xml.writeStartElement("testsuite");
            suiteAttributes(xml, scenario, cases.size(), failures, errors, time);
            if (summary != null) {
                xml.writeAttribute("timestamp", summary.startedAt());
            }
            xml.writeCharacters("\n    ");
            xml.writeStartElement("properties");
            property(xml, "verdict", verdict.outcome().symbol() + " " + verdict.headline());
            if (summary != null) {
                property(xml, "run_id", summary.runId());
            }
            xml.writeEndElement();
            for (Case c : cases) {
                testCase(xml, scenario, c);
            }
            xml.writeCharacters("\n  ");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write the JUnit report " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<Case> cases(Verdict verdict, Summary summary) {
        List<Case> cases = new java.util.ArrayList<>();
        boolean ended = verdict.outcome() != Verdict.Outcome.ABORTED && verdict.outcome() != Verdict.Outcome.ERROR;
        cases.add(new Case("run", "run completed", null, ended ? null : verdict.headline(),
                summary == null ? null : String.format(Locale.ROOT, "%d requests, %d errors, %.2f%% conversations succeeded",
                        summary.requests().count(), summary.requests().errors(), summary.successRate())));
        if (summary == null) {
            return cases;
        }
        for (Summary.ThresholdResult t : summary.thresholds()) {
            String detail = Verdict.detail(t);
            cases.add(new Case("thresholds", t.expression(), t.passed() ? null : detail, null, detail));
        }
        for (Summary.CheckLine c : summary.checks()) {
            String notEvaluated = c.notEvaluated() + " not evaluated (an earlier failure of the step)";
            String found = c.count() == 0 ? "never judged: " + notEvaluated
                    : String.format(Locale.ROOT, "%d of %d failed (%.2f%% passed)", c.failures(), c.count(), c.passRate())
                            + (c.notEvaluated() > 0 ? "; " + notEvaluated : "");
            cases.add(new Case("checks", c.step() + ": " + c.check(), c.failures() > 0 ? found : null, null, found));
        }
        return cases;
    }

    private static void suiteAttributes(XMLStreamWriter xml, String name, int tests, long failures, long errors, String time)
            throws XMLStreamException {
        xml.writeAttribute("name", name);
        xml.writeAttribute("tests", Integer.toString(tests));
        xml.writeAttribute("failures", Long.toString(failures));
        xml.writeAttribute("errors", Long.toString(errors));
        xml.writeAttribute("time", time);
    }

    private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeCharacters("\n      ");
        xml.writeEmptyElement("property");
        xml.writeAttribute("name", name);
        xml.writeAttribute("value", value);
    }

    private static void testCase(XMLStreamWriter xml, String scenario, Case c) throws XMLStreamException {
        xml.writeCharacters("\n    ");
        xml.writeStartElement("testcase");
        xml.writeAttribute("classname", "stampede." + scenario + "." + c.group());
        xml.writeAttribute("name", c.name());
        xml.writeAttribute("time", "0");
        if (c.failure() != null || c.error() != null) {
            xml.writeCharacters("\n      ");
            xml.writeStartElement(c.failure() != null ? "failure" : "error");
            xml.writeAttribute("type", c.group());
            xml.writeAttribute("message", c.failure() != null ? c.failure() : c.error());
            xml.writeCharacters(c.failure() != null ? c.failure() : c.error());
            xml.writeEndElement();
        }
        if (c.output() != null) {
            xml.writeCharacters("\n      ");
            xml.writeStartElement("system-out");
            xml.writeCharacters(c.output());
            xml.writeEndElement();
        }
        xml.writeCharacters("\n    ");
        xml.writeEndElement();
    }
}
