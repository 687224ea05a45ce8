package io.github.gpt2sentiment.data;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A user's own labelled reviews: CSV ({@code .csv}), TSV ({@code .tsv}, {@code .tab}) with a header line, or JSON
 * Lines ({@code .jsonl}, {@code .ndjson}) with one object per line. Labels are 1/0, pos/neg or positive/negative.
 */
final class ReviewFile {

    private ReviewFile() {}

    /** Whether a file name has one of the extensions this reader understands. */
    static boolean accepts(Path file) {
        return format(file) != null;
    }

    private static String format(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return "csv";
        }
        if (name.endsWith(".tsv") || name.endsWith(".tab")) {
            return "tsv";
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return "jsonl";
        }
        return null;
    }

    static ImdbDataset read(Path file, LoadOptions options) {
        String format = format(file);
        if (format == null) {
            throw new DataException(file + ": unknown file type; expected .csv, .tsv or .jsonl");
        }
        String content;
        try {
            content = Utf8.decode(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        if (content.startsWith("\uFEFF")) {
            content = content.substring(1); // the byte-order mark spreadsheet programs write
        }
        List<Review> reviews = format.equals("jsonl")
                ? jsonLines(file, content, options)
                : delimited(file, content, format.equals("csv") ? ',' : '\t', options);
        if (reviews.isEmpty()) {
            throw new DataException(file + ": no reviews; expected at least one labelled review");
        }
        List<Review> train = reviews.stream().filter(r -> r.split() == Split.TRAIN).toList();
        List<Review> test = reviews.stream().filter(r -> r.split() == Split.TEST).toList();
        return new ImdbDataset(file, train, test);
    }

    private static List<Review> delimited(Path file, String content, char delimiter, LoadOptions options) {
        // Strict RFC 4180: an unclosed quote or text after a closing quote is an error, never merged rows.
        CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(delimiter).setIgnoreEmptyLines(false)
                .setLenientEof(false).setTrailingData(false).get();
        List<Review> reviews = new ArrayList<>();
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(content)).setFormat(format).get()) {
            Iterator<CSVRecord> records = parser.iterator();
            List<String> header = nextRecord(file, content, parser, records);
            if (header == null) {
                throw new DataException(file + ": the file is empty; expected a header line naming the columns "
                        + "'" + options.textColumn() + "' and '" + options.labelColumn() + "'");
            }
            int text = column(file, header, options.textColumn(), true);
            int label = column(file, header, options.labelColumn(), true);
            int split = column(file, header, options.splitColumn(), false);
            while (true) {
                long line = parser.getCurrentLineNumber() + 1;
                List<String> row = nextRecord(file, content, parser, records);
                if (row == null) {
                    return reviews;
                }
                String where = file + ": line " + line;
                if (row.size() == 1 && row.get(0).isEmpty()) {
                    continue; // a blank line
                }
                if (row.size() != header.size()) {
                    throw new DataException(where + ": " + row.size() + " fields; expected " + header.size()
                            + " as in the header line " + header);
                }
                reviews.add(review(where, reviews.size() + 1, row.get(text), row.get(label),
                        split < 0 ? null : row.get(split), options));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e); // a StringReader does not fail
        }
    }

    /** The next record's fields, or null at the end; a quoting error names the line it starts on. */
    private static List<String> nextRecord(Path file, String content, CSVParser parser, Iterator<CSVRecord> records) {
        long line = parser.getCurrentLineNumber() + 1;
        CSVRecord record;
        try {
            if (!records.hasNext()) {
                return null;
            }
            record = records.next();
        } catch (UncheckedIOException e) {
            String why = String.valueOf(e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
            if (why.contains("EOF reached before encapsulated token finished")) {
                throw new DataException(file + ": line " + line + ": a quoted field is never closed; "
                        + "expected a closing \"");
            }
            if (why.contains("Invalid character between encapsulated token and delimiter")) {
                throw new DataException(file + ": line " + parser.getCurrentLineNumber() + ": text after a closing "
                        + "quote; expected a delimiter or the end of the line after the closing \"");
            }
            throw new DataException(file + ": line " + line + ": not valid CSV (" + why + ")");
        }
        List<String> fields = record.toList();
        checkNoStrayQuote(file, line, content, (int) record.getCharacterPosition(), fields);
        return fields;
    }

    /**
     * Commons CSV keeps a quote inside an unquoted field ({@code Good "film",1}) as text; in a strict file it means
     * the quoting went wrong, so walk the record's raw text field by field and refuse it.
     */
    private static void checkNoStrayQuote(Path file, long line, String content, int start, List<String> fields) {
        int pos = start;
        for (String field : fields) {
            if (pos < content.length() && content.charAt(pos) == '"') {
                pos += 2 + field.length() + (int) field.chars().filter(c -> c == '"').count();
            } else {
                if (field.indexOf('"') >= 0) {
                    throw new DataException(file + ": line " + line + ": a stray quote in the unquoted field '"
                            + abbreviate(field) + "'; expected the whole field in quotes, with inner quotes "
                            + "doubled (\"\")");
                }
                pos += field.length();
            }
            pos++; // the delimiter
        }
    }

    private static int column(Path file, List<String> header, String name, boolean required) {
        int found = header.indexOf(name);
        if (found < 0) {
            for (int i = 0; i < header.size(); i++) {
                if (header.get(i).strip().equalsIgnoreCase(name)) {
                    found = i;
                    break;
                }
            }
        }
        if (found < 0 && required) {
            throw new DataException(file + ": line 1: no column '" + name + "'; the header has " + header
                    + ". Name the text and label columns with --text-column/--label-column "
                    + "(LoadOptions.withColumns)");
        }
        return found;
    }

    private static List<Review> jsonLines(Path file, String content, LoadOptions options) {
        List<Review> reviews = new ArrayList<>();
        String[] lines = content.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            String where = file + ": line " + (i + 1);
            JsonObject object;
            try {
                JsonElement parsed = JsonParser.parseString(line);
                if (!parsed.isJsonObject()) {
                    throw new DataException(where + ": expected a JSON object per line, found " + abbreviate(line));
                }
                object = parsed.getAsJsonObject();
            } catch (JsonParseException e) {
                throw new DataException(where + ": not valid JSON (" + e.getMessage() + "); expected one JSON "
                        + "object per line");
            }
            String text = jsonField(object, options.textColumn(), where, true);
            String label = jsonField(object, options.labelColumn(), where, true);
            String split = jsonField(object, options.splitColumn(), where, false);
            reviews.add(review(where, reviews.size() + 1, text, label, split, options));
        }
        return reviews;
    }

    private static String jsonField(JsonObject object, String key, String where, boolean required) {
        JsonElement value = object.get(key);
        if (value == null || value.isJsonNull()) {
            if (required) {
                throw new DataException(where + ": no field '" + key + "'; the object has " + object.keySet());
            }
            return null;
        }
        if (!value.isJsonPrimitive()) {
            throw new DataException(where + ": field '" + key + "' is " + abbreviate(value.toString())
                    + "; expected a string or number");
        }
        JsonPrimitive primitive = value.getAsJsonPrimitive();
        return primitive.isNumber() ? primitive.getAsNumber().toString() : primitive.getAsString();
    }

    private static Review review(String where, int id, String text, String label, String split, LoadOptions options) {
        if (text.isBlank()) {
            throw new DataException(where + ": the text in column '" + options.textColumn() + "' is empty; "
                    + "expected the review's text");
        }
        Split s = Split.TRAIN;
        if (split != null && !split.isBlank()) {
            try {
                s = Split.parse(split);
            } catch (IllegalArgumentException e) {
                throw new DataException(where + ": " + e.getMessage() + " in column '" + options.splitColumn() + "'");
            }
        }
        return new Review(s, id, Review.NO_RATING, parseLabel(label, where, options.labelColumn()),
                options.clean(text));
    }

    /** 1 for 1/pos/positive, 0 for 0/neg/negative, any case. */
    static int parseLabel(String label, String where, String column) {
        return switch (label.strip().toLowerCase(Locale.ROOT)) {
            case "1", "1.0", "pos", "positive" -> 1;
            case "0", "0.0", "neg", "negative" -> 0;
            default -> throw new DataException(where + ": unknown label '" + abbreviate(label) + "' in column '"
                    + column + "'; expected 1/0, pos/neg or positive/negative");
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
