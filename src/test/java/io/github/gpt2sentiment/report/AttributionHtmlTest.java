package io.github.gpt2sentiment.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gpt2sentiment.explain.Attribution;
import io.github.gpt2sentiment.explain.Occlusion;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Word attributions as coloured HTML: hue by sign, strength by size, every word's weight on hover. */
class AttributionHtmlTest {

    @Test
    void eachWordGetsItsSignsHueAndAnOpacityByItsWeight() {
        // p(positive) = share of the words "good" among the words: removing "good" lowers it, "<bad>" raises it.
        String text = "good <bad>\n& good film more";
        Attribution a = Occlusion.explain(text, texts -> texts.stream().mapToDouble(t -> {
            String[] words = t.strip().split("\\s+");
            return (double) java.util.Arrays.stream(words).filter("good"::equals).count() / words.length;
        }).toArray(), 4);
        String html = AttributionHtml.text(a, a.maxAbsWeight());

        assertTrue(html.contains("&lt;bad&gt;") && html.contains("&amp;") && !html.contains("<bad>"), "escaped");
        assertTrue(html.contains("<br>"), "line breaks kept");
        assertTrue(html.contains("[... 2 more words, not scored]"), html);
        assertFalse(html.contains("film"), "the text stops at the first word not scored");
        Matcher spans = Pattern.compile("title=\"([-+0-9.]+)\" style=\"[^\"]*background:rgba\\((\\d+),\\d+,\\d+,"
                + "([0-9.]+)\\)\">([^<]*)</span>").matcher(html);
        int n = 0;
        while (spans.find()) {
            Attribution.Word w = a.words().get(n++);
            assertEquals(w.weight(), Double.parseDouble(spans.group(1)), 1e-4);
            assertEquals(w.weight() >= 0 ? "33" : "230", spans.group(2), "blue for positive, orange for negative");
            assertEquals(0.85 * Math.abs(w.weight()) / a.maxAbsWeight(), Double.parseDouble(spans.group(3)), 0.006);
        }
        assertEquals(4, n);
        assertTrue(a.words().get(0).weight() > 0 && a.words().get(1).weight() < 0);
        assertEquals(List.of("good", "good"), a.strongest(2).stream().map(Attribution.Word::text).toList());

        String legend = AttributionHtml.legend(0.2);
        assertTrue(legend.contains("-0.200") && legend.contains("+0.200") && legend.contains("+0.000"), legend);
    }
}
