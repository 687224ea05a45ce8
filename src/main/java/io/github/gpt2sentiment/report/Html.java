package io.github.gpt2sentiment.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Small HTML fragments for notebooks and the report: tables, key/value lists and images embedded as base64 PNG, so
 * one HTML string (or file) carries everything and needs nothing beside it.
 *
 * <p>Usage in a notebook cell: {@code render(Html.table(report.countsTable()), "text/html")}
 */
public final class Html {

    private Html() {}

    /** Text made safe inside HTML elements and attribute values. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * A Tablesaw table as an HTML table with its name as caption. Cells print as the columns' print formatters say
     * (e.g. rounded), numbers right-aligned; missing values are empty cells.
     */
    public static String table(Table table) {
        StringBuilder html = new StringBuilder("<table class=\"data\">");
        if (table.name() != null && !table.name().isBlank()) {
            html.append("<caption>").append(escape(table.name())).append("</caption>");
        }
        html.append("<thead><tr>");
        for (Column<?> column : table.columns()) {
            html.append("<th>").append(escape(column.name())).append("</th>");
        }
        html.append("</tr></thead><tbody>");
        for (int row = 0; row < table.rowCount(); row++) {
            html.append("<tr>");
            for (Column<?> column : table.columns()) {
                boolean number = column instanceof tech.tablesaw.api.NumericColumn;
                html.append(number ? "<td class=\"num\">" : "<td>")
                        .append(column.isMissing(row) ? "" : escape(column.getString(row))).append("</td>");
            }
            html.append("</tr>");
        }
        return html.append("</tbody></table>").toString();
    }

    /** Two columns, setting and value, one row per entry in the map's order. */
    public static String keyValues(String caption, Map<String, ?> entries) {
        StringBuilder html = new StringBuilder("<table class=\"data settings\">");
        if (caption != null && !caption.isBlank()) {
            html.append("<caption>").append(escape(caption)).append("</caption>");
        }
        for (Map.Entry<String, ?> e : entries.entrySet()) {
            html.append("<tr><th>").append(escape(e.getKey())).append("</th><td>")
                    .append(escape(String.valueOf(e.getValue()))).append("</td></tr>");
        }
        return html.append("</table>").toString();
    }

    /** The image as an {@code <img>} whose source is the PNG itself, base64-encoded in a data URI. */
    public static String image(BufferedImage image, String alt) {
        return "<img alt=\"" + escape(alt) + "\" width=\"" + image.getWidth() + "\" src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(png(image)) + "\">";
    }

    /** The image encoded as PNG bytes. */
    public static byte[] png(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes)) {
                throw new IllegalStateException("no PNG writer available in this JVM");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode an image as PNG", e);
        }
        return bytes.toByteArray();
    }
}
