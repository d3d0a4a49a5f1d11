package io.stampede.cli;

import java.util.Locale;

import io.stampede.compare.Comparison;

/**
 * {@code stampede compare --junit FILE}: the comparison as JUnit XML, which every CI shows: one
 * suite, one test case per metric (named scope · name · metric), a failure for each regression with
 * its evidence, skipped for metrics on one side only.
 */
final class CompareJUnit {
    private CompareJUnit() {
    }

    static String xml(Comparison c) {
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        long skipped = c.lines().stream().filter(l -> l.base() == null || l.candidate() == null).count();
        out.append(String.format(Locale.ROOT, "<testsuite name=\"stampede compare %s\" tests=\"%d\" failures=\"%d\" skipped=\"%d\">%n",
                esc(c.candidate().runId()), c.lines().size(), c.regressions(), skipped));
        out.append("  <properties>\n");
        c.baselines().forEach(b -> out.append("    <property name=\"base\" value=\"").append(esc(b.runId())).append("\"/>\n"));
        out.append("    <property name=\"candidate\" value=\"").append(esc(c.candidate().runId())).append("\"/>\n");
        out.append("    <property name=\"verdict\" value=\"").append(esc(c.verdict())).append("\"/>\n");
        out.append("  </properties>\n");
        for (Comparison.Line l : c.lines()) {
            out.append("  <testcase classname=\"").append(esc(l.scope() + "." + l.name())).append("\" name=\"")
                    .append(esc(l.metric())).append("\">");
            if (l.regression()) {
                out.append("\n    <failure message=\"").append(esc(evidence(l))).append("\" type=\"regression\"/>\n  ");
            } else if (l.base() == null || l.candidate() == null) {
                out.append("<skipped message=\"").append(esc(l.verdict() + ": on one side only")).append("\"/>");
            }
            out.append("</testcase>\n");
        }
        c.warnings().forEach(w -> out.append("  <system-out>warning: ").append(esc(w)).append("</system-out>\n"));
        return out.append("</testsuite>\n").toString();
    }

    private static String evidence(Comparison.Line l) {
        return String.format(Locale.ROOT, "%s %s: %s → %s (%s)%s%s", l.metric(), l.name(), l.base(), l.candidate(),
                CompareText.change(l), l.ciLow() == null ? "" : String.format(Locale.ROOT, ", 95%% interval [%s, %s]", l.ciLow(), l.ciHigh()),
                l.pAdjusted() == null ? "" : String.format(Locale.ROOT, ", adjusted p %.4f (%s)", l.pAdjusted(), l.test()));
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
