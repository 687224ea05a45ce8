package io.github.gpt2sentiment.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class HtmlTest {

    @TempDir
    Path temp;

    @Test
    void textIsEscapedEverywhere() {
        assertEquals("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;", Html.escape(
                "<script>alert(\"x\")</script> & '"));
        Table t = Table.create("a <b> table", StringColumn.create("text", "<i>bold</i>"),
                DoubleColumn.create("p", new double[] {0.5}));
        String html = Html.table(t);
        assertTrue(html.contains("<caption>a &lt;b&gt; table</caption>"), html);
        assertTrue(html.contains("<td>&lt;i&gt;bold&lt;/i&gt;</td>"), html);
        assertTrue(html.contains("<td class=\"num\">0.5</td>"), html);
        assertFalse(html.contains("<i>"), html);
    }

    @Test
    void missingValuesAreEmptyCells() {
        DoubleColumn values = DoubleColumn.create("v", new double[] {1.0});
        values.appendMissing();
        String html = Html.table(Table.create("t", values));
        assertTrue(html.contains("<td class=\"num\"></td>"), html);
    }

    @Test
    void imagesAreEmbeddedAsPngThatDecodesToTheSamePixels() throws Exception {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(2, 1, 0x00ff8800);
        String tag = Html.image(image, "a \"chart\"");
        assertTrue(tag.startsWith("<img alt=\"a &quot;chart&quot;\" width=\"3\" src=\"data:image/png;base64,"), tag);
        Matcher m = Pattern.compile("base64,([A-Za-z0-9+/=]+)\"").matcher(tag);
        assertTrue(m.find());
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))));
        assertEquals(3, back.getWidth());
        assertEquals(0xff8800, back.getRGB(2, 1) & 0xffffff);
    }

    @Test
    void aReportIsOneFileReadableByOthers() throws Exception {
        Path file = temp.resolve("sub/report.html");
        new HtmlReport("Title & more").heading("Part").paragraph("1 < 2").write(file);
        String html = Files.readString(file);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<title>Title &amp; more</title>"));
        assertTrue(html.contains("<p>1 &lt; 2</p>"));
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file)));
        try (var left = Files.list(file.getParent())) {
            assertEquals(1, left.count(), "no temporary file left behind");
        }
    }
}
