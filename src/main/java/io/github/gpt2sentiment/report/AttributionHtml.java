package io.github.gpt2sentiment.report;

import io.github.gpt2sentiment.explain.Attribution;
import java.util.List;
import java.util.Locale;

/**
 * Word attributions as HTML: each word on a background whose colour says which way it pushed (blue towards
 * positive, orange towards negative) and whose strength says how far, relative to a scale shown in the legend. The
 * same fragment works in a notebook ({@code render(html, "text/html")}) and in the run's report. Inline styles only,
 * since notebooks drop style sheets.
 *
 * <p>Usage: {@code render(AttributionHtml.legend(scale) + AttributionHtml.text(attribution, scale), "text/html")}
 */
public final class AttributionHtml {

    /** Blue: the word raised p(positive). */
    private static final int[] POSITIVE = {33, 102, 172};
    /** Orange: the word lowered p(positive). Blue and orange stay apart for red-green colour blindness. */
    private static final int[] NEGATIVE = {230, 97, 1};

    private AttributionHtml() {}

    /**
     * The text with each word coloured by {@code weight / scale} (clipped to [-1, 1]); a word's exact weight shows
     * when the pointer rests on it. The text stops at the first word that was not scored, with a grey note of how
     * many words follow.
     *
     * @param scale the weight that gets the strongest colour, e.g. the largest {@link Attribution#maxAbsWeight()}
     *     among the texts shown together, so their colours compare
     */
    public static String text(Attribution attribution, double scale) {
        StringBuilder html = new StringBuilder("<div style=\"line-height:1.9;max-width:60em\">");
        String text = attribution.text();
        List<Attribution.Word> words = attribution.words();
        int at = 0;
        for (int i = 0; i < words.size(); i++) {
            Attribution.Word w = words.get(i);
            if (!w.scored()) {
                html.append(" <span style=\"color:#999\">[... ").append(words.size() - i)
                        .append(" more words, not scored]</span>");
                return html.append("</div>").toString();
            }
            html.append(Html.escape(text.substring(at, w.start())).replace("\n", "<br>"));
            html.append("<span title=\"").append(String.format(Locale.ROOT, "%+.4f", w.weight()))
                    .append("\" style=\"padding:1px 2px;border-radius:3px;background:")
                    .append(colour(w.weight(), scale)).append("\">").append(Html.escape(w.text()))
                    .append("</span>");
            at = w.end();
        }
        return html.append("</div>").toString();
    }

    /** The colour key: from -scale (orange) through 0 (white) to +scale (blue). */
    public static String legend(double scale) {
        StringBuilder html = new StringBuilder("<div style=\"margin:0.5em 0;font-size:0.9em\">"
                + "<b>Word colour</b>: change in p(positive) when the word is removed &nbsp;");
        double[] stops = {-1, -0.5, 0, 0.5, 1};
        for (double s : stops) {
            html.append("<span style=\"padding:1px 6px;border:1px solid #ddd;background:").append(colour(s * scale,
                    scale)).append("\">").append(String.format(Locale.ROOT, "%+.3f", s * scale)).append("</span>");
        }
        return html.append(" &nbsp;orange: pushed towards <i>negative</i>, blue: towards <i>positive</i></div>").toString();
    }

    /** An rgba background: the sign's hue, opacity proportional to |weight| / scale. */
    static String colour(double weight, double scale) {
        double strength = scale > 0 ? Math.min(1, Math.abs(weight) / scale) : 0;
        int[] rgb = weight >= 0 ? POSITIVE : NEGATIVE;
        return String.format(Locale.ROOT, "rgba(%d,%d,%d,%.2f)", rgb[0], rgb[1], rgb[2], 0.85 * strength);
    }
}
