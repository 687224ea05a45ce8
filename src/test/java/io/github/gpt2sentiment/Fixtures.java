package io.github.gpt2sentiment;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The fixtures under {@code src/test/resources/reference/}, written by the Python reference scripts. */
public final class Fixtures {

    private Fixtures() {}

    /** A fixture JSON file, e.g. {@code imdb_stats.json} (written by {@code reference/data_fixtures.py}). */
    public static JsonObject json(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/reference/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture /reference/" + name);
            }
            return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON array of numbers as a {@code long[]}. */
    public static long[] longs(com.google.gson.JsonElement array) {
        var a = array.getAsJsonArray();
        long[] values = new long[a.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = a.get(i).getAsLong();
        }
        return values;
    }
}
