package io.github.gpt2sentiment.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.github.gpt2sentiment.model.Devices;
import io.github.gpt2sentiment.model.Ops;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Fine-tunes a classifier: the walkthrough's {@code Trainer.train()} in one readable loop. Every micro-batch runs
 * forward and backward with dropout on; every {@code gradAccum} micro-batches AdamW takes one clipped step on the
 * linear schedule; the validation reviews are evaluated every epoch (or every {@code evalEvery} steps), the weights
 * with the lowest validation loss are kept in the output folder, and a checkpoint is written after each evaluation.
 *
 * <p>Usage:
 * <pre>{@code
 * Trainer trainer = new Trainer(TrainingConfig.defaults(), Path.of("runs/imdb"));
 * TrainingResult result = trainer.fit(model, train, validation, false);
 * System.out.println(result.history().evaluationTable().print());
 * }</pre>
 */
public final class Trainer {

    private final TrainingConfig config;
    private final Path output;
    private TrainingListener listener = new TrainingListener() {};
    private volatile boolean stopRequested;
    private final CountDownLatch stopped = new CountDownLatch(1);

    public Trainer(TrainingConfig config, Path output) {
        this.config = config;
        this.output = output;
    }

    /** Sets who hears about updates and evaluations (a progress bar, a notebook chart). */
    public Trainer listener(TrainingListener value) {
        this.listener = value;
        return this;
    }

    /**
     * Asks a running {@link #fit} to stop after the update in progress and write a checkpoint; safe from any thread
     * (a shutdown hook on Ctrl-C calls it, then {@link #awaitStopped}).
     */
    public void requestStop() {
        stopRequested = true;
    }

    /** Waits until {@link #fit} has returned (or never started); true when it did within the timeout. */
    public boolean awaitStopped(long timeout, TimeUnit unit) throws InterruptedException {
        return stopped.await(timeout, unit);
    }

    /**
     * Trains {@code model} on {@code train}, evaluating on {@code validation}.
     *
     * @param resume continue from the latest checkpoint in the output folder (same settings and data required)
     *               instead of starting a fresh run in an empty folder
     * @return what happened; the best weights are in the output folder
     * @throws IllegalArgumentException for settings the model cannot take, an output folder holding another run,
     *                                  or a checkpoint that does not match
     */
    public TrainingResult fit(TrainableModel model, List<Example> train, List<Example> validation, boolean resume)
            throws IOException {
        try {
            return run(model, train, validation, resume);
        } finally {
            stopped.countDown();
        }
    }

    private TrainingResult run(TrainableModel model, List<Example> train, List<Example> validation, boolean resume)
            throws IOException {
        if (model.objective().mode() != config.mode()) {
            throw new IllegalArgumentException("The settings ask for mode " + config.mode() + " but the model trains "
                    + model.objective().mode() + ": use Gpt2Classifier for classifier, Gpt2LanguageModel for lm");
        }
        config.checkFits(model.maxPositions());
        checkExamples(train, "training");
        checkExamples(validation, "validation");
        Block block = model.block();
        Device device = Devices.of(block);
        String fingerprint = fingerprint(train, validation);
        int batchesPerEpoch = (train.size() + config.batchSize() - 1) / config.batchSize();
        int totalSteps = config.stepsPerEpoch(batchesPerEpoch) * config.epochs();
        LinearSchedule schedule = LinearSchedule.of(config.learningRate(), config.warmupRatio(), totalSteps);

        // Sampled from before the optimizer's state exists: its moments are part of what a method costs.
        try (PeakMemory.Sampler memory = PeakMemory.sample();
                AdamW optimizer = new AdamW(block.getParameters(), config.weightDecay());
                NDManager manager = NDManager.newBaseManager(device)) {
            Progress progress;
            if (resume) {
                Path checkpoint = Checkpoints.latest(output).orElseThrow(() -> new IllegalArgumentException(
                        "Nothing to resume in " + output + ": it holds no checkpoint-STEP folder"));
                TrainerState state = Checkpoints.readState(checkpoint);
                checkResumable(state, fingerprint, checkpoint);
                model.restore(checkpoint);
                optimizer.load(checkpoint.resolve(Checkpoints.OPTIMIZER_FILE));
                if (optimizer.stepCount() != state.step()) {
                    throw new IllegalArgumentException(checkpoint + ": optimizer state is at step "
                            + optimizer.stepCount() + " but the trainer state at step " + state.step());
                }
                progress = Progress.of(state);
            } else {
                Checkpoints.requireFresh(output);
                progress = new Progress(schedule, fingerprint);
            }
            // Only once the folder is known to be this run's: what a crash left half-written goes.
            Checkpoints.removeTemporaries(output);
            Files.createDirectories(output);
            return new Loop(model, optimizer, manager, device, train, validation, progress).run(totalSteps, memory);
        }
    }

    /** The training loop over one run, with its mutable position. */
    private final class Loop {
        private final TrainableModel model;
        private final Block block;
        private final Objective objective;
        private final AdamW optimizer;
        private final NDManager manager;
        private final Device device;
        private final ParameterStore parameters;
        private final List<Example> train;
        private final List<Example> validation;
        private final Progress p;
        private long peakDeviceBytes;

        Loop(TrainableModel model, AdamW optimizer, NDManager manager, Device device, List<Example> train,
                List<Example> validation, Progress progress) {
            this.model = model;
            this.block = model.block();
            this.objective = model.objective();
            this.optimizer = optimizer;
            this.manager = manager;
            this.device = device;
            this.parameters = new ParameterStore(manager, false);
            this.train = train;
            this.validation = validation;
            this.p = progress;
        }

        TrainingResult run(int totalSteps, PeakMemory.Sampler memory) throws IOException {
            listener.onStart(p.step, totalSteps, config.epochs());
            boolean interrupted = false;
            long sessionStart = System.nanoTime();
            double sessionTrainingSeconds = 0;
            long sessionTokens = 0;
            int sessionSteps = 0;
            optimizer.zeroGradients();
            epochs:
            while (!p.finished && p.epoch < config.epochs()) {
                if (p.order == null) {
                    p.order = Batches.bucketed(train, config.batchSize(), epochSeed(config.seed(), p.epoch));
                    p.nextBatch = 0;
                }
                int batches = p.order.size();
                double groupLoss = 0;
                long groupStart = System.nanoTime();
                long groupTokens = 0;
                while (p.nextBatch < batches) {
                    int first = p.nextBatch - p.nextBatch % config.gradAccum();
                    int groupSize = Math.min(config.gradAccum(), batches - first);
                    for (int micro = 0; micro < groupSize; micro++) {
                        int b = first + micro;
                        // Dropout draws from the engine's generator; reseeding it from the position makes every
                        // micro-batch's masks reproducible, and a resumed run draws the same ones.
                        Engine.getInstance().setRandomSeed((int) mix(mix(config.seed(), p.step), micro));
                        try (NDManager scope = manager.newSubManager()) {
                            Batches.Tensors batch =
                                    Batches.tensors(scope, train, p.order.get(b));
                            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                                NDArray loss = objective.loss(block, parameters, batch, true);
                                collector.backward(groupSize == 1 ? loss : loss.mul(Ops.scalar(loss, 1f / groupSize)));
                                groupLoss += loss.getFloat() / groupSize;
                            }
                            groupTokens += batch.tokens();
                        }
                    }
                    double lr = p.schedule.learningRate(p.step);
                    double gradNorm = optimizer.step(lr, config.maxGradNorm());
                    p.step++;
                    p.nextBatch = first + groupSize;
                    peakDeviceBytes = Math.max(peakDeviceBytes, PeakMemory.deviceInUse(device));

                    double seconds = (System.nanoTime() - groupStart) / 1e9;
                    sessionTrainingSeconds += seconds;
                    sessionTokens += groupTokens;
                    sessionSteps++;
                    p.trainingSeconds += seconds;
                    p.tokens += groupTokens;
                    p.lossSum += groupLoss;
                    p.lossCount++;
                    double epochFraction = p.epoch + (double) p.nextBatch / batches;
                    StepLog log = new StepLog(p.step, epochFraction, groupLoss, lr, gradNorm,
                            sessionTokens / Math.max(1e-9, sessionTrainingSeconds));
                    p.steps.add(log);
                    listener.onStep(log);

                    boolean endOfEpoch = p.nextBatch == batches;
                    boolean evaluate = endOfEpoch || (config.evalEvery() > 0 && p.step % config.evalEvery() == 0);
                    if (endOfEpoch) {
                        p.epoch++;
                        p.order = null;
                        p.nextBatch = 0;
                    }
                    if (evaluate) {
                        evaluate(epochFraction);
                        if (p.epoch >= config.epochs()) {
                            p.finished = true;
                        }
                    }
                    if (p.finished) {
                        // The best weights are in the output folder; a finished run needs no checkpoint to resume.
                        Checkpoints.pruneExcept(output, null);
                    } else if (evaluate || stopRequested) {
                        checkpoint();
                    }
                    if (p.finished) {
                        break epochs;
                    }
                    if (stopRequested) {
                        interrupted = true;
                        break epochs;
                    }
                    if (endOfEpoch) {
                        continue epochs;
                    }
                    groupLoss = 0;
                    groupTokens = 0;
                    groupStart = System.nanoTime();
                }
            }
            writeReport();
            double wall = (System.nanoTime() - sessionStart) / 1e9;
            TrainingResult result = new TrainingResult(p.history(), p.bestStep, p.bestEvaluation(), p.finished,
                    p.stoppedEarly, interrupted, p.step, totalSteps, model.trainableParameters(),
                    sessionSteps == 0 ? Double.NaN : sessionTrainingSeconds / sessionSteps,
                    sessionTokens / Math.max(1e-9, sessionTrainingSeconds), wall, memory.peak(peakDeviceBytes), output);
            listener.onEnd(result);
            return result;
        }

        private void evaluate(double epochFraction) throws IOException {
            Validation metrics = objective.evaluate(block, validation, config.batchSize() * 2);
            boolean best = metrics.loss() < p.bestValLoss;
            if (best) {
                p.bestValLoss = metrics.loss();
                p.bestStep = p.step;
                p.staleEvaluations = 0;
                saveBest();
            } else {
                p.staleEvaluations++;
                if (EarlyStopping.exhausted(p.staleEvaluations, config.patience())) {
                    p.finished = true;
                    p.stoppedEarly = true;
                }
            }
            EvalLog log = new EvalLog(p.step, epochFraction, p.lossSum / Math.max(1, p.lossCount), metrics.loss(),
                    metrics.accuracy(), metrics.f1(), best);
            p.lossSum = 0;
            p.lossCount = 0;
            p.evaluations.add(log);
            listener.onEvaluation(log);
        }

        /** Writes the current weights as the output folder's model, file by file through atomic renames. */
        private void saveBest() throws IOException {
            Path temporary = output.resolve(".best.tmp");
            Checkpoints.inTemporaryFolder(temporary, folder -> {
                model.save(folder);
                try (var files = Files.list(folder)) {
                    for (Path file : files.toList()) {
                        Checkpoints.moveAtomically(file, output.resolve(file.getFileName()));
                    }
                }
            });
            Files.delete(temporary);
        }

        /** Writes {@code checkpoint-STEP} next to the best model, then removes the older checkpoints. */
        private void checkpoint() throws IOException {
            Path temporary = output.resolve(".checkpoint-" + p.step + ".tmp");
            Checkpoints.inTemporaryFolder(temporary, folder -> {
                model.save(folder);
                optimizer.save(folder.resolve(Checkpoints.OPTIMIZER_FILE));
                Checkpoints.writeJson(p.state(config), folder.resolve(Checkpoints.STATE_FILE));
            });
            Path target = output.resolve("checkpoint-" + p.step);
            Checkpoints.deleteTree(target);
            Checkpoints.moveAtomically(temporary, target);
            Checkpoints.pruneExcept(output, target);
            writeReport();
        }

        private void writeReport() throws IOException {
            History history = p.history();
            Checkpoints.writeJson(new Report(config, history), output.resolve(Checkpoints.HISTORY_FILE));
            history.writeCsv(output);
            if (!history.evaluations().isEmpty()) {
                TrainingCharts.writePngs(history, output);
            }
        }
    }

    /** {@code history.json}: the settings and what happened. */
    record Report(TrainingConfig config, History history) {}

    /** The mutable position of a run; {@link #state} freezes it for a checkpoint. */
    private static final class Progress {
        final LinearSchedule schedule;
        final String fingerprint;
        int step;
        int epoch;
        int nextBatch;
        List<int[]> order;
        double lossSum;
        int lossCount;
        double bestValLoss = Double.POSITIVE_INFINITY;
        int bestStep = -1;
        int staleEvaluations;
        double trainingSeconds;
        long tokens;
        boolean finished;
        boolean stoppedEarly;
        final List<StepLog> steps = new ArrayList<>();
        final List<EvalLog> evaluations = new ArrayList<>();

        Progress(LinearSchedule schedule, String fingerprint) {
            this.schedule = schedule;
            this.fingerprint = fingerprint;
        }

        static Progress of(TrainerState state) {
            Progress p = new Progress(state.schedule(), state.dataFingerprint());
            p.step = state.step();
            p.epoch = state.epoch();
            p.nextBatch = state.nextBatch();
            p.order = state.order() == null ? null : new ArrayList<>(state.order());
            p.lossSum = state.lossSum();
            p.lossCount = state.lossCount();
            p.bestValLoss = state.bestValLoss();
            p.bestStep = state.bestStep();
            p.staleEvaluations = state.staleEvaluations();
            p.trainingSeconds = state.trainingSeconds();
            p.tokens = state.tokens();
            p.finished = state.finished();
            p.stoppedEarly = state.stoppedEarly();
            p.steps.addAll(state.history().steps());
            p.evaluations.addAll(state.history().evaluations());
            return p;
        }

        TrainerState state(TrainingConfig config) {
            return new TrainerState(TrainerState.FORMAT, config, fingerprint, schedule, step, epoch, nextBatch, order,
                    lossSum, lossCount, bestValLoss, bestStep, staleEvaluations, trainingSeconds, tokens, finished,
                    stoppedEarly, history());
        }

        History history() {
            return new History(steps, evaluations);
        }

        EvalLog bestEvaluation() {
            return evaluations.stream().filter(EvalLog::best).reduce((first, second) -> second).orElse(null);
        }
    }

    private void checkResumable(TrainerState state, String fingerprint, Path checkpoint) {
        if (!state.config().equals(config)) {
            throw new IllegalArgumentException("Cannot resume " + checkpoint + ": it was trained with other settings."
                    + "\n  checkpoint: " + state.config() + "\n  now:        " + config
                    + "\nResume with the same settings, or start a new run in another folder.");
        }
        if (!state.dataFingerprint().equals(fingerprint)) {
            throw new IllegalArgumentException("Cannot resume " + checkpoint + ": the training or validation reviews "
                    + "differ from the ones it was trained on (same --data, --train-size, --val-size and --seed?)");
        }
    }

    /**
     * Mean cross-entropy of logits {@code [B, C]} against class indices {@code [B]}, computed in float32 whatever
     * the model's precision.
     */
    public static NDArray crossEntropy(NDArray logits, NDArray labels) {
        NDArray logProbabilities = logits.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).logSoftmax(1);
        return logProbabilities.gather(labels.reshape(-1, 1), 1).mean().neg();
    }

    private void checkExamples(List<Example> examples, String what) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("No " + what + " reviews");
        }
        for (int i = 0; i < examples.size(); i++) {
            if (examples.get(i).length() > config.maxLength()) {
                throw new IllegalArgumentException(what + " review " + i + " has " + examples.get(i).length()
                        + " tokens, more than max length " + config.maxLength() + ": truncate it first");
            }
        }
    }

    /** SHA-256 over the token ids and labels of both splits, in order. */
    static String fingerprint(List<Example> train, List<Example> validation) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (List<Example> split : List.of(train, validation)) {
                for (Example example : split) {
                    for (long id : example.ids()) {
                        digest.update((byte) id);
                        digest.update((byte) (id >>> 8));
                        digest.update((byte) (id >>> 16));
                    }
                    digest.update((byte) (0x80 | example.label()));
                }
                digest.update((byte) 0xff);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The seed of an epoch's data order ({@link Batches#bucketed}): a run's order depends on its seed only. */
    public static long epochSeed(long seed, int epoch) {
        return mix(seed, epoch);
    }

    /** SplitMix64 of two values: independent-looking seeds from (seed, epoch) or (seed, step). */
    static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b + 0x632BE59BD9B4E5BL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
