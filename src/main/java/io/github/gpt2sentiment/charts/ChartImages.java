package io.github.gpt2sentiment.charts;

import io.github.gpt2sentiment.files.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Charts as images: a {@link BufferedImage} for a notebook to display, or a PNG file.
 *
 * <p>Usage: {@code ChartImages.writePng(DataCharts.labelBalance(report), Path.of("out/labels.png"));}
 */
public final class ChartImages {

    private ChartImages() {}

    /** The chart drawn into an image of its own width and height. */
    public static BufferedImage image(Chart<?, ?> chart) {
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** Writes the chart as a PNG file, atomically (a temporary file moved into place), creating folders. */
    public static Path writePng(Chart<?, ?> chart, Path file) {
        try {
            AtomicFiles.write(file, out -> {
                if (!ImageIO.write(image(chart), "png", out)) {
                    throw new IOException("no PNG writer available");
                }
            });
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write chart " + file, e);
        }
    }
}
