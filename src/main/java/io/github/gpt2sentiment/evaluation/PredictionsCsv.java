package io.github.gpt2sentiment.evaluation;

import io.github.gpt2sentiment.files.AtomicFiles;
import io.github.gpt2sentiment.scoring.Prediction;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-review predictions as CSV with the header {@code id,label,p_positive,predicted}: one row per review, the
 * label and the predicted label as 0/1, p(positive) with every digit a double needs to read back exactly. Ids
 * holding a comma or a quote are quoted as RFC 4180 says.
 *
 * <p>Usage: {@code PredictionsCsv.write(predictions, Path.of("runs/before.csv"));}
 */
public final class PredictionsCsv {

    /** The header line. */
    public static final String HEADER = "id,label,p_positive,predicted";

    private PredictionsCsv() {}

    /** Writes the predictions atomically (a temporary file moved into place). */
    public static void write(List<Prediction> predictions, Path file) throws IOException {
        AtomicFiles.write(file, stream -> {
            Writer out = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
            out.write(HEADER);
            out.write('\n');
            for (Prediction p : predictions) {
                out.write(quote(p.id()));
                out.write(',');
                out.write(Integer.toString(p.label()));
                out.write(',');
                out.write(Double.toString(p.pPositive()));
                out.write(',');
                out.write(Integer.toString(p.predicted()));
                out.write('\n');
            }
            out.flush();
        });
    }

    /**
     * Reads a predictions file; a bad header, a bad value, or a {@code predicted} column that disagrees with
     * {@code p_positive} is an {@link IOException} naming the file and line.
     */
    public static List<Prediction> read(Path file) throws IOException {
        List<Prediction> predictions = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header != null && header.startsWith("\uFEFF")) {
                header = header.substring(1);
            }
            if (header == null || !header.strip().equals(HEADER)) {
                throw new IOException(file + " line 1: expected the header '" + HEADER + "', found "
                        + (header == null ? "an empty file" : "'" + header + "'"));
            }
            int lineNumber = 1;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                predictions.add(parse(line, file + " line " + lineNumber));
            }
        }
        return predictions;
    }

    private static Prediction parse(String line, String where) throws IOException {
        List<String> fields = split(line, where);
        if (fields.size() != 4) {
            throw new IOException(where + ": expected 4 fields (" + HEADER + "), found " + fields.size());
        }
        int label = zeroOrOne(fields.get(1), "label", where);
        double p;
        try {
            p = Double.parseDouble(fields.get(2));
        } catch (NumberFormatException e) {
            throw new IOException(where + ": p_positive must be a number, found '" + fields.get(2) + "'");
        }
        int predicted = zeroOrOne(fields.get(3), "predicted", where);
        Prediction prediction;
        try {
            prediction = new Prediction(fields.get(0), label, p);
        } catch (IllegalArgumentException e) {
            throw new IOException(where + ": " + e.getMessage(), e);
        }
        if (prediction.predicted() != predicted) {
            throw new IOException(where + ": predicted is " + predicted + " but p_positive " + p + " predicts "
                    + prediction.predicted() + " (positive iff p_positive > " + Prediction.THRESHOLD + ")");
        }
        return prediction;
    }

    private static int zeroOrOne(String text, String column, String where) throws IOException {
        return switch (text.strip()) {
            case "0" -> 0;
            case "1" -> 1;
            default -> throw new IOException(where + ": " + column + " must be 0 or 1, found '" + text + "'");
        };
    }

    private static String quote(String field) {
        if (field.indexOf('\n') >= 0 || field.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("review id must not contain a line break: '" + field + "'");
        }
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    /** Splits one CSV line, honouring quoted fields with doubled quotes inside. */
    private static List<String> split(String line, String where) throws IOException {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"' && field.length() == 0) {
                quoted = true;
            } else if (ch == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(ch);
            }
        }
        if (quoted) {
            throw new IOException(where + ": a quoted field is not closed");
        }
        fields.add(field.toString());
        return fields;
    }
}
