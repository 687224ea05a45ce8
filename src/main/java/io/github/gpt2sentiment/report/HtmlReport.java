package io.github.gpt2sentiment.report;

import io.github.gpt2sentiment.charts.ChartImages;
import io.github.gpt2sentiment.files.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

/**
 * One self-contained HTML page, written top to bottom: headings, paragraphs, tables and charts (embedded as base64
 * PNG, so the file can be mailed or archived alone). No scripts, no external style sheets or fonts.
 *
 * <p>Usage:
 * <pre>{@code
 * HtmlReport report = new HtmlReport("GPT-2 sentiment: QUICK run");
 * report.heading("Data").table(dataReport.countsTable()).chart(DataCharts.tokenLengths(dataReport), "token lengths");
 * report.write(Path.of("out/report.html"));
 * }</pre>
 */
public final class HtmlReport {

    private static final String STYLE = """
            body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 1000px; margin: 2em auto;
                   padding: 0 1em; color: #222; line-height: 1.45; }
            h1 { margin-bottom: 0.2em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
            .subtitle { color: #555; margin-top: 0; }
            table.data { border-collapse: collapse; margin: 0.8em 0 1.2em; font-size: 0.92em; }
            table.data caption { text-align: left; font-weight: 600; padding-bottom: 0.3em; }
            table.data th, table.data td { border: 1px solid #ddd; padding: 0.25em 0.6em; vertical-align: top; }
            table.data th { background: #f4f4f4; text-align: left; }
            table.data td.num { text-align: right; font-variant-numeric: tabular-nums; }
            table.settings th { font-weight: normal; color: #444; }
            img { max-width: 100%; height: auto; display: block; margin: 0.8em 0; }
            .note { background: #fff8e1; border-left: 4px solid #f0b400; padding: 0.5em 0.8em; }
            pre { background: #f6f6f6; padding: 0.6em; white-space: pre-wrap; }
            """;

    private final String title;
    private final StringBuilder body = new StringBuilder();

    /** An empty report with this title (also the page's {@code <title>} and first heading). */
    public HtmlReport(String title) {
        this.title = title;
        element("h1", "", title);
    }

    /** A grey line under the title, e.g. model, data and date. */
    public HtmlReport subtitle(String text) {
        return element("p", " class=\"subtitle\"", text);
    }

    /** A section heading. */
    public HtmlReport heading(String text) {
        return element("h2", "", text);
    }

    /** A paragraph of plain text (escaped). */
    public HtmlReport paragraph(String text) {
        return element("p", "", text);
    }

    /** A highlighted paragraph of plain text, for caveats the reader must not miss. */
    public HtmlReport note(String text) {
        return element("p", " class=\"note\"", text);
    }

    /** Preformatted text (escaped), e.g. a generated continuation. */
    public HtmlReport preformatted(String text) {
        return element("pre", "", text);
    }

    /** A Tablesaw table; see {@link Html#table}. */
    public HtmlReport table(Table table) {
        return html(Html.table(table));
    }

    /** A two-column table of settings or facts. */
    public HtmlReport keyValues(String caption, Map<String, ?> entries) {
        return html(Html.keyValues(caption, entries));
    }

    /** An image, embedded as PNG. */
    public HtmlReport image(BufferedImage image, String alt) {
        return html(Html.image(image, alt));
    }

    /** An XChart chart, drawn and embedded as PNG. */
    public HtmlReport chart(Chart<?, ?> chart, String alt) {
        return image(ChartImages.image(chart), alt);
    }

    /** Raw HTML, trusted as it is (the caller escapes what needs escaping). */
    public HtmlReport html(String fragment) {
        body.append(fragment).append('\n');
        return this;
    }

    /** {@code text}, escaped, in one element, e.g. {@code <p class="note">...</p>}, on a line of its own. */
    private HtmlReport element(String tag, String attributes, String text) {
        return html("<" + tag + attributes + ">" + Html.escape(text) + "</" + tag + ">");
    }

    /** The whole page. */
    public String toHtml() {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + Html.escape(title)
                + "</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n" + body + "</body>\n</html>\n";
    }

    /** Writes the page atomically (a temporary file moved into place), creating folders; returns {@code file}. */
    public Path write(Path file) {
        try {
            AtomicFiles.writeString(file, toHtml());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the report " + file, e);
        }
    }
}
