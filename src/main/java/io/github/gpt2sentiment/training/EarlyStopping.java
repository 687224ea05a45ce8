package io.github.gpt2sentiment.training;

import java.util.List;
import java.util.Locale;

/**
 * Early stopping: training ends once {@code patience} evaluations in a row have not lowered the validation loss,
 * and the weights of the best evaluation are the ones kept. The trainer applies this rule as it runs; {@link #replay}
 * applies it to a finished run's evaluations, to show where a given patience would have stopped that very run (the
 * run up to that point would have been identical: same seed, same batches).
 *
 * <p>Usage: {@code System.out.println(EarlyStopping.replay(result.history().evaluations(), 3).summary());}
 */
public final class EarlyStopping {

    private EarlyStopping() {}

    /** Whether a run with this patience stops after {@code staleEvaluations} evaluations without progress. */
    public static boolean exhausted(int staleEvaluations, int patience) {
        return patience > 0 && staleEvaluations >= patience;
    }

    /**
     * Where a run with this patience would have stopped.
     *
     * @param patience evaluations without a lower validation loss before stopping (0: never)
     * @param stoppedAfter the evaluation after which it stops, or {@code null} when it would run to the end
     * @param stoppedAt that evaluation's number, counting from 1 (0 when it would run to the end)
     * @param kept the evaluation whose weights it keeps (the lowest validation loss until it stops)
     * @param evaluations how many evaluations the finished run had
     */
    public record Replay(int patience, EvalLog stoppedAfter, int stoppedAt, EvalLog kept, int evaluations) {

        /** One sentence saying what the rule would have done. */
        public String summary() {
            if (stoppedAfter == null) {
                return String.format(Locale.ROOT, "With patience %d this run would not have stopped early: the "
                        + "validation loss never went %d evaluations without a new low; the weights of step %d "
                        + "(validation loss %.4f) are kept.", patience, patience, kept.step(), kept.valLoss());
            }
            return String.format(Locale.ROOT, "With patience %d this run would have stopped after step %d (evaluation"
                    + " %d of %d), %d evaluation%s after its lowest validation loss %.4f at step %d, and kept those "
                    + "weights.", patience, stoppedAfter.step(), stoppedAt, evaluations, patience,
                    patience == 1 ? "" : "s", kept.valLoss(), kept.step());
        }
    }

    /**
     * Applies the rule to a run's evaluations in order.
     *
     * @throws IllegalArgumentException for no evaluations or a patience below 0
     */
    public static Replay replay(List<EvalLog> evaluations, int patience) {
        if (evaluations.isEmpty()) {
            throw new IllegalArgumentException("no evaluations to replay early stopping on");
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be 0 (off) or more, got " + patience);
        }
        double best = Double.POSITIVE_INFINITY;
        EvalLog kept = null;
        int stale = 0;
        for (int i = 0; i < evaluations.size(); i++) {
            EvalLog e = evaluations.get(i);
            if (e.valLoss() < best) {
                best = e.valLoss();
                kept = e;
                stale = 0;
            } else {
                stale++;
                if (exhausted(stale, patience)) {
                    return new Replay(patience, e, i + 1, kept, evaluations.size());
                }
            }
        }
        return new Replay(patience, null, 0, kept, evaluations.size());
    }
}
