package io.github.gpt2sentiment.options;

import io.github.gpt2sentiment.training.TrainingConfig;
import picocli.CommandLine.Option;

/**
 * {@code --seed}, as every command with a random choice takes it: the one number behind which reviews are drawn,
 * their order, dropout, new weights and sampling. An int, because DJL's generator is seeded with one.
 *
 * <p>Usage: {@code @Mixin SeedOption seed;} then {@code Engine.getInstance().setRandomSeed(seed.value())}
 */
public final class SeedOption {

    /** The seed when none is given: the walkthrough's, as in {@link TrainingConfig#defaults()}. */
    public static final int DEFAULT = (int) TrainingConfig.defaults().seed();

    @Option(names = "--seed", paramLabel = "S", description = "Seed of this command's random choices (reviews drawn, "
            + "their order, dropout, new weights, sampling; default: 42): the same seed gives the same result.")
    Integer seed;

    /** The seed given, else {@link #DEFAULT}. */
    public int value() {
        return seed != null ? seed : DEFAULT;
    }

    /** Whether {@code --seed} was given (for {@code generate}, it asks for sampling). */
    public boolean given() {
        return seed != null;
    }
}
