package io.github.gpt2sentiment.model;

import static io.github.gpt2sentiment.model.Ops.dropout;
import static io.github.gpt2sentiment.model.Ops.embedding;
import static io.github.gpt2sentiment.model.Ops.gelu;
import static io.github.gpt2sentiment.model.Ops.geluNew;
import static io.github.gpt2sentiment.model.Ops.linear;
import static io.github.gpt2sentiment.model.Ops.pick;
import static io.github.gpt2sentiment.model.Ops.replace;
import static io.github.gpt2sentiment.model.Ops.scalar;
import static io.github.gpt2sentiment.model.Ops.scoped;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import io.github.gpt2sentiment.tokenization.Quiet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * GPT-2 in one file, from token ids to logits, numerically the same network as {@code transformers}'
 * {@code GPT2LMHeadModel} and {@code GPT2ForSequenceClassification} (the few engine calls it makes are wrapped in
 * {@link Ops}, as {@code torch.nn.functional} would be), optionally with {@code peft}'s LoRA adapters
 * ({@link LoraConv1d}).
 *
 * <p>It is an ordinary DJL {@link ai.djl.nn.Block}: {@link #getParameters()} lists every weight under its
 * Hugging Face name ({@code wte.weight}, {@code h.0.attn.c_attn.weight} in Conv1D layout {@code [in, out]},
 * {@code ln_f.weight}, {@code score.weight}, ...), {@code forward(parameterStore, inputs, training)} turns dropout on
 * or off, and gradients flow through {@code Engine.getInstance().newGradientCollector()}.
 *
 * <p><b>Forward contract</b> (what a trainer relies on): {@code inputs} is
 * {@code NDList(inputIds, attentionMask)}, both INT64 of shape {@code [B, T]}, the mask 1 for real tokens and 0
 * for padding (left or right). The output is {@code NDList(logits)}: FLOAT32 {@code [B, T, vocab_size]} for
 * {@link Head#LANGUAGE_MODEL}, FLOAT32 {@code [B, num_labels]} for {@link Head#SEQUENCE_CLASSIFICATION}.
 *
 * <p>Semantics, chosen to match {@code transformers} 4.57:
 * <ul>
 *   <li>Position ids come from the mask ({@code cumsum(mask) - 1}, padding at 1), as {@code generate} derives
 *       them, so a left-padded row sees the same positions as the unpadded row. (A plain {@code transformers}
 *       forward without {@code position_ids} numbers padding too; with right padding both agree.)</li>
 *   <li>The classifier reads the rightmost token whose id is not {@code pad_token_id}, exactly as
 *       {@code GPT2ForSequenceClassification} (so with {@code pad_token_id == eos} a real trailing
 *       {@code <|endoftext|>} is skipped, as there), and the last block computes only that token.</li>
 *   <li>The language-model head is tied to {@code wte}; gelu_new is the tanh approximation.</li>
 * </ul>
 *
 * <p>Usage:
 * <pre>{@code
 * Gpt2 model = new Gpt2(config, Gpt2.Head.SEQUENCE_CLASSIFICATION);
 * model.initialize(manager, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1)); // or Checkpoint.load(...)
 * NDArray logits = model.forward(new ParameterStore(manager, false), new NDList(ids, mask), false).head();
 * }</pre>
 */
public final class Gpt2 extends AbstractBlock {

    /** What sits on top of the transformer. */
    public enum Head {
        /** Next-token logits over the vocabulary, weights tied to {@code wte} ({@code GPT2LMHeadModel}). */
        LANGUAGE_MODEL,
        /** {@code num_labels} logits read at each row's last real token ({@code GPT2ForSequenceClassification}). */
        SEQUENCE_CLASSIFICATION
    }

    static {
        Quiet.engine(); // every model goes through here: hide libtorch's own warnings unless asked for
    }

    private final Gpt2Config config;
    private final Head head;
    private final LoraConfig lora;

    /**
     * A model with uninitialised parameters, initialised like {@code transformers} does (normal with
     * {@code initializer_range}, residual projections scaled by {@code 1/sqrt(2 n_layer)}, zero biases, unit layer
     * norms) when {@link #initialize} runs; seed with {@code Engine.getInstance().setRandomSeed} first.
     */
    public Gpt2(Gpt2Config config, Head head) {
        this(config, head, Map.of(), null);
    }

    /**
     * A model with new LoRA adapters on {@code lora}'s target modules ({@link LoraConv1d}), which start as the base.
     * Every other weight is frozen (no gradient, no optimizer state) except the classification head.
     */
    public Gpt2(Gpt2Config config, Head head, LoraConfig lora) {
        this(config, head, Map.of(), lora);
    }

    /**
     * A model whose parameters take the given arrays by name; the rest stay uninitialised. Every weight is declared
     * here once, under its Hugging Face name and in {@code transformers}' order; the forward looks them up by name.
     */
    Gpt2(Gpt2Config config, Head head, Map<String, NDArray> arrays, LoraConfig lora) {
        this.config = config;
        this.head = head;
        this.lora = lora;
        long c = config.nEmbd();
        long inner = config.innerSize();
        Initializer normal = new NormalInitializer(config.initializerRange());
        Initializer residual =
                new NormalInitializer((float) (config.initializerRange() / Math.sqrt(2.0 * config.nLayer())));
        parameter("wte.weight", normal, arrays, config.vocabSize(), c);
        parameter("wpe.weight", normal, arrays, config.nPositions(), c);
        for (int i = 0; i < config.nLayer(); i++) {
            String h = "h." + i + ".";
            layerNormParameters(h + "ln_1", arrays);
            conv1dParameters(h + "attn.c_attn", c, 3 * c, normal, arrays);
            conv1dParameters(h + "attn.c_proj", c, c, residual, arrays);
            layerNormParameters(h + "ln_2", arrays);
            conv1dParameters(h + "mlp.c_fc", c, inner, normal, arrays);
            conv1dParameters(h + "mlp.c_proj", inner, c, residual, arrays);
        }
        layerNormParameters("ln_f", arrays);
        if (head == Head.SEQUENCE_CLASSIFICATION) {
            parameter("score.weight", normal, arrays, config.numLabels(), c);
        }
    }

    private void layerNormParameters(String module, Map<String, NDArray> arrays) {
        parameter(module + ".weight", Initializer.ONES, arrays, config.nEmbd());
        parameter(module + ".bias", Initializer.ZEROS, arrays, config.nEmbd());
    }

    private void conv1dParameters(String module, long in, long out, Initializer init, Map<String, NDArray> arrays) {
        parameter(module + ".weight", init, arrays, in, out);
        parameter(module + ".bias", Initializer.ZEROS, arrays, out);
        if (lora != null && lora.targets(module)) {
            parameter(module + ".lora_A.weight", LoraConv1d.initializerA(in), arrays, lora.r(), in);
            parameter(module + ".lora_B.weight", Initializer.ZEROS, arrays, out, lora.r());
        }
    }

    private void parameter(String name, Initializer init, Map<String, NDArray> arrays, long... shape) {
        Parameter.Type type = name.endsWith(".bias")
                ? Parameter.Type.BIAS
                : (name.startsWith("ln_") || name.contains(".ln_")) ? Parameter.Type.GAMMA : Parameter.Type.WEIGHT;
        Parameter.Builder builder = Parameter.builder()
                .setName(name)
                .setType(type)
                .optShape(new Shape(shape))
                .optInitializer(init)
                .optRequiresGrad(lora == null || LoraConv1d.isAdapter(name) || name.equals("score.weight"));
        NDArray array = arrays.get(name);
        if (array != null) {
            array.setName(name);
            builder.optArray(array);
        }
        addParameter(builder.build());
    }

    // ---- The three entry points: each runs logits(), the hidden states with a head on top ----

    /** See the class comment for the contract: {@code (inputIds, attentionMask)} in, {@code (logits)} out. */
    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray ids = inputs.get(0);
        NDArray mask = inputs.size() > 1 ? inputs.get(1) : null;
        checkInputs(ids, mask, 0);
        Map<String, NDArray> w = byName(p -> parameterStore.getValue(p, ids.getDevice(), training));
        // The classifier reads one token per row, so the last block computes only that token (see block()).
        try (NDArray last = head == Head.LANGUAGE_MODEL ? null : lastTokenIndex(ids)) {
            return new NDList(logits(w, ids, mask, null, last, null, training));
        }
    }

    /**
     * Runs new tokens through the language model with a cache (inference, no dropout) and returns the logits of
     * each row's last position, {@code [B, vocab_size]}.
     *
     * @param ids the new tokens {@code [B, T]} (the whole left-padded prompt first, then one token per step)
     * @param mask the attention mask of cached plus new tokens {@code [B, past + T]}
     */
    public NDArray nextTokenLogits(NDArray ids, NDArray mask, KvCache cache) {
        checkInputs(ids, mask, cache.length());
        return languageModel(ids, mask, cache, null, new NDIndex(":, -1, :"));
    }

    /** An empty cache for {@link #nextTokenLogits}. */
    public KvCache newCache() {
        return new KvCache(config.nLayer());
    }

    /**
     * Language-model logits of each row's last {@code count} positions only, {@code [B, count, vocab_size]}, in one
     * forward without cache or dropout. Scoring a left-padded prompt (and a few answer tokens after it) needs no
     * more, and skipping the vocabulary projection of every other position saves a third of GPT-2 small's work and
     * a {@code [B, T, 50257]} array.
     *
     * <p>Usage: {@code NDArray next = model.lastLogits(ids, mask, 1); // [B, 1, vocab]: the token after each prompt}
     *
     * @param ids left-padded token ids {@code [B, T]}, so every row ends in the last column
     * @param mask the attention mask {@code [B, T]}
     * @param count how many final positions to project, 1 to {@code T}
     */
    public NDArray lastLogits(NDArray ids, NDArray mask, int count) {
        checkInputs(ids, mask, 0);
        long length = ids.getShape().get(1);
        if (count < 1 || count > length) {
            throw new IllegalArgumentException("count must be in 1.." + length + ", got " + count);
        }
        // With one position per row (the last column) the last block computes only that token.
        try (NDArray last = count > 1 ? null
                : ids.getManager().full(new Shape(ids.getShape().get(0)), (float) (length - 1), DataType.INT64)) {
            return languageModel(ids, mask, null, last, new NDIndex(":, {}:, :", -count));
        }
    }

    /** Refuses what libtorch would fail on obscurely or not at all: wrong shapes, too many tokens, unknown ids. */
    private void checkInputs(NDArray ids, NDArray mask, long past) {
        Shape shape = ids.getShape();
        if (shape.dimension() != 2) {
            throw new IllegalArgumentException("inputIds must be [batch, length], got " + shape);
        }
        long total = past + shape.get(1);
        if (total > config.nPositions()) {
            throw new IllegalArgumentException("Sequence of " + total + " tokens is longer than this model's "
                    + config.nPositions() + " positions (n_positions): truncate it");
        }
        Shape expected = new Shape(shape.get(0), total);
        if (mask != null && !mask.getShape().equals(expected)) {
            throw new IllegalArgumentException("attentionMask " + mask.getShape() + " must be " + expected
                    + " ([batch, cached + new tokens]) for inputIds " + shape);
        }
        // libtorch's embedding would fail with "index out of range in self": say which file is at odds with which.
        if (shape.get(1) > 0) {
            try (NDArray max = scoped(() -> ids.max().toType(DataType.INT64, false))) {
                if (max.getLong() >= config.vocabSize()) {
                    throw new IllegalArgumentException("Token id " + max.getLong() + " is outside this model's "
                            + "vocabulary of " + config.vocabSize()
                            + " (vocab_size in config.json): the tokenizer does not belong to the model");
                }
            }
        }
    }

    /** The language-model logits at {@code positions} of a forward without gradients or dropout. */
    private NDArray languageModel(NDArray ids, NDArray mask, KvCache cache, NDArray only, NDIndex positions) {
        if (head != Head.LANGUAGE_MODEL) {
            throw new IllegalStateException("Generating and scoring tokens need the language-model head");
        }
        ParameterStore store = new ParameterStore(ids.getManager(), false);
        Map<String, NDArray> w = byName(p -> store.getValue(p, ids.getDevice(), false));
        return logits(w, ids, mask, cache, only, positions, false);
    }

    /**
     * The hidden states with the head on top: the tied language model at {@code positions} (all of them when null)
     * or the classifier at the one token per row that {@code only} chose.
     */
    private NDArray logits(Map<String, NDArray> w, NDArray ids, NDArray mask, KvCache cache, NDArray only,
            NDIndex positions, boolean training) {
        return replace(hidden(w, ids, mask, cache, only, training), x -> head == Head.LANGUAGE_MODEL
                ? linear(positions == null ? x : x.get(positions), w.get("wte.weight"))
                : linear(x.reshape(-1, config.nEmbd()), w.get("score.weight")));
    }

    // ---- The transformer: embeddings, blocks, final layer norm ----

    /**
     * The hidden states {@code [B, T, C]} of the new tokens after the final layer norm: token plus position
     * embeddings, every block, {@code ln_f}. With a cache, {@code mask} covers the cached tokens too
     * ({@code [B, past + T]}). With {@code only} (a position per row, {@code [B]}) the result is {@code [B, 1, C]}
     * at those positions, and the last block computes nothing else.
     */
    private NDArray hidden(Map<String, NDArray> w, NDArray ids, NDArray mask, KvCache cache, NDArray only,
            boolean training) {
        long length = ids.getShape().get(1);
        long past = cache == null ? 0 : cache.length();
        NDArray x = scoped(() -> {
            NDArray keep = keep(mask, ids, past + length);
            // Positions count real tokens only, so left padding does not shift them; padding sits at 1.
            NDArray positions = keep.cumSum(1).sub(1).mul(keep).add(keep.neg().add(1))
                    .get(new NDIndex(":, {}:", past));
            NDArray sum = embedding(ids, w.get("wte.weight")).add(embedding(positions, w.get("wpe.weight")));
            return dropout(sum, config.embdPdrop(), training);
        });
        NDArray bias = scoped(() -> attentionBias(keep(mask, ids, past + length), past, length,
                w.get("wte.weight").getDataType()));
        for (int i = 0; i < config.nLayer(); i++) {
            int layer = i;
            NDArray rows = i == config.nLayer() - 1 ? only : null;
            x = replace(x, in -> block(w, layer, in, bias, cache, rows, training));
        }
        bias.close();
        if (cache != null) {
            cache.advance(length);
        }
        return replace(x, in -> layerNorm(w, "ln_f", in));
    }

    /** The attention mask as INT64 {@code [B, total]}, all ones when there is none. */
    private static NDArray keep(NDArray mask, NDArray ids, long total) {
        return mask != null ? mask.toType(DataType.INT64, false)
                : ids.getManager().ones(new Shape(ids.getShape().get(0), total), DataType.INT64);
    }

    /**
     * The additive attention mask {@code [B, 1, T, past + T]}: 0 where a query may look (an earlier or the same
     * position, and a real token), the most negative float elsewhere. Built once per forward, shared by all layers.
     */
    private static NDArray attentionBias(NDArray keep, long past, long length, DataType dataType) {
        NDManager m = keep.getManager();
        long total = past + length;
        NDArray queryPos = m.arange((int) past, (int) total, 1, DataType.INT64).reshape(length, 1);
        NDArray keyPos = m.arange(0, (int) total, 1, DataType.INT64).reshape(1, total);
        NDArray allowed = keyPos.lte(queryPos)
                .logicalAnd(keep.reshape(keep.getShape().get(0), 1, 1, total).eq(1));
        // (allowed - 1) * MAX is 0 or -MAX: a fully masked row (a padding query) stays finite and is never read.
        return allowed.toType(dataType, false).sub(1).mul(Float.MAX_VALUE);
    }

    /**
     * Block {@code layer} ({@code h.<layer>.*}), pre-norm: x + attn(ln_1(x)), then x + mlp(ln_2(x)). With
     * {@code only} ({@code [B]} positions), keys and values still come from every token but the queries, the
     * attention output and the MLP only from those positions: the output is {@code [B, 1, C]}, those rows of the full
     * block's.
     */
    private NDArray block(Map<String, NDArray> w, int layer, NDArray x, NDArray bias, KvCache cache, NDArray only,
            boolean training) {
        String h = "h." + layer + ".";
        long batch = x.getShape().get(0);
        long length = x.getShape().get(1);
        int headSize = config.headSize();

        // Causal self-attention: one fused matmul makes q, k and v, split into heads as views.
        NDArray qkv = conv1d(w, h + "attn.c_attn", layerNorm(w, h + "ln_1", x), training);
        NDArray split = qkv.reshape(batch, length, 3, config.nHead(), headSize).transpose(2, 0, 3, 1, 4);
        NDArray q = split.get(0);
        NDArray k = split.get(1);
        NDArray v = split.get(2);
        if (only != null) {
            q = pick(q, only, 2);
            bias = pick(bias, only, 2);
            x = pick(x, only, 1);
            length = 1;
        }
        q = q.mul(scalar(q, (float) (1.0 / Math.sqrt(headSize))));
        if (cache != null) {
            k = cache.appendKeys(layer, k);
            v = cache.appendValues(layer, v);
        }
        NDArray att = q.matMul(k.transpose(0, 1, 3, 2)).addi(bias);
        att = dropout(att.softmax(-1), config.attnPdrop(), training);
        NDArray y = att.matMul(v).transpose(0, 2, 1, 3).reshape(batch, length, config.nEmbd());
        y = dropout(conv1d(w, h + "attn.c_proj", y, training), config.residPdrop(), training);
        x = y.addi(x);

        // MLP: expand, gelu_new (or the exact gelu, as the config says), project back.
        NDArray m = conv1d(w, h + "mlp.c_fc", layerNorm(w, h + "ln_2", x), training);
        m = config.activationFunction().equals("gelu") ? gelu(m) : geluNew(m);
        m = dropout(conv1d(w, h + "mlp.c_proj", m, training), config.residPdrop(), training);
        return m.addi(x);
    }

    /** The Conv1D {@code module} ({@code x @ weight + bias}), plus its LoRA update where it has an adapter. */
    private NDArray conv1d(Map<String, NDArray> w, String module, NDArray x, boolean training) {
        NDArray y = Ops.conv1d(x, w.get(module + ".weight"), w.get(module + ".bias"));
        NDArray a = w.get(module + ".lora_A.weight");
        return a == null ? y : y.add(LoraConv1d.update(x, a, w.get(module + ".lora_B.weight"), lora, training));
    }

    private NDArray layerNorm(Map<String, NDArray> w, String module, NDArray x) {
        return Ops.layerNorm(x, w.get(module + ".weight"), w.get(module + ".bias"), config.layerNormEpsilon());
    }

    /**
     * Each row's index of its rightmost token that is not {@code pad_token_id}, as
     * {@code GPT2ForSequenceClassification} computes it ({@code argmax(arange(T) * (ids != pad))}).
     */
    private NDArray lastTokenIndex(NDArray ids) {
        long batch = ids.getShape().get(0);
        long length = ids.getShape().get(1);
        if (length == 0) {
            throw new IllegalArgumentException("Cannot classify empty sequences");
        }
        NDManager m = ids.getManager();
        Integer pad = config.padTokenId();
        if (pad == null) {
            if (batch != 1) {
                throw new IllegalArgumentException("Cannot classify a batch of " + batch + " rows without "
                        + "pad_token_id in the config (it marks each row's padding); set it, e.g. to eos "
                        + config.eosTokenId());
            }
            return m.create(new long[] {length - 1});
        }
        return scoped(() -> {
            NDArray notPad = ids.neq(pad.longValue()).toType(DataType.INT64, false);
            return m.arange(0, (int) length, 1, DataType.INT64).mul(notPad).argMax(1);
        });
    }

    // ---- Bookkeeping: accessors, LoRA, DJL's Block ----

    /** The LoRA settings, or null for a plain model (every weight trainable). */
    public LoraConfig lora() {
        return lora;
    }

    /** The architecture this model was built from. */
    public Gpt2Config config() {
        return config;
    }

    /** Which head sits on top. */
    public Head head() {
        return head;
    }

    /** The names and shapes of all parameters, in order, as {@code transformers} names them (no prefix). */
    public Map<String, Shape> parameterShapes() {
        return byName(Parameter::getShape);
    }

    /** {@code value} of every parameter, in order, under its Hugging Face name. */
    <V> Map<String, V> byName(Function<Parameter, V> value) {
        Map<String, V> map = new LinkedHashMap<>();
        for (Parameter p : getDirectParameters().values()) {
            map.put(p.getName(), value.apply(p));
        }
        return map;
    }

    /**
     * Marks a model whose parameters were all given as arrays as ready, as {@link #initialize} would (drawing the
     * missing ones), and makes sure frozen weights record no gradient even if their arrays did before.
     */
    void markInitialized(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 1));
        for (Parameter p : getDirectParameters().values()) {
            if (!p.requiresGradient()) {
                p.freeze(true);
            }
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        return head == Head.LANGUAGE_MODEL
                ? new Shape[] {new Shape(batch, inputShapes[0].get(1), config.vocabSize())}
                : new Shape[] {new Shape(batch, config.numLabels())};
    }
}
