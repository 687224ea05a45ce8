package io.github.gpt2sentiment.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.gpt2sentiment.TestData;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code generate} and {@code classify} on the reference fixtures with GPT-2's real tokenizer, against what
 * reference/make_model_fixtures.py recorded from transformers (fixtures/model/cli.json).
 */
class ModelCommandsTest {

    @TempDir
    Path temp;



    private static Path fixtures() throws URISyntaxException {
        return Path.of(ModelCommandsTest.class.getResource("/fixtures/model").toURI());
    }

    /** A fixture model folder with the real GPT-2 tokenizer beside it. */
    private Path modelWithTokenizer(String name) throws IOException, URISyntaxException {
        Path folder = temp.resolve(name);
        Files.createDirectories(folder);
        try (var files = Files.list(fixtures().resolve(name))) {
            for (Path f : files.toList()) {
                Files.copy(f, folder.resolve(f.getFileName()));
            }
        }
        Files.copy(TestData.gpt2Tokenizer().resolve("tokenizer.json"), folder.resolve("tokenizer.json"));
        return folder;
    }

    private static JsonObject reference() throws IOException, URISyntaxException {
        return JsonParser.parseString(Files.readString(fixtures().resolve("cli.json"))).getAsJsonObject();
    }

    private static List<Long> longs(JsonElement array) {
        List<Long> values = new ArrayList<>();
        array.getAsJsonArray().forEach(e -> values.add(e.getAsLong()));
        return values;
    }

    @Test
    void generateJsonMatchesTransformersGreedyOutput() throws Exception {
        JsonObject want = reference().getAsJsonObject("generate");
        Path folder = modelWithTokenizer(want.get("model").getAsString());
        CliRun run = CliRun.of("generate", "--model", folder.toString(), "--prompt", want.get("prompt").getAsString(),
                "--max-new-tokens", want.get("max_new_tokens").getAsString(), "--greedy", "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonObject got = JsonParser.parseString(run.out()).getAsJsonObject();
        assertEquals(longs(want.get("prompt_ids")), longs(got.get("prompt_ids")));
        assertEquals(longs(want.get("generated_ids")), longs(got.get("generated_ids")));
        assertEquals(want.get("text").getAsString(), got.get("text").getAsString());

        CliRun plain = CliRun.of("generate", "--model", folder.toString(), "--prompt", want.get("prompt").getAsString(),
                "--max-new-tokens", want.get("max_new_tokens").getAsString());
        assertEquals(want.get("text").getAsString() + System.lineSeparator(), plain.out());
    }

    @Test
    void classifyJsonMatchesTransformers() throws Exception {
        JsonObject want = reference().getAsJsonObject("classify");
        Path folder = modelWithTokenizer(want.get("model").getAsString());
        List<String> args = new ArrayList<>(List.of("classify", "--model", folder.toString(), "--json", "--text"));
        JsonArray results = want.getAsJsonArray("results");
        results.forEach(r -> args.add(r.getAsJsonObject().get("text").getAsString()));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().isEmpty(), run.err());
        JsonArray got = JsonParser.parseString(run.out()).getAsJsonArray();
        assertEquals(results.size(), got.size());
        for (int i = 0; i < results.size(); i++) {
            JsonObject w = results.get(i).getAsJsonObject();
            JsonObject g = got.get(i).getAsJsonObject();
            assertEquals(w.get("label").getAsString(), g.get("label").getAsString(), "text " + i);
            for (String key : List.of("logits", "probabilities")) {
                for (int k = 0; k < 3; k++) {
                    assertEquals(w.getAsJsonArray(key).get(k).getAsDouble(), g.getAsJsonArray(key).get(k).getAsDouble(),
                            1e-4, key + " of text " + i);
                }
            }
        }
    }

    @Test
    void classifierFromALanguageModelIsRefusedUnlessARandomHeadIsAskedFor() throws Exception {
        Path folder = modelWithTokenizer("lm_plain");
        CliRun refused = CliRun.of("classify", "--model", folder.toString(), "--text", "in the", "it is");
        assertEquals(1, refused.exitCode(), refused.out());
        assertTrue(refused.out().isEmpty(), "no label for a random head: " + refused.out());
        assertTrue(refused.err().contains(folder.toAbsolutePath() + " has no classification head (score.weight)")
                && refused.err().contains("--random-head"), refused.err());

        CliRun run = CliRun.of("classify", "--model", folder.toString(), "--random-head", "--seed", "7", "--json", "--text",
                "in the", "it is");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("score.weight") && run.err().contains("newly initialised")
                && run.err().contains("--seed 7"), run.err());
        assertEquals(2, JsonParser.parseString(run.out()).getAsJsonArray().size(), run.out());
        CliRun again = CliRun.of("classify", "--model", folder.toString(), "--random-head", "--seed", "7", "--json", "--text",
                "in the", "it is");
        assertEquals(run.out(), again.out(), "the same seed draws the same head");
        CliRun other = CliRun.of("classify", "--model", folder.toString(), "--random-head", "--seed", "8", "--json", "--text",
                "in the", "it is");
        assertTrue(!run.out().equals(other.out()), "another seed draws another head");
    }

    @Test
    void aFolderWithoutTokenizerOrWeightsGivesAClearError() throws Exception {
        Path folder = temp.resolve("no-tokenizer");
        Files.createDirectories(folder);
        Files.copy(fixtures().resolve("lm_plain/config.json"), folder.resolve("config.json"));
        CliRun run = CliRun.of("generate", "--model", folder.toString(), "--prompt", "hi", "--max-new-tokens", "2");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains(folder.toAbsolutePath() + " has no tokenizer.json"), run.err());
        CliRun missing = CliRun.of("classify", "--model", temp.resolve("nowhere").toString(), "--text", "x");
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("is neither an existing folder"), missing.err());
        CliRun both = CliRun.of("generate", "--model", folder.toString(), "--prompt", "hi", "--greedy", "--top-k", "5");
        assertEquals(2, both.exitCode());
        // --seed alone asks for sampling, so it too contradicts --greedy; a seed must fit DJL's int seed.
        CliRun seeded = CliRun.of("generate", "--model", folder.toString(), "--prompt", "hi", "--greedy", "--seed", "3");
        assertEquals(2, seeded.exitCode(), seeded.err());
        CliRun huge = CliRun.of("generate", "--model", folder.toString(), "--prompt", "hi", "--seed", "5000000000");
        assertEquals(2, huge.exitCode(), huge.err());
        assertTrue(huge.err().contains("--seed"), huge.err());
    }
}
