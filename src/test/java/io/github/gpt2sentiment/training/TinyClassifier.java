package io.github.gpt2sentiment.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A small classifier honouring the model contract (HF-named parameters, ids + mask in, logits out, dropout when
 * training): token embeddings, a masked mean over the tokens, a LayerNorm, dropout and a linear head without bias.
 */
final class TinyClassifier extends AbstractBlock implements TrainableModel {

    private final Parameter wte;
    private final Parameter lnWeight;
    private final Parameter lnBias;
    private final Parameter score;
    private final float dropout;

    TinyClassifier(int vocab, int width, float dropout) {
        this.dropout = dropout;
        wte = addParameter(Parameter.builder().setName("wte.weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(vocab, width)).build());
        lnWeight = addParameter(Parameter.builder().setName("ln_f.weight").setType(Parameter.Type.GAMMA)
                .optShape(new Shape(width)).build());
        lnBias = addParameter(Parameter.builder().setName("ln_f.bias").setType(Parameter.Type.BETA)
                .optShape(new Shape(width)).build());
        score = addParameter(Parameter.builder().setName("score.weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(2, width)).build());
    }

    /** A freshly initialised model on the manager's device; the engine seed fixes the weights. */
    static TinyClassifier create(NDManager manager, int vocab, int width, float dropout) {
        TinyClassifier model = new TinyClassifier(vocab, width, dropout);
        model.setInitializer(new NormalInitializer(0.02f), Parameter.Type.WEIGHT);
        model.initialize(manager, DataType.FLOAT32, new Shape(1, 4), new Shape(1, 4));
        return model;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray ids = inputs.get(0);
        NDArray mask = inputs.get(1).toType(DataType.FLOAT32, false).expandDims(2);
        NDArray embedded = ids.getNDArrayInternal()
                .embedding(ids, store.getValue(wte, ids.getDevice(), training), SparseFormat.DENSE).head();
        NDArray pooled = embedded.mul(mask).sum(new int[] {1}).div(mask.sum(new int[] {1}));
        NDArray normed = LayerNorm.layerNorm(pooled, new Shape(pooled.getShape().get(1)),
                store.getValue(lnWeight, ids.getDevice(), training), store.getValue(lnBias, ids.getDevice(), training),
                1e-5f).head();
        NDArray dropped = Dropout.dropout(normed, dropout, training).head();
        return Linear.linear(dropped, store.getValue(score, ids.getDevice(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 2)};
    }

    @Override
    public ai.djl.nn.Block block() {
        return this;
    }

    @Override
    public int maxPositions() {
        return 1024;
    }

    @Override
    public void save(Path folder) throws IOException {
        NDList weights = new NDList();
        for (var entry : getParameters()) {
            NDArray array = entry.getValue().getArray();
            array.setName(entry.getKey());
            weights.add(array);
        }
        try (OutputStream out = Files.newOutputStream(folder.resolve("model.safetensors"))) {
            weights.encode(out, NDList.Encoding.SAFETENSORS);
        }
        Files.writeString(folder.resolve("config.json"), "{\"model_type\": \"tiny-test-classifier\"}\n");
    }

    @Override
    public void restore(Path folder) throws IOException {
        NDManager manager = wte.getArray().getManager();
        try (NDManager scope = manager.newSubManager();
                InputStream in = Files.newInputStream(folder.resolve("model.safetensors"))) {
            Map<String, NDArray> byName = new HashMap<>();
            for (NDArray array : NDList.decode(scope, in)) {
                byName.put(array.getName(), array);
            }
            for (var entry : getParameters()) {
                byName.get(entry.getKey()).copyTo(entry.getValue().getArray());
            }
        }
    }
}
