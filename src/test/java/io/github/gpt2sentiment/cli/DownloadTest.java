package io.github.gpt2sentiment.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.gpt2sentiment.TestData;
import io.github.gpt2sentiment.hub.HubSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DownloadTest {

    @TempDir
    Path temp;

    private static CliRun run(HubSettings settings, String... args) {
        return CliRun.of(new CommandLine(new DownloadCommand(settings)), args);
    }

    private HubSettings offline() {
        return new HubSettings(URI.create("https://huggingface.co"), temp.resolve("hub"), Optional.empty(), true,
                false, Duration.ofSeconds(5), 0);
    }

    @Test
    void aLocalFolderIsPrintedBack() {
        Path gpt2 = TestData.gpt2Tokenizer();

        CliRun run = run(offline(), "--model", gpt2.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(gpt2.toAbsolutePath().toString(), run.out().strip());
    }

    @Test
    void failuresPrintOneActionableLineAndExitWithOne() throws IOException {
        CliRun offline = run(offline(), "--model", "distilgpt2", "--revision", "v1");
        assertEquals(1, offline.exitCode());
        assertTrue(offline.err().startsWith("error: Offline (HF_HUB_OFFLINE is set)")
                && offline.err().contains("download --model distilgpt2 --revision v1"), offline.err());

        URI closed;
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        CliRun unreachable = run(offline().withOffline(false).withEndpoint(closed), "--model", "gpt2");
        assertEquals(1, unreachable.exitCode());
        assertTrue(unreachable.err().contains("Cannot reach " + closed), unreachable.err());
        assertTrue(Files.notExists(temp.resolve("hub/models--gpt2/snapshots")));
    }

    @Test
    void isRegisteredInTheMainCommand() {
        assertTrue(new CommandLine(new Main()).getSubcommands().containsKey("download"));
    }
}
