import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.gpt2sentiment.model.Checkpoint;
import io.github.gpt2sentiment.model.Gpt2;
import io.github.gpt2sentiment.model.Safetensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Java half of the GPU exactness check: our model on the GPU, fp32, against transformers' logits computed on
 * the same GPU by reference/gpu_exactness.py, on the committed model fixtures (random tiny GPT-2 checkpoints and
 * their inputs, right and left padded). Prints the max |difference| per fixture and exits 1 above the tolerance.
 *
 * <p>Usage (environment/gpu-figures.sh runs it): {@code java -cp 'target/gpu/classes:target/gpu/gpt2-sentiment.jar'
 * GpuExactness src/test/resources/fixtures/model TRANSFORMERS_LOGITS_DIR [TOLERANCE]}; {@code -Dexactness.device=cpu}
 * runs it on the CPU instead (to test the check itself on a machine without a GPU).
 */
public final class GpuExactness {

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: GpuExactness FIXTURES_DIR TRANSFORMERS_LOGITS_DIR [TOLERANCE]");
            System.exit(2);
        }
        Path fixtures = Path.of(args[0]);
        Path theirs = Path.of(args[1]);
        double tolerance = args.length > 2 ? Double.parseDouble(args[2]) : 1e-4;
        Engine engine = Engine.getEngine("PyTorch");
        boolean cpu = "cpu".equals(System.getProperty("exactness.device"));
        Device device = cpu ? Device.cpu() : Device.gpu();
        if (!cpu && engine.getGpuCount() == 0) {
            System.err.println("GpuExactness: DJL sees no GPU (libtorch without CUDA, or no driver)");
            System.exit(1);
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(theirs)) {
            files = list.filter(p -> p.toString().endsWith(".safetensors")).sorted().toList();
        }
        if (files.isEmpty()) {
            System.err.println("GpuExactness: no <fixture>.safetensors in " + theirs);
            System.exit(1);
        }
        double worst = 0;
        for (Path file : files) {
            String name = file.getFileName().toString().replace(".safetensors", "");
            Gpt2.Head head = name.startsWith("cls") ? Gpt2.Head.SEQUENCE_CLASSIFICATION : Gpt2.Head.LANGUAGE_MODEL;
            try (NDManager manager = NDManager.newBaseManager(device);
                    Safetensors inputs = Safetensors.open(fixtures.resolve(name).resolve("expected.safetensors"));
                    Safetensors expected = Safetensors.open(file)) {
                Gpt2 model = Checkpoint.load(fixtures.resolve(name), head, manager).model();
                for (String side : List.of("right", "left")) {
                    Shape shape = inputs.entry(side + ".input_ids").djlShape();
                    long[] mask = inputs.longs(side + ".attention_mask");
                    NDArray ids = manager.create(inputs.longs(side + ".input_ids"), shape);
                    NDArray logits = model.forward(new ParameterStore(manager, false),
                            new NDList(ids, manager.create(mask, shape)), false).singletonOrThrow();
                    float[] ours = logits.toFloatArray();
                    float[] ref = expected.floats(side + ".logits");
                    if (ours.length != ref.length) {
                        throw new IllegalStateException(name + " " + side + ": " + ours.length + " logits, "
                                + "transformers has " + ref.length);
                    }
                    // Language-model logits at padded positions are meaningless on both sides: skip them.
                    int perToken = head == Gpt2.Head.LANGUAGE_MODEL ? ours.length / mask.length : 0;
                    double max = 0;
                    for (int i = 0; i < ours.length; i++) {
                        if (perToken > 0 && mask[i / perToken] == 0) {
                            continue;
                        }
                        max = Math.max(max, Float.isFinite(ours[i]) ? Math.abs(ours[i] - ref[i]) : Double.POSITIVE_INFINITY);
                    }
                    worst = Math.max(worst, max);
                    System.out.printf("exactness %-13s %-5s padding on %s: max |ours - transformers| = %.3g%n",
                            name, side, logits.getDevice(), max);
                }
            }
        }
        boolean ok = worst <= tolerance;
        System.out.printf("exactness verdict: %s (worst %.3g, tolerance %.0e, fp32 on %s)%n",
                ok ? "PASS" : "FAIL", worst, tolerance, device);
        System.exit(ok ? 0 : 1);
    }
}
