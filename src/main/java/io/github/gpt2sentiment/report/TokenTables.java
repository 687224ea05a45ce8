package io.github.gpt2sentiment.report;

import io.github.gpt2sentiment.tables.Tables;
import io.github.gpt2sentiment.tokenization.Batch;
import io.github.gpt2sentiment.tokenization.Gpt2Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Tables that show what the tokenizer and the batcher do, for the notebooks: a text cut into GPT-2's pieces, and
 * a padded batch with its attention mask.
 *
 * <p>Usage: {@code render(Html.table(TokenTables.pieces(tokenizer, "Not bad at all!")), "text/html")}
 */
public final class TokenTables {

    private TokenTables() {}

    /**
     * One row per token of {@code text}: position, id and the piece of text it stands for (a leading space shown as
     * {@code ␣}, a newline as {@code ⏎}).
     */
    public static Table pieces(Gpt2Tokenizer tokenizer, String text) {
        long[] ids = tokenizer.encode(text);
        List<String> pieces = new ArrayList<>(ids.length);
        for (long id : ids) {
            pieces.add(tokenizer.decode(new long[] {id}));
        }
        return tokens("GPT-2 tokens of \"" + text + "\"", ids, pieces);
    }

    /**
     * One row per token given as ids and the text of each: position, id and piece (a leading space shown as
     * {@code ␣}, a newline as {@code ⏎}); e.g. a prompt that was put together from separately tokenized parts.
     */
    public static Table tokens(String caption, long[] ids, List<String> pieces) {
        if (ids.length != pieces.size()) {
            throw new IllegalArgumentException(ids.length + " ids but " + pieces.size() + " pieces");
        }
        return Tables.of(caption, IntStream.range(0, ids.length).boxed().toList(),
                Tables.ints("position", i -> i),
                Tables.longs("id", i -> ids[i]),
                Tables.text("piece", i -> visible(pieces.get(i))));
    }

    /**
     * One row per sequence of the batch and one column per position, each cell {@code id} for a real token and
     * {@code (id)} for padding (mask 0); a last column gives the column the classifier reads.
     */
    public static Table batch(Batch batch) {
        Table table = Table.create(batch.size() + " x " + batch.length() + " batch, " + batch.padding()
                + " padding: (id) is padding, masked out");
        StringColumn[] columns = new StringColumn[batch.length()];
        for (int c = 0; c < batch.length(); c++) {
            columns[c] = StringColumn.create(Integer.toString(c));
        }
        IntColumn reads = IntColumn.create("classifier reads column");
        for (int r = 0; r < batch.size(); r++) {
            for (int c = 0; c < batch.length(); c++) {
                int k = r * batch.length() + c;
                columns[c].append(batch.mask()[k] == 1 ? Long.toString(batch.ids()[k]) : "(" + batch.ids()[k] + ")");
            }
            reads.append(batch.lastTokenIndex(r));
        }
        table.addColumns(columns);
        return table.addColumns(reads);
    }

    private static String visible(String piece) {
        return piece.replace(" ", "␣").replace("\n", "⏎");
    }
}
