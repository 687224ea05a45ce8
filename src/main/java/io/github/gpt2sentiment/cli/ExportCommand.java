package io.github.gpt2sentiment.cli;

import io.github.gpt2sentiment.files.Outputs;
import io.github.gpt2sentiment.pipeline.MergedExport;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code export --merge}: a LoRA adapter folder merged onto its base, written as a plain classifier folder that
 * {@code transformers} loads without {@code peft}.
 *
 * <p>Usage: {@code java -jar target/gpt2-sentiment.jar export --merge runs/lora --out runs/merged}
 */
@Command(name = "export",
        description = "Merge a LoRA adapter folder onto its base model (base_model_name_or_path, a hub id or a "
                + "folder) and write a plain classifier folder (config.json, model.safetensors, tokenizer files) "
                + "that every --model option and transformers' GPT2ForSequenceClassification.from_pretrained load.")
public final class ExportCommand extends CliCommand {

    @Option(names = "--merge", required = true, paramLabel = "ADAPTER",
            description = "The adapter folder (adapter_config.json, adapter_model.safetensors), as train --method "
                    + "lora or peft's save_pretrained writes it.")
    Path adapter;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Folder to write: new or empty (an export overwrites nothing).")
    Path out;

    @Override
    public Integer call() {
        Outputs.checkFolders(out);
        MergedExport.Result result = MergedExport.write(adapter, out);
        PrintWriter term = stdout();
        term.printf("Merged %s onto %s, written to %s%n", adapter, result.baseFolder(), out);
        if (result.tokenizerFolder() == null) {
            stderr().println("Warning: no tokenizer.json in " + adapter + " or its base: copy "
                    + "the tokenizer files into " + out + " before using it");
        }
        term.flush();
        return ExitCode.OK;
    }
}
