package io.github.gpt2sentiment.model;

import ai.djl.Device;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/**
 * Where a model lives: inputs must be created on the device of its parameters.
 *
 * <p>Usage: {@code try (NDManager manager = NDManager.newBaseManager(Devices.of(model))) { ... }}
 */
public final class Devices {

    private Devices() {}

    /**
     * The device the block's parameters live on.
     *
     * @throws IllegalArgumentException when none of its parameters is initialised
     */
    public static Device of(Block block) {
        for (Pair<String, Parameter> entry : block.getParameters()) {
            if (entry.getValue().isInitialized()) {
                return entry.getValue().getArray().getDevice();
            }
        }
        throw new IllegalArgumentException("The model's parameters are not initialised");
    }
}
